import type { Knowledge } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId, Faq } from '../knowledge/schema/index.js';
import { answerFaq, buildChecklist, compiledBundle, findQuestion, possibleCharges, situation, type Checklist } from '../engine/index.js';
import { asksHours, ownQuestionAsked, termAsked, type FaqTopic } from '../nlu/faq-topic.js';

export type { FaqTopic } from '../nlu/faq-topic.js';

const bigrams = (t: string): Set<string> => {
  const out = new Set<string>();
  const han = t.replace(/[^\u4e00-\u9fa5]/g, ' ');
  for (const part of han.split(' ')) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return out;
};
/** words every question shares, which tell nothing about which answer is meant */
const STOP = new Set(['什么', '怎么', '需要', '可以', '办理', '我们', '这个', '一下', '多少', '是不', '不是', '要不', '不要']);
/**
 * words of the kind of question (where, how much, how long, what is): they tell the topic, not the thing
 * asked about, so a match needs one word besides them (「户口注销在哪里办」 is not 「火化在哪里」)
 */
const WEAK = new Set([
  '在哪',
  '哪里',
  '哪儿',
  '去哪',
  '里办',
  '哪办',
  '少钱',
  '能领',
  '领多',
  '多久',
  '几天',
  '时候',
  '么时',
  '么办',
  '咋办',
  '要交',
  '交多',
  '是啥',
  '啥意',
  '意思',
  '么意',
  '是什',
  '么是',
  '能不',
  '不能',
  '要带',
  '带什',
  '么东',
  '东西',
  '办吗',
  '要办',
]);

/**
 * a word that names a thing: no particle, pronoun or question word in it (走不动 shares 不动 with 不动产, and
 * 丢了怎么办 shares 了怎 with 来不了怎么办: neither names anything)
 */
const FUNCTION_CHARS = /[了的吗么呢吧啊呀是不要能会我你他她们在有和就也都还得着过个这那怎咋啥什哪多少几谁吗可以]/;
const names = (w: string): boolean => !WEAK.has(w) && !FUNCTION_CHARS.test(w);

/** spoken forms read as the written ones the answers use (咋算 → 怎么算, 啥 → 什么) */
const spoken = (t: string): string => t.replace(/咋/g, '怎么').replace(/啥/g, '什么');

/**
 * The bundle's answer whose question shares the most words with the user's, if any shares two and one of
 * them names a thing, not just the kind of question. `topics` narrows where to look.
 */
export function matchFaq(
  k: Knowledge,
  bundle: BundleId,
  text: string,
  answers: Record<string, AnswerValue>,
  today: string,
  topics: readonly Faq['topic'][] = ['other', 'presence', 'agent', 'time', 'place', 'fee', 'online'],
  loose = false,
): Faq | undefined {
  const words = [...bigrams(spoken(text))].filter((w) => !STOP.has(w));
  const short = loose && text.replace(/[^\u4e00-\u9fa5]/g, '').length <= 8;
  let best: { f: Faq; n: number } | undefined;
  for (const topic of topics) {
    for (const f of answerFaq(k, bundle, topic, answers, { today })) {
      const own = bigrams(`${f.question}${f.answer.slice(0, 40)}`);
      const shared = words.filter((w) => own.has(w));
      const n = shared.length;
      // loose, the last try before the notes: a short question carries one thing and a question word
      // (拉去火化找谁), and the thing named in the answer's own question is enough
      const oneThing = n === 1 && short && f.question.includes(shared[0]!);
      if ((n >= 2 || oneThing) && shared.some(names) && (!best || n > best.n)) best = { f, n };
    }
  }
  return best?.f;
}

/**
 * The answer with the documents it rests on (「依据：财政部 税务总局公告2021年第29号…」), so a tax exemption or a
 * grant is never said on the assistant's word alone; the project's own working notes are not shown.
 */
function withBasis(f: Faq): string {
  const basis = f.source
    .split('；')
    .filter((p) => !/(\.md|\.yaml|issue|bundles\.md)/.test(p))
    .join('；');
  return basis ? `${f.answer}\n依据：${basis}` : f.answer;
}

