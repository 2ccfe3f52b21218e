import type { CompiledQuestion } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import { alternation } from '../util/regexp.js';

/** The words of the choices every question shows: typed or tapped, they read the same. */
export const YES = '是';
export const NO = '否';
export const ALL = '全部都要';
export const NONE = '都不需要';
/** offered under every question: the cautious reading is taken and the interview goes on */
export const UNSURE = '不清楚';

/** The choices a question offers, as the texts the user can tap or type, numbered 1, 2, 3… as shown. */
export function choicesOf(q: CompiledQuestion): string[] {
  if (q.type === 'yesno') return q.labels ? [q.labels.yes, q.labels.no] : [YES, NO];
  if (q.type === 'single') return q.options!.map((o) => o.label);
  if (q.type === 'multi') return [...q.options!.map((o) => o.label), ALL, NONE];
  return [];
}

/**
 * What a tap or a typed index means for the current question. Exact matches only: the understanding
 * (src/nlu) handles free wording; this makes taps and numbers work even when it is unsure.
 */
export function exactAnswer(q: CompiledQuestion, raw: string): AnswerValue | undefined {
  const text = raw.trim().replace(/[。！!？?]$/, '');
  if (q.type === 'yesno') {
    // numbered as shown: 1 是, 2 否; the question's own yes/no words ("代办", "本人") answer it too,
    // before they can be read as a question about the bundle (代办 → the agent FAQ)
    // an either-or (labels) is answered by its choices; 是/否 only where the question is a yes/no one
    const [yes, no] = choicesOf(q);
    if (text === yes || text === '1' || q.yesWords.includes(text)) return true;
    if (text === no || text === '2' || q.noWords.includes(text)) return false;
    return undefined;
  }
  if (q.type === 'single' || q.type === 'multi') {
    const opts = q.options!;
    const byText = (t: string) => opts.find((o) => o.label === t || o.id === t || o.synonyms.includes(t));
    if (q.type === 'multi') {
      if (text === ALL) return opts.map((o) => o.id);
      if (text === NONE) return [];
      const parts = text.split(/[\s,，、和及]+/).filter(Boolean);
      const picked = parts.map((p) => (/^\d+$/.test(p) ? opts[Number(p) - 1] : byText(p)));
      if (parts.length > 0 && picked.every(Boolean)) return [...new Set(picked.map((o) => o!.id))];
      return undefined;
    }
    if (/^\d+$/.test(text)) return opts[Number(text) - 1]?.id;
    return byText(text)?.id;
  }
  if (q.type === 'number' || q.type === 'money' || q.type === 'area') {
    const m = numberWithUnit(q).exec(text.replace(/[,，]/g, ''));
    if (!m) return undefined;
    let n = Number(m[1]) * (m[2] ? 10000 : 1);
    // "230" for a house price means 230万: when the knowledge sets a minimum that only the 万 reading meets
    if (q.type === 'money' && !m[2] && !m[3] && q.min !== undefined && n < q.min && n * 10000 >= q.min) n *= 10000;
    return Number.isFinite(n) ? n : undefined;
  }
  if (q.type === 'date') {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
    return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
  }
  return text.length > 0 ? text : undefined;
}

/**
 * Units a number may carry, by the kind of question: "30天" typed at an area question is not 30 ㎡.
 * Counting words (2个, 3人, 30天) and the question's own unit (kW) go with plain numbers.
 */
const UNITS: Record<'money' | 'area' | 'number', string[]> = {
  money: ['元', '块', '块钱'],
  area: ['平方米', '平米', '平方', '平', '㎡', 'm²', 'm2'],
  number: ['年', '个', '人', '位', '名', '天', '棵', '株', '套', '次', '户', '间'],
};

type UnitKind = keyof typeof UNITS;
const kindOf = (q: CompiledQuestion): UnitKind => (q.type === 'money' || q.type === 'area' ? q.type : 'number');

