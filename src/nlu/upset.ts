/**
 * A message upset with the service rather than about a case: an insult, frustration, or a complaint about
 * staff. Read here so the bot answers calmly and keeps the case, instead of taking the words for a bundle
 * (「我要投诉窗口」 is not 退休, 「垃圾系统」 is not 企业注销).
 */
export type Upset = 'abuse' | 'frustrated' | 'complaint';

/** a complaint about staff or the service: 12345 and 好差评 take it, not a bundle */
const COMPLAINT = /(投诉|举报|差评|态度(太|很|真|特别)?(差|恶劣|不好|蛮横)|不作为|吃拿卡要|故意刁难|刁难人)/;
/** insults at the assistant; 垃圾 only where it is said of the service (建筑垃圾 is a road-works word) */
const ABUSE =
  /(傻[子逼瓜叉X]|是不是傻|你(真|好|太)?傻|傻[吗么啊了]|[Ss][Bb]|煞笔|沙雕|智障|弱智|脑残|白痴|蠢货|蠢猪|废物|(垃圾|破|烂)(系统|机器人|玩意|东西|客服|服务|程序|助手)|^垃圾[!！。]*$|什么玩意|你妈|他妈|妈的|[Tt][Mm][Dd]|尼玛|^滚|滚(吧|开|蛋)|去死|混蛋|王八蛋|狗屁|放屁|扯淡|神经病)/;
/** giving up on the conversation itself */
const FRUSTRATED =
  /(问了半天|说了半天|折腾半天|绕来绕去|答非所问|听不懂人话|说人话|到底(行不行|能不能|会不会)|烦死|气死|急死|(太|这么|真)(难|麻烦)了?(吧|啊)?$|办个事(这么|太|真)难|(你|这)(个)?(系统|机器人)?(真|太|一点)?(没用|不管用)|有什么用|一问三不知|浪费(我)?时间)/;

export function upsetOf(text: string): Upset | undefined {
  const t = text.replace(/\s+/g, '');
  if (COMPLAINT.test(t)) return 'complaint';
  if (ABUSE.test(t)) return 'abuse';
  if (FRUSTRATED.test(t)) return 'frustrated';
  return undefined;
}
