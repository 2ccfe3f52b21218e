import type { Delivery } from '../knowledge/schema/index.js';

/**
 * Short replies at the bot's own steps (the form, its review, delivery, consent, rating, the erase question,
 * a 转人工 wait). The bot offers the choices and decides; what a typed reply means is read here, with the rest
 * of the reading, so every step takes the same words.
 */

/** 「上一步」 at a form field */
export const isBackWord = (text: string): boolean => /^(上一步|上一题|返回|后退|回到上一[步题项])$/.test(text.trim());

/** 「确认无误」 and its plain forms at the form's review */
export const confirmsReview = (text: string): boolean => /^(确认无误|确认|没问题|对的|正确|是的|提交)$/.test(text.trim());

/** 「修改 手机号」: the field named (empty when only 修改 was said); undefined when the reply changes nothing */
export function modifyTarget(text: string): string | undefined {
  const m = /^(修改|更改|改)\s*(.*)$/.exec(text.trim());
  return m ? m[2]!.trim() : undefined;
}

/** how the certificate should reach the citizen, from a label, its words, or a number among those offered */
export function deliveryOf(text: string, offered: Delivery[], labels: Record<Delivery, string>): Delivery | undefined {
  const t = text.trim();
  if (/^\d$/.test(t)) return offered[Number(t) - 1];
  const byLabel = (Object.entries(labels) as [Delivery, string][]).find(([, l]) => t.includes(l) || l.includes(t))?.[0];
  const byWord = /(寄|快递)/.test(t) ? 'post' : /(电子|手机)/.test(t) ? 'electronic' : /(窗口|自取|现场)/.test(t) ? 'window' : undefined;
  const chosen = byLabel ?? byWord;
  return chosen && offered.includes(chosen) ? chosen : undefined;
}

/** consent before submission: refused, given (and whether to remember the profile), or not said */
export function consentOf(text: string, rememberLabel: string): { agree: false } | { agree: true; remember: boolean } | undefined {
  const t = text.trim();
  if (/^(不同意|拒绝|不)/.test(t)) return { agree: false };
  if (!/^(同意|好|可以|是|确认)/.test(t)) return undefined;
  return { agree: true, remember: t === rememberLabel || /记住/.test(t) };
}

/** a level among the labels shown (1-5 or its words); the longest label first, since 非常不满意 contains 满意 */
export function levelIndexOf(text: string, labels: string[]): number | undefined {
  const t = text.trim();
  if (/^\d$/.test(t) && Number(t) >= 1 && Number(t) <= labels.length) return Number(t) - 1;
  const byLength = labels.map((l, i) => [l, i] as const).sort((a, b) => b[0].length - a[0].length);
  return byLength.find(([l]) => t.includes(l))?.[1];
}

/** 「跳过」「没有」: no comment to add */
export const skipsComment = (text: string): boolean => /^(跳过|没有|没了|不用了?)$/.test(text.trim());

/** the erase question: its own buttons, 删除/保留 said plainly, else undefined (a plain yes/no is read elsewhere) */
export function eraseReply(text: string, yes: string, no: string): boolean | undefined {
  const t = text.trim();
  if (t === yes || /^(确定|确认)?删除(吧|掉)?$/.test(t)) return true;
  if (t === no || /^(不删|不删了|不要删|别删|保留)$/.test(t)) return false;
  return undefined;
}

/** 「取消人工」「不等了」: back to the assistant */
export const cancelsHandover = (text: string): boolean =>
  /^(取消(转)?人工|不用(转)?人工了?|不用了|算了|不等了|回到?(机器人|自助)|继续自助|结束人工)[。！!.]*$/.test(text.trim());

/** 「人呢」「还要等多久」: asks where the operator is */
export const asksForOperator = (text: string): boolean =>
  /人呢|有人吗|有没有人|在吗|怎么(还)?没(人|回)|还要等|等多久|要等多久|多久(才)?(能)?(回|接)|什么时候(回|接)|排到|排队/.test(text);