/** How much of the term's words a text holds (0..1): 「继承公证」 is spoken of as 继承权公证书. */
function cover(term: string, text: string): number {
  if (text.includes(term)) return 1;
  const t = [...bigrams(term)];
  if (t.length === 0) return 0;
  const own = bigrams(text);
  return t.filter((w) => own.has(w)).length / t.length;
}

/**
 * 「带押过户是什么意思」「什么是出生医学证明」: what the bundle's own data says of the term, whatever the
 * case's answers (the user asks what the word means, not whether it applies to them): its answers to
 * questions about it, its notes, its questions' help, the items and materials that carry the name.
 * Time and fee paragraphs are never the answer to what a thing is.
 */
function explained(k: Knowledge, bundle: BundleId, term: string, answers: Record<string, AnswerValue>, today: string): string | undefined {
  const cb = compiledBundle(k, bundle);
  const faq = cb.faq.filter((f) => f.topic === 'other' && cover(term, f.question) >= 0.99);
  if (faq.length > 0 && answerFaq(k, bundle, 'other', answers, { today }).some((f) => f.id === faq[0]!.id)) return withBasis(faq[0]!);
  const found: { text: string; score: number }[] = [];
  const add = (text: string, about: string, weight = 0) => {
    const c = cover(term, about);
    if (c >= 0.6 && !found.some((f) => f.text === text)) found.push({ text, score: c + weight });
  };
  for (const n of cb.notes) add(n.text, n.text);
  for (const q of cb.questions) if (q.why) add(`${q.text.replace(/[？?]$/, '')}：${q.why}`, `${q.topic}${q.why}`, 0.05);
  for (const ci of cb.items) {
    if (ci.item.summary) add(`${ci.item.name}：${ci.item.summary}`, ci.item.name, 0.1);
    for (const need of ci.needs) {
      const m = k.materials.get(need.material);
      if (m && (m.note || need.why))
        add(`${m.name}：${[m.issuer ? `由${m.issuer}出具` : '', m.note ?? '', need.why ?? ''].filter(Boolean).join('；')}`, m.name, 0.1);
    }
  }
  found.sort((a, b) => b.score - a.score);
  return found.length > 0
    ? `关于「${term}」：\n${found
        .slice(0, 2)
        .map((f) => f.text)
        .join('\n')}`
    : undefined;
}

/**
 * 「档案咋转」: the bundle's notes that speak of the thing asked about (档案 → 「人事档案只能通过机要渠道转递」),
 * when no answer is written for the question itself. A note counts only by a word naming a thing.
 */
