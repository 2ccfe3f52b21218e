import type { AnswerValue } from '../knowledge/expr/index.js';
import type { Question } from '../knowledge/schema/index.js';
import { findEntities, yesNo, type Found } from './entities.js';
import { negatedAt, normalize } from './text.js';
import { escapeRegExp } from '../util/regexp.js';
import type { NumberCue } from './vocab.js';

/** A phrase of a question found in the text, with the answer it stands for. */
export interface Hit {
  start: number;
  end: number;
  value: string | boolean;
  negated: boolean;
}

type Phrase = { phrase: string; value: string | boolean };
/** What a question is read by, worked out once per question (questions are immutable knowledge). */
interface QuestionIndex {
  phrases: Phrase[];
  /** its one-character phrases (水, 电) */
  singles: Set<string>;
  /** whether its options are ranges of numbers, and of years */
  ranged: boolean;
  yearish: boolean;
}
let questionCache = new WeakMap<Question, QuestionIndex>();

function indexOf(q: Question): QuestionIndex {
  let ix = questionCache.get(q);
  if (!ix) {
    const phrases = readPhrases(q);
    const singles = new Set(phrases.filter((p) => p.phrase.length === 1).map((p) => p.phrase));
    const ranged = (q.options ?? []).some((o) => o.range);
    const yearish = (q.options ?? []).some((o) => o.range && o.range[0] >= 1900);
    questionCache.set(q, (ix = { phrases, singles, ranged, yearish }));
  }
  return ix;
}

/** The phrases that answer a question: yes/no words, option labels (and their parts) and synonyms. */
export function phrasesOf(q: Question): Phrase[] {
  return indexOf(q).phrases;
}

/** kinship words by relation (knowledge/nlu/vocab.yaml), set once by createNlu before any question is read */
let kinWords: Map<string, string[]> | null = null;
export function useKin(kin: Map<string, string[]>): void {
  if (kinWords === kin) return;
  kinWords = kin;
  questionCache = new WeakMap();
}
const POSSESSIVE = ['我', '俺', '我的', '我家'];

/**
 * 给孩子 is also 给闺女, 给我儿子; 有孩子的名字 is also 有我闺女的名字: a phrase naming a relative by one word of
 * its relation is said with the others, and with a possessive before it. A bare kin word is not widened
 * (老人 alone is no answer of 父母).
 */
function withKin(phrases: Phrase[]): Phrase[] {
  if (!kinWords) return phrases;
  const out = [...phrases];
  const seen = new Set(phrases.map((p) => `${p.phrase}\u0000${String(p.value)}`));
  for (const p of phrases) {
    for (const words of kinWords.values()) {
      const w = words.find((x) => x.length >= 2 && p.phrase.includes(x) && p.phrase !== x);
      if (!w) continue;
      const at = p.phrase.indexOf(w);
      const head = p.phrase.slice(0, at);
      const tail = p.phrase.slice(at + w.length);
      const owned = at > 0 && !/[我他她俺你]$/.test(head);
      for (const v of words) {
        for (const own of owned ? ['', ...POSSESSIVE] : ['']) {
          const phrase = `${head}${own}${v}${tail}`;
          const key = `${phrase}\u0000${String(p.value)}`;
          if (phrase.length >= 3 && !seen.has(key)) {
            seen.add(key);
            out.push({ phrase, value: p.value });
          }
        }
      }
      break;
    }
  }
  return out;
}

function readPhrases(q: Question): Phrase[] {
  return withKin(ownPhrases(q));
}

