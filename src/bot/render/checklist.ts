import type { Checklist, MaterialLine } from '../../engine/index.js';
import { pack } from './text.js';

const DELIVERY_LABEL = { window: '窗口领取', post: '免费邮寄', electronic: '电子证照' } as const;
export { DELIVERY_LABEL };
/** the heading of the bank's own papers (`brought_by: bank`), which the citizen does not prepare */
export const BANK_BRINGS = '银行经办人带来，您不用准备';

/** What the conversation adds to the engine's checklist: guesses marked, the user's own party first. */
export interface ChecklistView {
  /** material names listed only because an answer was 「不清楚」 */
  unsure?: Set<string>;
  /** the party the user speaks for (卖, 买): their lines first, the other party's under 请X方准备 */
  party?: string;
  /** topics left unanswered with no cautious reading: the window decides */
  pending?: string[];
  /** charges may still apply, waiting for answers: an empty fee list is then not 「不收费」 */
  feesPending?: boolean;
}

function materialLine(m: MaterialLine, i: number, view: ChecklistView = {}): string[] {
  const copies = m.form === 'copy' || m.form === 'original_and_copy' ? `${m.copies}份` : '';
  const form = m.form === 'generated' ? m.formLabel : `${m.formLabel}${copies}`;
  const used = m.items.length > 1 ? `（${m.items.length}个事项共用，只交一次）` : '';
  const guess = view.unsure?.has(m.name) ? '（如不确定请带上）' : '';
  return [`${i + 1}. ${m.name}：${form}${used}${guess}`, ...(m.note ? [`   ${m.note}`] : [])];
}

/** the possible lines listed one by one; beyond this they are counted */
const MAYBE_LISTED = 8;

/** whose line it is, when the holder names a party (卖方, 买方配偶 → 卖/买) */
const partyOfLine = (m: MaterialLine): string | undefined => (m.holder ? /^(.)方/.exec(m.holder)?.[1] : undefined);

/**
 * The one-time notice as messages: heading 材料清单, then what to bring, what is not needed, fees,
 * time, place and results. Each group starts a line the user can scan on a phone.
 */
export function renderChecklist(c: Checklist, view: ChecklistView = {}): string[] {
  const lines: string[] = [];
  const bringCount = c.bring.length;
  lines.push(`【材料清单】${c.bundle.name}`);
  lines.push(`按您的情况，${c.items.length}个事项合并一次办，需带${bringCount}项材料，另有${c.shared.length}项不用带。`);
  lines.push('');
  const other = view.party ? c.bring.filter((m) => partyOfLine(m) !== undefined && partyOfLine(m) !== view.party) : [];
  const mine = c.bring.filter((m) => !other.includes(m));
  lines.push(other.length > 0 ? `一、您（${view.party}方）和双方共同要带的（${mine.length}项）` : `一、需要携带（${bringCount}项）`);
  mine.forEach((m, i) => {
    lines.push(...materialLine(m, i, view));
  });
  if (other.length > 0) {
    const who = other[0]!.holder!.slice(0, 2);
    lines.push('');
    lines.push(`请${who}准备（${other.length}项）：`);
    other.forEach((m, i) => {
      lines.push(...materialLine(m, i, view));
    });
  }
  // the other party's possible lines belong to them; and early in an interview the possibilities are many:
  // a few are worth bringing if unsure, dozens are not advice, so the rest is only counted
  const maybe = view.party ? c.maybe.filter((m) => partyOfLine(m) === undefined || partyOfLine(m) === view.party) : c.maybe;
  if (maybe.length > 0) {
    lines.push('');
    const few = maybe.length <= MAYBE_LISTED;
    lines.push(
      few
        ? `还要看您的情况才能确定的（${maybe.length}项，如不确定请带上）：`
        : `还要看您的情况才能确定的有${maybe.length}项，回答完剩下的问题就能确定。常见的有：`,
    );
    maybe.slice(0, MAYBE_LISTED).forEach((m) => {
      lines.push(`· ${m.name}`);
    });
  }
  if (c.byBank.length > 0) {
    lines.push('');
    lines.push(`${BANK_BRINGS}（${c.byBank.length}项）：`);
    c.byBank.forEach((m) => {
      lines.push(`· ${m.name}`);
    });
  }
  if (view.pending && view.pending.length > 0) lines.push('', `待窗口确认：${view.pending.join('、')}（您说不清楚，窗口会当场核实）`);
  const messages = pack(lines);
  const rest: string[] = [];
  if (c.shared.length > 0) {
    rest.push(`二、不用带：部门通过共享数据获取（${c.shared.length}项）`);
    c.shared.forEach((m) => {
      rest.push(`· ${m.name}（${m.sharedSource}）`);
    });
    rest.push('');
  }
  rest.push(c.charges.estimate ? '三、费用（估算）' : '三、费用');
  // 「不收费」 only once nothing can still add a charge (mid-interview 契税 may be waiting for an answer)
  if (c.charges.lines.length === 0) rest.push(view.feesPending ? '按目前的回答还算不出，回答完问题后给出。' : '本事项不收费。');
  for (const l of c.charges.lines) {
    rest.push(`· ${l.name}（${l.payer}）：${l.display}`);
    rest.push(`  依据：${l.rule}`);
    // what an estimate rests on and who sets the real figure (按估算费率计算，实际以城管部门核定的为准)
    if (l.estimate && l.note && l.amount !== null && l.amount > 0) rest.push(`  说明：${l.note}`);
  }
  // the engine's totalText names who pays what and what the total leaves out (unpriced, not yet known)
  if (c.charges.totalText) {
    rest.push(`${c.charges.totalText}${c.charges.estimate ? '。以上为估算，以税务、收费部门核定为准' : ''}。`);
  }
  rest.push('');
  rest.push('四、办理时间');
  const legal = c.time.legalText ? `（${c.time.legalText}）` : '';
  rest.push(c.time.promisedDays === 0 ? `${c.time.promisedText}${legal}` : `${c.time.promisedText}，各部门并联办理${legal}`);
  rest.push('');
  rest.push('五、在哪办');
  rest.push(`${c.window.name}`);
  rest.push(`地址：${c.window.address}`);
  rest.push(`时间：${c.window.hours}`);
  if (c.window.phone) rest.push(`咨询电话：${c.window.phone}`);
  rest.push('');
  rest.push('六、办好后您会拿到');
  rest.push(c.outputs.join('、'));
  rest.push(`取件方式：${c.delivery.map((d) => DELIVERY_LABEL[d]).join(' / ')}`);
  if (c.notes.length > 0) {
    rest.push('');
    rest.push('提醒：');
    c.notes.forEach((n) => {
      rest.push(`· ${n}`);
    });
  }
  for (const r of c.related) rest.push(`· 另外：${r.why}（可办「${r.name}」）`);
  if (c.verify) rest.push('部分规定各地执行有差异，最终以窗口受理要求为准。');
  return [...messages, ...pack(rest)];
}
