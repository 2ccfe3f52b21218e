import type { Checklist, MaterialLine } from '../../engine/index.js';
import { DELIVERY_LABEL } from '../../bot/render/checklist.js';
import { yuanText } from '../../engine/format.js';

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 25 → 二十五: how the number is said aloud. */
export function chineseNumber(n: number): string {
  // half a day and the like are said as written
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

function spokenForm(m: MaterialLine): string {
  if (m.form === 'generated') return '窗口打印，您核对签字就行';
  if (m.form === 'copy' || m.form === 'original_and_copy') return `${m.formLabel}${chineseNumber(m.copies)}份`;
  return m.formLabel;
}

function spokenMoney(n: number): string {
  return yuanText(n).replace('元', '块钱').replace('万块钱', '万元');
}

/** Lines of the script shown before the fold: what a caller must hear fits one screen. */
export const SCRIPT_HEAD_LINES = 8;
/** A spoken line stays short enough to read in one breath. */
const LINE_MAX = 80;

/** A count before a measure word: 两个, not 二个. */
const count = (n: number) => (n === 2 ? '两' : chineseNumber(n));

/** Names joined with 、 up to `max` characters, then 「等N样」. */
function someNames(names: string[], max: number): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const next = out ? `${out}、${names[i]}` : names[i]!;
    if (next.length > max) return `${out}等${count(names.length)}样`;
    out = next;
  }
  return out;
}

export interface Script {
  /** at most SCRIPT_HEAD_LINES: what to bring, where, how long, how much */
  head: string[];
  /** the rest, folded on screen: each material's form, shared data, charges without a figure, delivery */
  more: string[];
}

/**
 * The checklist as the operator reads it to the caller: short sentences, numbers said as words,
 * nothing the caller has to see to understand. What matters comes first and fits a screen; the
 * details follow for a caller who asks.
 */
export function readAloud(c: Checklist): Script {
  const head: string[] = [];
  const more: string[] = [];
  head.push(`您办的是「${c.bundle.name}」，${count(c.items.length)}个事项合在一起，一次办好。`);
  if (c.bring.length === 0) head.push('按您的情况，不需要带材料。');
  else {
    const lead = `您需要带${count(c.bring.length)}样材料：`;
    head.push(
      `${lead}${someNames(
        c.bring.map((m) => m.name),
        LINE_MAX - lead.length - 1,
      )}。`,
    );
    more.push(`您需要带以下材料，一共${count(c.bring.length)}样：`);
    c.bring.forEach((m, i) => {
      more.push(`第${chineseNumber(i + 1)}，${m.name}，${spokenForm(m)}。`);
    });
  }
  head.push(`办理地点是${c.window.name}，地址：${c.window.address}。`);
  head.push(`办公时间：${c.window.hours}。`);
  head.push(`材料齐全的话，${c.time.promisedText}。`);
  const priced = c.charges.lines.filter((l) => l.amount !== null && l.amount > 0);
  // charges with no figure (priced by the utility, or waiting for an answer) are said too, one a sentence
  const open = c.charges.lines.filter((l) => l.amount === null);
  if (priced.length > 0) {
    const about = c.charges.estimate ? '大约' : '';
    head.push(`费用方面，${priced.map((l) => `${l.name}${about}${spokenMoney(l.amount!)}`).join('，')}。`);
    if (c.charges.estimate) more.push('税费是估算，以窗口核定为准。');
  } else if (open.length > 0) head.push(`费用方面，有${count(open.length)}项要按实际核定，我后面细说。`);
  else head.push('这件事不收费。');
  const lead = priced.length > 0 ? '另外，' : '费用方面，';
  open.forEach((l, i) => {
    more.push(`${i === 0 ? lead : ''}${l.name}：${l.display}。`);
  });
  if (c.maybe.length > 0) {
    // a long list read aloud loses the caller: past a few, ask the questions instead
    head.push(
      c.maybe.length <= 3
        ? `还有${count(c.maybe.length)}样要看您的情况，可能需要：${c.maybe.map((m) => m.name).join('、')}。`
        : `还有${count(c.maybe.length)}样要看您的情况，我再问您几个问题就能确定。`,
    );
  }
  if (!c.complete) head.push('有几个情况还没确认，确认后材料可能还会有变化。');
  if (c.byBank.length > 0) more.push(`还有${count(c.byBank.length)}样由银行经办人带来，您不用准备：${c.byBank.map((m) => m.name).join('、')}。`);
  if (c.shared.length > 0) {
    more.push(`另外${count(c.shared.length)}样不用您带，部门之间共享获取：${c.shared.map((m) => m.name).join('、')}。`);
  }
  if (c.delivery.length > 0) more.push(`办好的结果可以${c.delivery.map((d) => DELIVERY_LABEL[d]).join('，或')}。`);
  if (c.verify) more.push('个别要求各窗口执行有差别，以窗口为准。');
  return { head, more };
}

/** Two SMS segments of Chinese text (67 characters each once a message is split). */
export const SMS_MAX = 134;
/** What the preview shows where the code goes (the real code is made when the message is sent). */
export const SMS_CODE_PLACEHOLDER = '××× ××× ××××';

const len = (s: string) => [...s].length;

/**
 * The SMS version, at most two messages: the materials by name, the place and hours, and a 续办 code
 * that opens the whole checklist (forms, copies, fees) in the Official Account.
 */
export function smsText(c: Checklist, code = SMS_CODE_PLACEHOLDER): string {
  const head = `【一件事一次办】${c.bundle.name}：`;
  const rest = `完整清单：公众号发送“续办 ${code}”`;
  // remarks in brackets (具体地址以大厅公示为准, 老证：…) stay in the full checklist; short ones (卖方) are kept
  const plain = (t: string) => t.replace(/（[^）]{5,}）|\([^)]{5,}\)/g, '').trim();
  let place = `地点：${plain(c.window.name)}，${plain(c.window.address)}。`;
  let hours = `${c.window.hours}。`;
  const fixed = () => len(head) + len(place) + len(hours) + len(rest);
  if (fixed() > SMS_MAX - 12) hours = '';
  if (fixed() > SMS_MAX - 12) place = `${[...place].slice(0, Math.max(8, len(place) - (fixed() - (SMS_MAX - 12)) - 1)).join('')}…`;
  const budget = SMS_MAX - fixed();
  let bring = '';
  if (c.bring.length > 0) {
    const lead = `带${c.bring.length}项材料：`;
    bring = `${lead}${someNames(
      c.bring.map((m) => plain(m.name)),
      budget - len(lead) - 6,
    ).replace(/等([一二三四五六七八九十]+)样$/, `等${c.bring.length}项`)}。`;
    if (len(bring) > budget) bring = `带${c.bring.length}项材料。`;
  } else bring = '不用带材料。';
  return `${head}${bring}${place}${hours}${rest}`;
}