function ownPhrases(q: Question): Phrase[] {
  const out: Phrase[] = [];
  for (const w of q.yesWords) out.push({ phrase: normalize(w), value: true });
  for (const w of q.noWords) out.push({ phrase: normalize(w), value: false });
  // an either-or's two choices name themselves in a sentence too (「就本人来办吧」)
  if (q.labels) out.push({ phrase: normalize(q.labels.yes), value: true }, { phrase: normalize(q.labels.no), value: false });
  for (const o of q.options ?? []) {
    const label = normalize(o.label);
    const parts = [label, label.replace(/[（(].*?[)）]/g, '').trim(), ...(/[（(](.*?)[)）]/.exec(label)?.[1]?.split(/[,、，]/) ?? [])];
    // 用水（自来水）, 用电: in a list people say the one character (水电气暖都要)
    const single = /^用([\u4e00-\u9fff])(?:[（(]|$)/.exec(label)?.[1];
    if (single) parts.push(single);
    for (const p of [...parts, ...o.synonyms.map(normalize)]) {
      const t = p.trim();
      if (t && !/^(等|其他|以上)$/.test(t)) out.push({ phrase: t, value: o.id });
    }
  }
  return out;
}

/**
 * Where the question's phrases occur, the longest first and each span once. A one-character phrase
 * (水, 电) counts only as a word of its own, never inside another (电话, 水平).
 */
export function hitsOf(q: Question, text: string, words?: Set<string>): Hit[] {
  const cands: Hit[] = [];
  const { phrases, singles } = indexOf(q);
  for (const { phrase, value } of phrases) {
    for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
      if (phrase.length === 1 && text.length > 1 && !(words?.has(phrase) ?? false) && !isolated(text, phrase) && !inRun(text, i, singles, phrases)) continue;
      // 除了宽带都要: the option set apart is not chosen
      const negated =
        (negatedAt(text, i) && !/^(不|没|未|无|非)/.test(phrase)) ||
        NEGATED_AFTER.test(text.slice(i + phrase.length)) ||
        /(除了|除去|除开)$/.test(text.slice(Math.max(0, i - 2), i));
      cands.push({ start: i, end: i + phrase.length, value, negated });
    }
  }
  cands.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const c of cands) if (!kept.some((k) => c.start < k.end && c.end > k.start)) kept.push(c);
  return kept.sort((a, b) => a.start - b.start);
}

/** "宽带不用", "燃气就不要了": a refusal right after the phrase */
const NEGATED_AFTER = /^(就|也|都|先|暂时|暂)?(不用|不要|不需要|不办|不过户|不签|不装|不开|不弄|不占|不动|没有|没)/;

/** 水电气: one-character options written together, each counts */
function inRun(text: string, i: number, singles: Set<string>, phrases: Phrase[] = []): boolean {
  let a = i;
  let b = i + 1;
  while (a > 0 && singles.has(text[a - 1]!)) a--;
  while (b < text.length && singles.has(text[b]!)) b++;
  // 水电气网联合报装 where 网 is no option of the question: the list goes on with a member not read, so the
  // run is not taken as the whole answer (水电气都要, 水电要过户 end the list with a word that is no member;
  // 水电燃气 goes on with a member the question knows)
  const rest = text.slice(b);
  return b - a >= 2 && !(b < text.length && /[\u4e00-\u9fff]/.test(text[b]!) && !RUN_ENDS.test(rest) && !phrases.some((p) => rest.startsWith(p.phrase)));
}
/** words that close a run of one-character options (都, 要, 过户, 报装, 的…) rather than continue the list */
const RUN_ENDS = /^(都|也|全|和|跟|要|想|需|得|的|了|啊|过|报|开|办|装|接|通|不|没|就|还|等|这|一|两|俩|三|四|五|表|费|户)/;

const isolatedRe = new Map<string, RegExp>();
function isolated(text: string, ch: string): boolean {
  let re = isolatedRe.get(ch);
  if (!re) {
    const c = escapeRegExp(ch);
    isolatedRe.set(ch, (re = new RegExp(`(^|[^\\u4e00-\\u9fff])${c}([^\\u4e00-\\u9fff]|$)|(^|[,，、和跟])${c}(都|也|和|跟|,|，|、|$)`)));
  }
  return re.test(text);
}

export function inRange(q: Question, v: number): string | undefined {
  return q.options?.find((o) => o.range && v >= o.range[0] && (o.range[1] === null || v < o.range[1]))?.id;
}

