/**
 * 「把表格发我」「承诺书模板」「文书链接」「链接过期了」: the citizen asks for the documents to print (the
 * format texts on their list, or the ones filled from their form) once more. A question about a document
 * (「委托书要公证吗」「承诺书怎么写」) asks something else and is not read here: only asking for the thing
 * itself, or its link, counts.
 */
const THING = '(?:表格|表|申请表|合并申请表|承诺书|委托书|授权委托书|声明书|声明|文书|格式文本|模板|范本|样表|样本|文件)';
const POLITE = '(?:请|请你|麻烦|麻烦你|帮我|帮忙|能不能|可不可以|可以|你|您)?';
const AGAIN = '(?:再|重新|再次)?';
const SEND = '(?:发|给|传|发送|推送)';
const TAIL = '(?:吧|呗|一下|下|哈|呀|啊)*';
/** after a verb of sending, 吗 is a polite request (发我表格吗); after 要/需要 it asks whether it is needed */
const TAIL_SEND = '(?:吧|呗|一下|下|哈|呀|啊|吗|好吗|行吗|可以吗)*';

const ASKS = [
  // 把表格发我 / 麻烦把承诺书再发一下 / 把文书链接重新给我
  new RegExp(`^${POLITE}(?:把|将)(?:那个|这些|那些|我的|要签的)?${THING}(?:的)?(?:链接|网址|地址)?${AGAIN}${SEND}(?:给)?(?:我|过来|一下)?${TAIL_SEND}$`),
  // 发我表格 / 再发一下承诺书 / 给我委托书模板吗
  new RegExp(
    `^${POLITE}${AGAIN}(?:${SEND}(?:给)?我|${SEND}(?:一下|下)|重发)(?:一下|下|一份|一个)?(?:那个|这些|那些|要签的)?${THING}(?:的)?(?:链接|网址|模板|范本|下载地址)?${TAIL_SEND}$`,
  ),
  // 我要下载申请表 / 打印文书 / 我想要委托书模板 (not 「我需要委托书吗」, which asks whether)
  new RegExp(
    `^${POLITE}${AGAIN}(?:(?:我要|我想要|我想)(?:下载|打印)?|下载|打印)(?:一下|下|一份|一个)?(?:那个|这些|那些|要签的)?${THING}(?:的)?(?:链接|网址|模板|范本|下载地址)?${TAIL}$`,
  ),
  // 承诺书模板 / 文书链接 / 表格下载 / 委托书范本在哪
  new RegExp(`^${THING}(?:的)?(?:模板|范本|样本|格式|链接|网址|下载|下载地址|下载链接|电子版|word版|Word版)(?:在哪|在哪里|在哪儿|呢|有吗|有没有)?${TAIL}$`),
  // 链接过期了 / 文书链接打不开 / 链接失效了
  new RegExp(`^(?:${THING}(?:的)?)?(?:链接|网址)(?:已经|好像)?(?:过期|失效|打不开|没了|用不了|不能用|找不到)(?:了)?${TAIL}$`),
];

/** true when the words ask for the documents (or their link) to be sent again */
export function asksForDocuments(text: string): boolean {
  const t = text
    .trim()
    .replace(/[。！!？?，,\s]+$/g, '')
    .replace(/\s+/g, '');
  return t.length <= 24 && ASKS.some((re) => re.test(t));
}
