import type { Checklist, MaterialLine } from '../../engine/index.js';
import { DELIVERY_LABEL } from '../../bot/render/checklist.js';
import { yuan } from '../../bot/render/text.js';

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 25 → 二十五: how the number is said aloud. */
export function chineseNumber(n: number): string {
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
  return yuan(n).replace('元', '块钱').replace('万块钱', '万元');
}

/**
 * The checklist as the operator reads it to the caller: one short sentence per line, numbers said
 * as words, nothing the caller has to see to understand.
 */
export function readAloud(c: Checklist): string[] {
  const s: string[] = [];
  s.push(`您办的是「${c.bundle.name}」，${chineseNumber(c.items.length)}个事项合在一起，一次办好。`);
  if (c.bring.length === 0) s.push('按您的情况，不需要带材料。');
  else {
    s.push(`您需要带以下材料，一共${chineseNumber(c.bring.length)}样：`);
    c.bring.forEach((m, i) => s.push(`第${chineseNumber(i + 1)}，${m.name}，${spokenForm(m)}。`));
  }
  if (c.shared.length > 0) {
    s.push(`另外${chineseNumber(c.shared.length)}样不用您带，部门之间共享获取：${c.shared.map((m) => m.name).join('、')}。`);
  }
  if (c.maybe.length > 0) {
    // a long list read aloud loses the caller: past a few, ask the questions instead
    s.push(
      c.maybe.length <= 3
        ? `还有${chineseNumber(c.maybe.length)}样要看您的情况，可能需要：${c.maybe.map((m) => m.name).join('、')}。`
        : `还有${chineseNumber(c.maybe.length)}样要看您的情况，我再问您几个问题就能确定。`,
    );
  }
  const priced = c.charges.lines.filter((l) => l.amount !== null && l.amount > 0);
  // charges with no figure (priced by the utility, or waiting for an answer) are said too, one a sentence
  const open = c.charges.lines.filter((l) => l.amount === null);
  if (priced.length > 0) {
    const about = c.charges.estimate ? '大约' : '';
    s.push(`费用方面，${priced.map((l) => `${l.name}${about}${spokenMoney(l.amount!)}`).join('，')}。`);
    if (c.charges.estimate) s.push('税费是估算，以窗口核定为准。');
  }
  const lead = priced.length > 0 ? '另外，' : '费用方面，';
  open.forEach((l, i) => s.push(`${i === 0 ? lead : ''}${l.name}：${l.display}。`));
  if (priced.length === 0 && open.length === 0) s.push('这件事不收费。');
  s.push(c.time.promisedDays === 0 ? '材料齐全的话，当场就能办完。' : `材料齐全后，${chineseNumber(c.time.promisedDays)}个工作日内办结。`);
  s.push(`办理地点是${c.window.name}，地址：${c.window.address}。`);
  s.push(`办公时间：${c.window.hours}。`);
  if (c.delivery.length > 0) s.push(`办好的结果可以${c.delivery.map((d) => DELIVERY_LABEL[d]).join('，或')}。`);
  if (c.verify) s.push('个别要求各窗口执行有差别，以窗口为准。');
  if (!c.complete) s.push('有几个情况还没确认，确认后材料可能还会有变化。');
  return s;
}

/** The SMS version: compact, one material per line, the place and hours; the caller keeps it. */
export function smsText(c: Checklist): string {
  const lines = [`【一件事一次办】${c.bundle.name}`];
  if (c.bring.length > 0) {
    lines.push(`请带${c.bring.length}项材料：`);
    c.bring.forEach((m, i) => lines.push(`${i + 1}.${m.name}（${m.form === 'generated' ? '窗口打印' : m.formLabel}）`));
  }
  if (c.maybe.length > 0) {
    lines.push(c.maybe.length <= 3 ? `视情况：${c.maybe.map((m) => m.name).join('、')}` : `另有${c.maybe.length}项视情况而定，办理前请电话确认。`);
  }
  lines.push(`地点：${c.window.name}，${c.window.address}`);
  lines.push(`时间：${c.window.hours}`);
  if (c.window.phone) lines.push(`咨询：${c.window.phone}`);
  return lines.join('\n');
}