/** The number entity a question can take: area for ㎡, money for 元, years for year buckets, a count for the rest. */
export function numberFor(q: Question, ents: Found[], strict: boolean): Found | undefined {
  switch (q.type) {
    case 'area':
      return firstOf(ents, 'area') ?? (strict ? undefined : firstOf(ents, 'number'));
    case 'money':
      return firstOf(ents, 'money') ?? (strict ? undefined : firstOf(ents, 'number'));
    case 'number': {
      const unit = q.unit;
      const sameUnit = ents.find(
        (e) =>
          e.type === 'number' &&
          e.unit !== undefined &&
          (e.unit === unit || (unit === 'kW' && e.unit === '千瓦') || (unit === '人' && ['个', '位', '名'].includes(e.unit))),
      );
      if (sameUnit || strict) return sameUnit;
      return firstOf(ents, 'number') ?? firstOf(ents, 'area') ?? firstOf(ents, 'years');
    }
    case 'single':
      if (!indexOf(q).ranged) return undefined;
      if (indexOf(q).yearish) {
        const date = firstOf(ents, 'date');
        return firstOf(ents, 'year') ?? (date && { ...date, value: Number(String(date.value).slice(0, 4)) });
      }
      return firstOf(ents, 'years') ?? heldSince(ents, strict) ?? (strict ? undefined : firstOf(ents, 'number'));
    default:
      return undefined;
  }
}

/**
 * 一八年买的, 前年过户的: how long held, counted from the year of getting it. Only a year said with how
 * it was got counts (九八年结的婚 says nothing of the house); the month is unknown, so the figure is
 * a year either way (range), and a boundary inside it makes the reading unsure.
 */
function heldSince(ents: Found[], strict: boolean, today = new Date()): Found | undefined {
  // at the question on screen (六年前, 2019年) the year is the answer; elsewhere only one said with how it was got
  const y = ents.find((e) => e.type === 'year' && (!strict || /(买|购|拿|取得|过户|继承|分的|分房)/.test(e.context ?? '')));
  if (!y) return undefined;
  // got some day in year Y: held from (today − end of Y) to (today − start of Y). In December 前年 is
  // 1.9 to 2.9 years (either side of 2), 去年 0.9 to 1.9 (under 2 for sure).
  const start = Date.UTC(y.value as number, 0, 1);
  const end = Date.UTC((y.value as number) + 1, 0, 1);
  const yr = 365.25 * 864e5;
  const lo = (today.getTime() - end) / yr;
  const hi = (today.getTime() - start) / yr;
  return hi < 0 ? undefined : { ...y, type: 'years', value: (Math.max(0, lo) + hi) / 2, range: [Math.max(0, lo), hi] };
}

function firstOf(ents: Found[], type: string): Found | undefined {
  for (const e of ents) if (e.type === type) return e;
  return undefined;
}

/** Reads an answer from the hits of one question; undefined when they disagree or say nothing. */
function fromHits(q: Question, hits: Hit[]): AnswerValue | undefined {
  if (q.type === 'yesno') {
    const votes = new Set(hits.map((h) => (h.negated ? !h.value : h.value)));
    return votes.size === 1 ? [...votes][0] : undefined;
  }
  const ids = [...new Set(hits.filter((h) => !h.negated).map((h) => h.value as string))];
  if (q.type === 'multi') return ids.length > 0 ? ids : undefined;
  if (q.type === 'single' && ids.length >= 1) {
    if (ids.length === 1) return ids[0];
    // 「挖路…占道」: an option that says it includes the other (挖掘路面（含占用）) is what both words mean
    const whole = ids.filter((a) => ids.every((b) => a === b || subsumes(q, a, b)));
    if (whole.length === 1) return whole[0];
    // "不是商品房，是房改房": the option left standing after negations
    return ids[ids.length - 1];
  }
  return undefined;
}

/** whether option a's label says it includes what option b's label names (「挖掘路面（含占用）」 ⊇ 「只占用…」) */
export function subsumes(q: Question, a: string, b: string): boolean {
  const label = (id: string) => q.options?.find((o) => o.id === id)?.label ?? '';
  const inner = /[（(]含([^)）]+)[)）]/.exec(label(a))?.[1];
  return inner?.split(/[、,，和及]/).some((w) => w.length >= 2 && label(b).includes(w)) ?? false;
}

const NONE_OF_THEM = /(都不(用|要|需要|办|涉及)|^不涉及|一个都不|全都不|都没有|不需要|不用了|不要了|没有了|都不是|不用$|^不要$|^没有$|^无$)/;
const ALL_OF_THEM = /^(全部|全都|都)?(都)?(要|办|需要|选|装|转|弄)?(了|吧|的)?$/;
/** 除了宽带都要, 家庭医生不用签 其他都要: every option but the ones set apart */
const ALL_BUT =
  /(除了|除去|除开)(.+?)(以外|之外)?[,，\s]*(其他|别的|其余|剩下的)?(都|全)|^(.+?)(不用|不要|不需要|不办)[^,，\s]*[,，\s]+(其他|别的|其余|剩下的)(的)?(都|全)/;

