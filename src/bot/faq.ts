import type { Knowledge } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId, Faq } from '../knowledge/schema/index.js';
import { answerFaq, buildChecklist, compiledBundle, findQuestion, possibleCharges, situation } from '../engine/index.js';
import { termAsked, type FaqTopic } from '../nlu/faq-topic.js';

export type { FaqTopic } from '../nlu/faq-topic.js';

const bigrams = (t: string): Set<string> => {
  const out = new Set<string>();
  const han = t.replace(/[^\u4e00-\u9fa5]/g, ' ');
  for (const part of han.split(' ')) for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
  return out;
};
/** words every question shares, which tell nothing about which answer is meant */
const STOP = new Set(['什么', '怎么', '需要', '可以', '办理', '我们', '这个', '一下', '多少', '是不', '不是', '要不', '不要']);

/** The bundle's answer whose question shares the most words with the user's, if any shares two. */
export function matchFaq(k: Knowledge, bundle: BundleId, text: string, answers: Record<string, AnswerValue>, today: string): Faq | undefined {
  const words = [...bigrams(text)].filter((w) => !STOP.has(w));
  let best: { f: Faq; n: number } | undefined;
  for (const topic of ['presence', 'agent', 'time', 'place', 'fee', 'online', 'other'] as const) {
    for (const f of answerFaq(k, bundle, topic, answers, { today })) {
      const own = bigrams(`${f.question}${f.answer.slice(0, 40)}`);
      const n = words.filter((w) => own.has(w)).length;
      if (n >= 2 && (!best || n > best.n)) best = { f, n };
    }
  }
  return best?.f;
}

/**
 * 「带押过户是什么意思」: the bundle's own notes that speak of the term asked about, whatever the case's
 * answers, since the user asks what the word means, not whether it applies to them.
 */
function explained(k: Knowledge, bundle: BundleId, text: string): string | undefined {
  const term = termAsked(text);
  if (!term) return undefined;
  const b = k.bundles.get(bundle);
  const notes = (b?.notes ?? []).map((n) => n.text).filter((t) => t.includes(term));
  return notes.length > 0 ? `关于「${term}」：\n${notes.slice(0, 2).join('\n')}` : undefined;
}

/** Answers a question about the bundle from the knowledge, for this user's situation so far. */
export function answerTopic(k: Knowledge, bundle: BundleId, topic: FaqTopic, answers: Record<string, AnswerValue>, today: string, text = ''): string {
  if (topic === 'asked') {
    const f = matchFaq(k, bundle, text, answers, today);
    if (f) return f.answer;
    const told = explained(k, bundle, text);
    if (told) return told;
    const c = buildChecklist(k, bundle, answers, { today });
    return `这个问题我这里没有确切的答复，怕说错耽误您。请咨询${c.window.name}${c.window.phone ? `（电话 ${c.window.phone}）` : ''}，或拨打 12345。`;
  }
  if (topic === 'copies') {
    const c = buildChecklist(k, bundle, answers, { today });
    const lines = c.bring.slice(0, 12).map((m) => `· ${m.name}：${m.formLabel}${m.form === 'copy' || m.form === 'original_and_copy' ? `${m.copies}份` : ''}`);
    return ['原件、复印件按材料不同（按目前的回答）：', ...lines, ...(c.bring.length > 12 ? [`……共${c.bring.length}项，完整的见清单。`] : []), '原件一般当场核对后退还。'].join('\n');
  }
  const c = buildChecklist(k, bundle, answers, { today });
  const faqs = (t: Faq['topic']) => answerFaq(k, bundle, t, answers, { today }).map((f) => f.answer);
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
        return [...new Set(ids.filter((id) => answers[id] === undefined).map((id) => findQuestion(cb, id)?.topic).filter((t): t is string => t !== undefined))];
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
        return [maybe.length > 0 ? '按目前的回答还算不出具体金额。' : '按目前的回答，这件事不收费；回答完问题后我会给出准确结果。', ...maybeLines, ...faqs('fee')].join('\n');
      }
      const lines = c.charges.lines.map((l) => `· ${l.name}（${l.payer}）：${l.amount === null && l.unpriced === undefined ? '待定（还缺成交价、面积等信息）' : l.display}；${l.rule}`);
      // a total beside charges still to come would read as the whole bill
      const total = c.charges.totalText ? `${names.length > 0 ? '已算出的部分' : ''}${c.charges.totalText}。` : '';
      const caveat = c.charges.estimate ? '以上是按您说的情况估算的，以税务和收费部门核定为准。' : '';
      const partial = c.complete ? '' : '还有问题没回答，结果可能会变。';
      return [`按目前的情况，费用如下：`, ...lines, `${total}${caveat}${partial}`, ...maybeLines, ...faqs('fee')].join('\n');
    }
    case 'place':
      return [`${c.window.name}`, `地址：${c.window.address}`, `时间：${c.window.hours}`, ...(c.window.phone ? [`电话：${c.window.phone}`] : []), ...faqs('place')].join('\n');
    case 'duration':
      return [
        c.time.promisedDays === 0 ? `${c.time.promisedText}。` : `${c.time.promisedText}（各部门同时办理，不是一个接一个）。`,
        ...(c.time.legalText ? [`${c.time.legalText}。`] : []),
        ...faqs('time'),
      ].join('\n');
    case 'presence':
      return [...faqs('presence'), ...faqs('agent')].join('\n') || '一般需要申请人本人带身份证到场；委托他人办理的，需带授权委托书和代理人身份证。';
    case 'agent':
      return [...faqs('agent')].join('\n') || '可以委托他人办理：需授权委托书（不在窗口当面签的要公证）和代理人身份证原件。';
    case 'online':
      return faqs('online').join('\n') || '可以在本助手里在线申请（回答完问题后说「现在申请」），材料齐全的话只需到窗口一次或邮寄领证。';
  }
}
