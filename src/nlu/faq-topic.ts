/**
 * Which question about the bundle in hand a message asks (原件?, 能委托吗?, 在哪办?…): text reading, so it
 * lives with the rest of the understanding; src/bot/faq.ts answers it from the knowledge.
 */
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

/** The term a 「X是什么意思」「什么叫X」 question asks about (带押过户), without the filler around it. */
export function termAsked(text: string): string | undefined {
  const t = text.replace(/[\s，,。？?！!]/g, '');
  const m = /(?:请问|问一下|那个|这个|你说的|您说的)?([\u4e00-\u9fa5A-Za-z]{2,10}?)(?:到底)?(?:是什么意思|是啥意思|啥意思|什么意思|是指什么|指的是什么|是啥)/.exec(t) ?? /(?:什么叫|啥叫|何为)([\u4e00-\u9fa5A-Za-z]{2,10})/.exec(t);
  return m?.[1];
}