/** The answer a reply gives to the question it was asked after, read by question type; pure. */
export function answerQuestion(q: Question, raw: string, words?: Set<string>): AnswerValue | undefined {
  const text = normalize(raw);
  if (!text) return undefined;
  const hits = hitsOf(q, text, words);
  const ents = findEntities(text);
  switch (q.type) {
    case 'yesno': {
      const v = fromHits(q, hits);
      // 「是」 to 「本人来办，还是委托别人？」 says neither: an either-or is answered by its own words only
      if (v !== undefined || q.labels) return v ?? loose(q, text);
      const l = loose(q, text);
      if (l !== undefined) return l;
      return yesNo(text) ?? (text.length <= 20 ? (yesNo(text.split(/[,，.。;；]/)[0]!) ?? leadYesNo(text)) : undefined);
    }
    case 'single': {
      const v = fromHits(q, hits);
      if (v !== undefined) return v;
      const n = numberFor(q, ents, false);
      if (n) return inRange(q, n.value as number);
      // 结了 at a marital-status question: the status read from the reply, when an option has that id
      const m = ents.find((e) => e.type === 'marital');
      if (m && q.options?.some((o) => o.id === m.value)) return m.value as string;
      return shortPart(q, text) ?? (loose(q, text) as string | undefined);
    }
    case 'multi': {
      const but = ALL_BUT.exec(text);
      if (but) {
        const apart = new Set(hitsOf(q, but[2] ?? but[6]!, words).map((h) => h.value));
        if (apart.size > 0) return (q.options ?? []).map((o) => o.id).filter((id) => !apart.has(id));
      }
      const v = fromHits(q, hits);
      if (v !== undefined) return v;
      if (text.length <= 6 && ALL_OF_THEM.test(text.replace(/[\s,，.!]/g, '')) && /全|都/.test(text)) return (q.options ?? []).map((o) => o.id);
      // 燃气不用 refuses gas, not all of them: only a refusal naming every option, or none, is 「都不要」
      if (hits.length > 0 && new Set(hits.map((h) => h.value)).size < (q.options ?? []).length) return undefined;
      return NONE_OF_THEM.test(text) || yesNo(text) === false ? [] : undefined;
    }
    case 'number':
    case 'money':
    case 'area': {
      const n = numberFor(q, ents, false);
      return n ? (n.value as number) : undefined;
    }
    case 'date': {
      const d = ents.find((e) => e.type === 'date');
      return d ? (d.value as string) : undefined;
    }
    case 'text':
      return raw.trim() || undefined;
  }
}

/**
 * 领了, 要贷, 是抢修, 有个基本户, 没开公积金: at a yes/no question a short reply that starts by having,
 * wanting or being (or by not) answers it, whatever it goes on to name. Unsureness words are no answer.
 */
function leadYesNo(text: string): boolean | undefined {
  if (text.length > 12 || /(不知道|不清楚|不确定|不一定|不好说|还没定|看情况|吗|么|\?)/.test(text)) return undefined;
  if (/^(还|也|都|暂时|先|就)?(没|不|未|无)/.test(text)) return false;
  if (/(没|不|未)/.test(text)) return undefined;
  return /^(已经|都|也|还)?(有|要|是|能|会|领了|交了|办了|结了)/.test(text) ? true : undefined;
}

/**
 * 还欠供应商的钱 for 「欠供应商钱」, 执照副本丢了 for 「执照丢了」: at the question on screen, a phrase of three
 * characters or more said with a few words inside it (three at most, none a negation), when all such
 * phrases found point to one answer and the first is not itself negated.
 */