/** built once per question: the knowledge's questions live as long as the process */
const numberRes = new WeakMap<CompiledQuestion, RegExp>();
function numberWithUnit(q: CompiledQuestion): RegExp {
  let re = numberRes.get(q);
  if (!re) {
    const units = alternation([...(q.unit ? [q.unit] : []), ...UNITS[kindOf(q)]]);
    numberRes.set(q, (re = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*(万)?\\s*(${units})?$`, 'i')));
  }
  return re;
}

/** Numbers outside the question's range are refused with a message instead of being stored. */
export function outOfRange(q: CompiledQuestion, a: AnswerValue): string | null {
  if (typeof a !== 'number') return null;
  if (q.min !== undefined && a < q.min) return `这个数字偏小了（不应小于${q.min}${q.unit ?? ''}），请再确认一下。`;
  if (q.max !== undefined && a > q.max) return `这个数字偏大了（不应大于${q.max}${q.unit ?? ''}），请再确认一下。`;
  if (a < 0) return '数字不能是负数，请再确认一下。';
  return null;
}

const NEGATION = /[不没无非未]/;
/** the least share of a reply's two-character words that must come from one option for a near reading */
const NEAR_SHARE = 1 / 3;
const bigrams = (t: string): Set<string> => {
  const han = t.replace(/[^\u4e00-\u9fa5]/g, ' ');
  const out = new Set<string>();
  for (const part of han.split(' ')) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return out;
};

/**
 * A reply that borrows words from the options ("配偶到场" for 「一起到场签字」) when neither a tap nor the
 * understanding matched: the option sharing the most two-character words, negation deciding a tie
 * ("不能到场" goes to the option that says 不能). `ambiguous` when it cannot decide; undefined when the
 * words do not touch the options at all, so the text may be a question about the bundle instead.
 */
export function nearOption(q: CompiledQuestion, raw: string): { id: string; label: string } | 'ambiguous' | undefined {
  if (q.type !== 'single' || !q.options) return undefined;
  const words = bigrams(raw);
  if (words.size === 0) return undefined;
  const negated = NEGATION.test(raw);
  const scored = q.options.map((o) => {
    const own = bigrams([o.label, ...o.synonyms].join(' '));
    const shared = [...words].filter((w) => own.has(w)).length;
    // a tie is settled by whether both say no
    return { o, score: shared === 0 ? 0 : shared + (NEGATION.test(o.label) === negated ? 0.5 : 0) };
  });
  const best = Math.max(...scored.map((x) => x.score));
  if (best === 0) return undefined;
  // one borrowed word in a long message is chance (「买家是个人」 shares 个人 with 「两个人都去」): the option's
  // words must make up a fair share of what was said
  if (Math.floor(best) / words.size < NEAR_SHARE) return undefined;
  const top = scored.filter((x) => x.score === best);
  return top.length === 1 ? { id: top[0]!.o.id, label: top[0]!.o.label } : 'ambiguous';
}

/** Yes/no words alone can only answer the question on screen, never one further on. */
export const BARE_YES_NO = /^(是|是的|对|对的|嗯|嗯嗯|有|有的|没有|没|没得|不是|不用|不需要|不要|不|否|无|好|好的|要)$/;

/**
 * A figure whose unit belongs to another kind of question ("30天" at an area question, "90平" at a
 * price) is not this question's answer, whatever the understanding made of it.
 */
export function wrongUnit(q: CompiledQuestion, raw: string): boolean {
  if (q.type !== 'area' && q.type !== 'money') return false;
  const { own, others } = UNIT_RES[q.type];
  return !own.test(raw) && others.test(raw);
}

/** per kind of question: its own units, and a figure followed by another kind's unit */
const UNIT_RES = Object.fromEntries(
  (Object.keys(UNITS) as UnitKind[]).map((kind) => [
    kind,
    {
      own: new RegExp(alternation(UNITS[kind])),
      others: new RegExp(`\\d\\s*(${alternation((Object.keys(UNITS) as UnitKind[]).filter((k) => k !== kind).flatMap((k) => UNITS[k]))})`),
    },
  ]),
) as Record<UnitKind, { own: RegExp; others: RegExp }>;

/** 「不清楚」 and its kin: the user cannot answer the question on screen */
const UNSURE_WORDS =
  /(不清楚|不知道|不晓得|不确定|不太清楚|不太确定|说不清|说不准|搞不清|记不清|不记得|记不得|忘了|忘记了|拿不准|没印象|不了解|不懂|跳过|不好说|不知|莫知道|不造)/;
const UNSURE_FILLER = /[我也都这个那个呀啊哎唉哦噢呃嗯吧呢的了，,。.!！~～\s]|问问|具体|真的|还真/g;

/** True when the message says only that the user does not know (not 「不知道要不要带原件」, a question). */
export function isUnsure(raw: string): boolean {
  const t = raw.trim();
  if (t === UNSURE) return true;
  const m = UNSURE_WORDS.exec(t);
  if (!m || t.length > 20) return false;
  const rest = t.replace(UNSURE_WORDS, '').replace(UNSURE_FILLER, '');
  return rest.length <= 3 && !/[吗么？?]|要不要|是不是|能不能|哪|怎/.test(rest);
}

/** A yes or a no to a confirmation the bot asked for; undefined for anything else (which cancels nothing silently). */
export function confirmation(raw: string): boolean | undefined {
  const t = raw.trim().replace(/[。！!，,~～]+$/, '');
  if (/^(是|是的|对|对的|确定|确认|好|好的|嗯|嗯嗯|行|可以|没问题|要|ok|OK|1|确定重新开始|重新开始|清空|切换|改办.*|办.*)$/.test(t)) return true;
  if (/^(不|否|不是|不要|不用|不用了|算了|取消|别|别清|不了|先不|2|继续.*|保留.*|不用清空)$/.test(t)) return false;
  return undefined;
}
