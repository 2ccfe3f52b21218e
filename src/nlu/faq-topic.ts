/**
 * Which question about the bundle in hand a message asks (原件?, 能委托吗?, 在哪办?…): text reading, so it
 * lives with the rest of the understanding; src/bot/faq.ts answers it from the knowledge.
 */
export type FaqTopic = 'fees' | 'place' | 'duration' | 'presence' | 'agent' | 'online' | 'copies' | 'asked';

/**
 * Whether someone has to come (「娃要不要来」「奶奶不能来咋办」): said before 咋办 makes it a general question.
 * 「取出来吗」 is not 「要来吗」: the verb of coming must follow a word of need.
 */
const PRESENCE =
  /(本人|亲自|到场|要去现场|必须去|都要去|双方.*去|(要不要|用不用|需不需要|得不得|必须|也要|也得|都要|都得|还要|要)(本人)?(来|去|过来|过去)(吗|么|嘛|不|$|[？?])|不能来|不能去|来不了|去不了|走不动|没法来|没法去|没办法来|不方便(来|去)|能不能不(来|去)|可以不(来|去)|不来行|不去行)/;
/** days and hours of the window (周六上班吗, 几点开门): the window's hours answer it */
const WEEKEND = /(周六|周日|周末|星期六|星期天|星期日|礼拜六|礼拜天|节假日|放假)/;
const HOURS = new RegExp(`${WEEKEND.source}.*(吗|么|能|可以|办|上班|开|[？?])|(上班|开门|办公|营业)(吗|么|不|没|时间)|几点|多会儿开`);
/** what a word means (什么是出生医学证明, 简易注销是啥, 视同缴费年限是啥意思) */
const WHAT_IS = /(是什么意思|啥意思|什么叫|啥叫|是啥|是什么|什么是|指什么|指的是|是干嘛|干啥的|干什么的)/;

/** Which in-bundle question a message asks, from the intent or the words. */
export function faqTopicOf(text: string, intent: string): FaqTopic | null {
  if (/(原件|复印件|复印|影印)/.test(text)) return 'copies';
  if (WHAT_IS.test(text)) return 'asked';
  if (PRESENCE.test(text) || intent === 'presence') return 'presence';
  if (HOURS.test(text)) return 'place';
  // a tax or a fee named outright (契税怎么算) is a fee question before 怎么算 makes it a general one
  if (/(多少税|交多少|多少钱|费用|收费|税费|契税|个税|增值税|要钱吗|交什么税|什么税|哪些税|交税|纳税|要交钱|交哪些钱|花多少)/.test(text)) return 'fees';
  // named things the bundle's own answers speak of (公示, 跨区, 限购, 退休年龄…): looked up by their words
  if (
    /(公示|跨区|外区|别的区|异地|外地|限购|退休年龄|哪年退|啥时候退|什么时候退|几岁退|怎么办|咋办|咋弄|咋整|丢了|遗失|补办|咋算|怎么算|咋转|怎么转|能不能不|可不可以不|不想去|一定要)/.test(
      text,
    )
  )
    return 'asked';
  if (/(代办|委托|别人帮|替我办|代理)/.test(text)) return 'agent';
  if (/(网上办|线上办|在线办|手机上办|不去现场)/.test(text)) return 'online';
  if (intent === 'fees') return 'fees';
  if (/(在哪|哪里办|地址|去哪|窗口)/.test(text) || intent === 'place') return 'place';
  if (/(多久|几天|多长时间|什么时候能|多快|时限)/.test(text) || intent === 'duration') return 'duration';
  return null;
}

/** Whether a place question asks about the days or hours the window is open rather than where it is. */
export function asksHours(text: string): 'weekend' | 'hours' | undefined {
  if (WEEKEND.test(text)) return 'weekend';
  return HOURS.test(text) ? 'hours' : undefined;
}

/** The term a 「X是什么意思」「什么叫X」「什么是X」 question asks about (带押过户), without the filler around it. */
export function termAsked(text: string): string | undefined {
  const t = text.replace(/[\s，,。？?！!、]/g, '').replace(/^(请问|问一下|问下|那|那么|还有|另外|对了)+/, '');
  const m =
    /(?:请问|问一下|那个|这个|你说的|您说的)?([\u4e00-\u9fa5A-Za-z]{2,12}?)(?:到底|究竟)?(?:是什么意思|是啥意思|啥意思|什么意思|是指什么|指的是什么|指什么|是啥|是什么东西|是什么|是干嘛的|是干啥的|是干什么的|干啥的)/.exec(
      t,
    ) ?? /(?:什么叫|啥叫|何为|什么是|啥是)([\u4e00-\u9fa5A-Za-z]{2,12}?)(?:呢|啊|呀)?$/.exec(t);
  return m?.[1]?.replace(/^(那个|这个|这|那)/, '');
}

/**
 * A yes/no question about something the bundle itself asks the user (「要挖路吗」「要刻章吗」): the words of
 * one of its questions' options or yes-words, asked back. The answer is "that depends on you", said with why.
 */
export function ownQuestionAsked<Q extends { id: string; yesWords?: readonly string[]; options?: readonly { synonyms?: readonly string[]; label: string }[] }>(
  text: string,
  questions: readonly Q[],
): Q | undefined {
  if (!/(吗|么|嘛|要不要|用不用|需不需要|是不是|[？?])\s*[？?]?$/.test(text.trim())) return undefined;
  const t = text.replace(/(吗|么|嘛|要不要|用不用|需不需要|是不是|[？?\s])/g, '');
  let best: { q: Q; len: number } | undefined;
  for (const q of questions) {
    const words = [...(q.yesWords ?? []), ...(q.options ?? []).flatMap((o) => o.synonyms ?? [])];
    for (const w of words) if (w.length >= 2 && t.includes(w) && (!best || w.length > best.len)) best = { q, len: w.length };
  }
  // the word must be most of what is asked: 「要挖路吗」, not 「挖路的时候家里停水要申请吗」
  return best && best.len * 2 >= t.replace(/^(我|我们|俺|咱|那|还|也|需|要|得|用)+/, '').length ? best.q : undefined;
}