function loose(q: Question, text: string): AnswerValue | undefined {
  if (text.length > 24) return undefined;
  const values = new Set<string | boolean>();
  for (const { phrase, value } of phrasesOf(q)) {
    if (phrase.length < 3 || text.includes(phrase)) continue;
    let at = text.indexOf(phrase[0]!);
    if (at < 0 || negatedAt(text, at)) continue;
    let gaps = 0;
    let ok = true;
    for (let i = 1; i < phrase.length && ok; i++) {
      const next = text.indexOf(phrase[i]!, at + 1);
      if (next < 0) ok = false;
      else {
        const gap = text.slice(at + 1, next);
        gaps += gap.length;
        if (gaps > 3 || /[不没未无非别]/.test(gap)) ok = false;
        at = next;
      }
    }
    if (ok) values.add(value);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

/** 爸爸 at 随谁落户: a short reply that is part of exactly one option's phrases (随爸爸, 跟爸爸) */
function shortPart(q: Question, raw: string): string | undefined {
  // 本地的, 是外省的, 就是外地的: the particles around a short reply say nothing of which option
  const text = raw.replace(/^(就是|是|就|在)/, '').replace(/(的|了|啊|呀|吧|哦)+$/, '');
  if (text.length < 2 || text.length > 4 || !/^[\u4e00-\u9fff]+$/.test(text)) return undefined;
  // 领过发票 inside 没领过发票 is the opposite of that phrase, not a part of it
  const within = (p: string) => p.includes(text) && !/[不没未无非]$/.test(p.slice(0, p.indexOf(text)));
  const ids = new Set(
    phrasesOf(q)
      .filter((p) => typeof p.value === 'string' && within(p.phrase))
      .map((p) => p.value as string),
  );
  return ids.size === 1 ? [...ids][0] : undefined;
}

/**
 * What a dialog's questions are told apart by, worked out once per dialog: each question's distinctive
 * topic characters (卖/买, 原: characters in most topics of the dialog, like 房, tell nothing) and the
 * parties the questions are about (卖方, 买方), in the order the dialog first asks about them.
 */
interface DialogIndex {
  distinct: string[][];
  party: (string | undefined)[];
  roles: string[];
}
const dialogCache = new WeakMap<Question[], DialogIndex>();

function dialogIndex(questions: Question[]): DialogIndex {
  let ix = dialogCache.get(questions);
  if (ix) return ix;
  const n = new Map<string, number>();
  for (const q of questions) for (const c of new Set(q.topic)) n.set(c, (n.get(c) ?? 0) + 1);
  const common = new Set([...n].filter(([, v]) => v > 2).map(([c]) => c));
  const party = questions.map((q) => /^(.)方/.exec(q.topic)?.[1]);
  const roles: string[] = [];
  for (const r of party) if (r && !roles.includes(r)) roles.push(r);
  ix = { distinct: questions.map((q) => [...new Set(q.topic)].filter((c) => !common.has(c))), party, roles };
  dialogCache.set(questions, ix);
  return ix;
}

/** How many of a question's distinctive topic characters the text also has: which of two look-alike questions it is about. */
function affinity(distinct: string[], text: string): number {
  let n = 0;
  for (const c of distinct) if (text.includes(c)) n++;
  return n;
}

/**
 * A fact about one party goes to that party's question. A party named outright (卖方, 买家) decides;
 * else, at a question about one party, the reply is about that party ("全款买的" at the seller's
 * mortgage question is how the seller once bought, not the buyer's loan); else "房子有贷款" said by
 * someone who names no party is about the first party the dialog asks of (the seller).
 */
function roleFits(r: string | undefined, roles: string[], text: string, asked: string | undefined, subject?: string | null): boolean {
  if (!r || roles.length < 2) return true;
  // the clause's subject, resolved by the caller (买家自己来, 我是卖方…没贷款): decides alone
  if (subject) return r === subject;
  const named = (o: string) => text.includes(`${o}方`) || text.includes(`${o}家`);
  if (named(r)) return true;
  if (roles.some((o) => o !== r && named(o))) return false;
  if (asked) return r === asked;
  if (text.includes(r)) return true;
  return r === roles[0] && !roles.some((o) => o !== r && text.includes(o));
}

/** What backs one extracted answer: the phrases found (with their span) or the number read. */
export interface Reading {
  q: Question;
  value: AnswerValue;
  hits: Hit[];
  num?: Found;
  /** a reading that is a guess by construction (a year that leaves two options open) */
  cap?: number;
  /** read from a condition (a place, a year) rather than from an option's words */
  settled?: boolean;
}

/** 不知道, 不清楚: like a bare yes or no, it answers only the question it was asked after */
const UNSURE_REPLY = /^(不知道|不清楚|不确定|不太清楚|说不清)$/;

/** extractAnswers with what each answer rests on; `subject` is the party letter (卖/买) the clause is about, when known. */
export function extractDetailed(
  questions: Question[],
  text: string,
  words: Set<string>,
  ents: Found[],
  current?: Question | null,
  subject?: string | null,
  numberCues: NumberCue[] = [],
): Map<string, Reading> {
  // 当初买花了六十万: a sum said with the time it was paid belongs to the question that asks for that sum
  const cue = numberCues.find((c) => c.words.test(text));
  const cued = (q: Question) => cue?.means.test(`${q.topic}${q.text}`) === true;
  type Claim = { q: Question; order: number; start: number; end: number; hit?: Hit; num?: Found; aff: number };
  const claims: Claim[] = [];
  const { distinct, party, roles } = dialogIndex(questions);
  const asked = current ? party[questions.indexOf(current)] : undefined;
  for (let order = 0; order < questions.length; order++) {
    const q = questions[order]!;
    if (q.type === 'text' || q.type === 'date') continue;
    if (!roleFits(party[order], roles, text, asked, subject)) continue;
    const aff = affinity(distinct[order]!, text);
    for (const h of hitsOf(q, text, words)) {
      // a bare 没有, 有的, 是 says nothing about which question: it answers only the one just asked, or
      // another when the rest of the text names that question's topic
      if (
        q !== current &&
        (yesNo(text.slice(h.start, h.end)) !== undefined || UNSURE_REPLY.test(text.slice(h.start, h.end))) &&
        affinity(distinct[order]!, text.slice(0, h.start) + text.slice(h.end)) === 0
      )
        continue;
      claims.push({ q, order, start: h.start, end: h.end, hit: h, aff });
    }
    const n = numberFor(q, ents, true);
    const elsewhere = n && cue && !cued(q) && (cue.only || questions.some((o) => o !== q && o.type === q.type && cued(o)));
    // a number goes to the question whose topic the text says most fully: 占道40平 is 占用面积, not 占用绿地面积
    if (n && !elsewhere) claims.push({ q, order, start: n.start, end: n.end, num: n, aff: 2 * aff - distinct[order]!.length + (cued(q) ? 100 : 0) });
  }
  claims.sort((a, b) => b.end - b.start - (a.end - a.start) || b.aff - a.aff || a.order - b.order);
  const taken: { start: number; end: number; q: string }[] = [];
  const byQ = new Map<string, { q: Question; hits: Hit[]; num?: Found }>();
  for (const c of claims) {
    if (taken.some((t) => t.q !== c.q.id && c.start < t.end && c.end > t.start)) continue;
    taken.push({ start: c.start, end: c.end, q: c.q.id });
    const slot = byQ.get(c.q.id) ?? { q: c.q, hits: [] };
    if (c.hit) slot.hits.push(c.hit);
    else if (!slot.num) slot.num = c.num;
    byQ.set(c.q.id, slot);
  }
  const out = new Map<string, Reading>();
  for (const { q, hits, num } of byQ.values()) {
    let v = fromHits(q, hits);
    if (v === undefined && q.type === 'multi' && hits.length > 0 && hits.every((h) => h.negated) && !ALL_BUT.test(text)) {
      // 不占绿化带 也不动树: every option refused is 「都不涉及」; one refused of several only makes it likely
      const refused = new Set(hits.map((h) => h.value));
      out.set(q.id, { q, value: [], hits, ...(refused.size < (q.options ?? []).length ? { cap: 0.6 } : {}) });
      continue;
    }
    if (v === undefined && num) v = q.type === 'single' ? inRange(q, num.value as number) : (num.value as number);
    if (v !== undefined) out.set(q.id, { q, value: v, hits, ...(v === fromHits(q, hits) ? {} : { num }) });
  }
  return out;
}

/** The party letters of a dialog (卖, 买) and of each question, for resolving who a clause is about. */
export function partiesOf(questions: Question[]): { roles: string[]; party: (string | undefined)[] } {
  const { roles, party } = dialogIndex(questions);
  return { roles, party };
}