function fromNotes(k: Knowledge, bundle: BundleId, text: string): string | undefined {
  const words = [...bigrams(spoken(text))].filter((w) => !STOP.has(w) && names(w));
  const scored = compiledBundle(k, bundle)
    .notes.map((n) => ({ text: n.text, n: words.filter((w) => n.text.includes(w)).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  if (scored.length === 0) return undefined;
  const top = scored.filter((x) => x.n === scored[0]!.n).slice(0, 2);
  return ['清单上的提醒里有这些：', ...top.map((x) => x.text)].join('\n');
}

/** 「要挖路吗」: a thing the bundle asks the user, asked back; the answer is what it depends on. */
function dependsOn(k: Knowledge, bundle: BundleId, text: string): string | undefined {
  const q = ownQuestionAsked(text, compiledBundle(k, bundle).questions);
  if (!q) return undefined;
  return [
    `要不要看您自己的情况，这正是我要问您的一题（「${q.topic}」）：${q.text}`,
    ...(q.why ? [`为什么问：${q.why}`] : []),
    '按实际情况回答就行，拿不准可以说「不清楚」。',
  ].join('\n');
}

/** what a figure still waits for, by the questions' own names (「占用面积、天数」), not a sale's 成交价 */
function missingText(k: Knowledge, bundle: BundleId, l: Checklist['charges']['lines'][number]): string {
  const cb = compiledBundle(k, bundle);
  const names = [...new Set((l.missing ?? []).map((id) => findQuestion(cb, id)?.topic).filter((t): t is string => !!t))];
  return names.length > 0 ? `待定（还缺：${names.join('、')}）` : '待定（回答完问题后算出）';
}

/** the honest answer when the knowledge has none: where to ask, never a guess */
function noAnswer(k: Knowledge, bundle: BundleId, answers: Record<string, AnswerValue>, today: string): string {
  const c = buildChecklist(k, bundle, answers, { today });
  return `这个问题我这里没有确切的答复，怕说错耽误您。请咨询${c.window.name}${c.window.phone ? `（电话 ${c.window.phone}）` : ''}，或拨打 12345。`;
}

/** Answers a question about the bundle from the knowledge, for this user's situation so far. */
export function answerTopic(k: Knowledge, bundle: BundleId, topic: FaqTopic, answers: Record<string, AnswerValue>, today: string, text = ''): string {
  if (topic === 'asked') {
    const term = termAsked(text);
    const other = (f: Faq | undefined) => f && withBasis(f);
    if (term)
      return (
        explained(k, bundle, term, answers, today) ??
        other(matchFaq(k, bundle, text, answers, today, ['other'])) ??
        `「${term}」${noAnswer(k, bundle, answers, today)}`
      );
    const f = matchFaq(k, bundle, text, answers, today);
    const said = (x: Faq | undefined) => x && (x.topic === 'other' ? withBasis(x) : x.answer);
    return (
      said(f) ??
      dependsOn(k, bundle, text) ??
      said(matchFaq(k, bundle, text, answers, today, undefined, true)) ??
      fromNotes(k, bundle, text) ??
      noAnswer(k, bundle, answers, today)
    );
  }
  // a question about one named thing (火化在哪, 丧葬补助金能领多少) is answered by the bundle's answer about that
  // thing, before the general one of its kind (the window's address, 「这件事不收费」)
  const own = text ? matchFaq(k, bundle, text, answers, today, ['other']) : undefined;
  if (own) return withBasis(own);
  if (topic === 'copies') {
    const c = buildChecklist(k, bundle, answers, { today });
    const lines = c.bring.slice(0, 12).map((m) => `· ${m.name}：${m.formLabel}${m.form === 'copy' || m.form === 'original_and_copy' ? `${m.copies}份` : ''}`);
    return [
      '原件、复印件按材料不同（按目前的回答）：',
      ...lines,
      ...(c.bring.length > 12 ? [`……共${c.bring.length}项，完整的见清单。`] : []),
      '原件一般当场核对后退还。',
    ].join('\n');
  }
  const c = buildChecklist(k, bundle, answers, { today });
  const faqs = (t: Faq['topic']) => answerFaq(k, bundle, t, answers, { today }).map((f) => f.answer);
  // the answers that surely hold for this case, when there are any: a gift's tax answer without the sale's
  const sureOnes = (t: Faq['topic']) => answerFaq(k, bundle, t, answers, { today, sure: true }).map((f) => (t === 'fee' ? withBasis(f) : f.answer));
  const sureFirst = (t: Faq['topic']) => {
    const sure = sureOnes(t);
    return sure.length > 0 ? sure : faqs(t);
  };
  switch (topic) {
    case 'fees': {
      const maybe = c.complete ? [] : possibleCharges(situation(k, bundle, answers), today);
      // 契税 has a rule per house count and area: the user wants to hear "契税" once, not twelve times
      const names = [...new Set(maybe.map((m) => m.name.replace(/（[^）]*）$/, '')))];
      // each pending charge with the questions it waits for (契税：还要知道买方类型、买方家庭住房套数)
      // (near the end, when it helps; at the start every tax waits for half the interview, and one line says so)
      const cb = compiledBundle(k, bundle);
      const topicsOf = (n: string) => {
        const ids = [...new Set(maybe.filter((m) => m.name.replace(/（[^）]*）$/, '') === n).flatMap((m) => m.needs))];
        return [
          ...new Set(
            ids
              .filter((id) => answers[id] === undefined)
              .map((id) => findQuestion(cb, id)?.topic)
              .filter((t): t is string => t !== undefined),
          ),
        ];
      };
      const waiting = names.map((n) => [n, topicsOf(n)] as const);
      const few = new Set(waiting.flatMap(([, t]) => t)).size <= 6;
      const maybeLines =
        names.length === 0
          ? []
          : few
            ? [`还没算进去的：${waiting.map(([n, t]) => (t.length > 0 ? `${n}（还要知道：${t.join('、')}）` : n)).join('；')}。回答完这些问题后我会算出来。`]
            : [`还要看您的情况，可能还有：${names.join('、')}。回答完问题后我会算出来。`];
      if (c.charges.lines.length === 0) {
        if (c.complete) return '按您的情况，这件事不收费。';
        // an answer that surely holds (夫妻之间免契税) says more than the list of every tax still possible
        const sure = maybe.length > 0 ? sureOnes('fee') : [];
        if (sure.length > 0) return [...sure, '回答完问题后我会算出具体金额。'].join('\n');
        return [
          maybe.length > 0 ? '按目前的回答还算不出具体金额。' : '按目前的回答，这件事不收费；回答完问题后我会给出准确结果。',
          ...maybeLines,
          ...faqs('fee'),
        ].join('\n');
      }
      const lines = c.charges.lines.map(
        (l) => `· ${l.name}（${l.payer}）：${l.amount === null && l.unpriced === undefined ? missingText(k, bundle, l) : l.display}；${l.rule}`,
      );
      // a total beside charges still to come would read as the whole bill
      const total = c.charges.totalText ? `${names.length > 0 ? '已算出的部分' : ''}${c.charges.totalText}。` : '';
      // who settles the figure: the tax office for taxes, the charging body for fees
      const taxed = c.charges.lines.some((l) => l.name.includes('税'));
      const fee = c.charges.lines.some((l) => !l.name.includes('税'));
      const caveat = c.charges.estimate ? `以上是按您说的情况估算的，以${taxed && fee ? '税务和收费部门' : taxed ? '税务部门' : '收费部门'}核定为准。` : '';
      const partial = c.complete ? '' : '还有问题没回答，结果可能会变。';
      return [`按目前的情况，费用如下：`, ...lines, `${total}${caveat}${partial}`, ...maybeLines, ...sureFirst('fee')].join('\n');
    }
    case 'place': {
      const when = asksHours(text);
      if (when) {
        const weekdays = /^工作日/.test(c.window.hours) && !/(周六|周日|周末|星期六|星期日|节假日)/.test(c.window.hours);
        return [
          when === 'weekend' && weekdays ? `${c.window.name}只在工作日办公，周六、周日和法定节假日不办公。` : `${c.window.name}的办公时间：`,
          `时间：${c.window.hours}`,
          ...(c.window.phone ? [`电话：${c.window.phone}`] : []),
          '不方便在工作日来的，可以先在本助手里在线申请（回答完问题后说「现在申请」），领证可选邮寄。',
        ].join('\n');
      }
      return [
        `${c.window.name}`,
        `地址：${c.window.address}`,
        `时间：${c.window.hours}`,
        ...(c.window.phone ? [`电话：${c.window.phone}`] : []),
        ...faqs('place'),
      ].join('\n');
    }
    case 'duration':
      return [
        c.time.promisedDays === 0 ? `${c.time.promisedText}。` : `${c.time.promisedText}（各部门同时办理，不是一个接一个）。`,
        ...(c.time.legalText ? [`${c.time.legalText}。`] : []),
        ...faqs('time'),
      ].join('\n');
    case 'presence':
      return [...sureFirst('presence'), ...sureFirst('agent')].join('\n') || '一般需要申请人本人带身份证到场；委托他人办理的，需带授权委托书和代理人身份证。';
    case 'agent':
      return [...faqs('agent')].join('\n') || '可以委托他人办理：需授权委托书（不在窗口当面签的要公证）和代理人身份证原件。';
    case 'online':
      return faqs('online').join('\n') || '可以在本助手里在线申请（回答完问题后说「现在申请」），材料齐全的话只需到窗口一次或邮寄领证。';
  }
}
