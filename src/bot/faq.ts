import type { Knowledge } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId, Faq } from '../knowledge/schema/index.js';
import { answerFaq, buildChecklist, possibleCharges, situation } from '../engine/index.js';

export type FaqTopic = 'fees' | 'place' | 'duration' | 'presence' | 'agent' | 'online' | 'copies' | 'asked';

/** Which in-bundle question a message asks, from the intent or the words. */
export function faqTopicOf(text: string, intent: string): FaqTopic | null {
  if (/(原件|复印件|复印|影印)/.test(text)) return 'copies';
  // named things the bundle's own answers speak of (公示, 跨区, 限购, 退休年龄…): looked up by their words
  if (/(公示|跨区|外区|别的区|异地|外地|限购|退休年龄|哪年退|啥时候退|什么时候退|几岁退|是什么意思|啥意思|什么叫|是啥|怎么办|丢了|遗失|补办)/.test(text)) return 'asked';
  if (/(本人|亲自|到场|要去现场|必须去|都要去|双方.*去)/.test(text) || intent === 'presence') return 'presence';
  if (/(代办|委托|别人帮|替我办|代理)/.test(text)) return 'agent';
  if (/(网上办|线上办|在线办|手机上办|不去现场)/.test(text)) return 'online';
  if (/(多少税|交多少|多少钱|费用|收费|税费|契税|个税|增值税|要钱吗)/.test(text) || intent === 'fees') return 'fees';
  if (/(在哪|哪里办|地址|去哪|窗口|几点|上班时间|办公时间|周末)/.test(text) || intent === 'place') return 'place';
  if (/(多久|几天|多长时间|什么时候能|多快|时限)/.test(text) || intent === 'duration') return 'duration';
  return null;
}

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

/** Answers a question about the bundle from the knowledge, for this user's situation so far. */
export function answerTopic(k: Knowledge, bundle: BundleId, topic: FaqTopic, answers: Record<string, AnswerValue>, today: string, text = ''): string {
  if (topic === 'asked') {
    const f = matchFaq(k, bundle, text, answers, today);
    if (f) return f.answer;
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
      const maybeLines = names.length > 0 ? [`还要看您的情况，可能还有：${names.join('、')}。回答完问题后我会算出来。`] : [];
      if (c.charges.lines.length === 0) {
        if (c.complete) return '按您的情况，这件事不收费。';
        return [maybe.length > 0 ? '按目前的回答还算不出具体金额。' : '按目前的回答，这件事不收费；回答完问题后我会给出准确结果。', ...maybeLines, ...faqs('fee')].join('\n');
      }
      const lines = c.charges.lines.map((l) => `· ${l.name}（${l.payer}）：${l.amount === null && l.unpriced === undefined ? '待定（还缺成交价、面积等信息）' : l.display}；${l.rule}`);
      const total = c.charges.totalText ? `${c.charges.totalText}。` : '';
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
