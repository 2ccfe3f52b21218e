import { maskAddress, maskIdNumber, maskPhone } from '../../util/mask.js';
import { type FormField, promisedText } from '../../engine/index.js';
import type { CaseView } from './ports.js';

/**
 * A value that came from shared data, read back in chat: the citizen recognises it, a stranger who typed
 * someone's ID number learns nothing (张** , 陕西省西安市****).
 */
export function shownMasked(f: Pick<FormField, 'type'>, v: string | number): string {
  const s = String(v);
  if (f.type === 'name') return s.length <= 1 ? '*' : `${s.slice(0, 1)}${'*'.repeat(s.length - 1)}`;
  if (f.type === 'address') return maskAddress(s);
  if (f.type === 'text') return s.length <= 2 ? '**' : `${s.slice(0, 2)}${'*'.repeat(Math.min(6, s.length - 2))}`;
  return shown(f, v);
}

/** How a value reads back in chat: identifiers partly hidden, since phones are read in public. */
export function shown(f: Pick<FormField, 'type'>, v: string | number): string {
  if (f.type === 'idcard' || f.type === 'bankcard') return maskIdNumber(String(v));
  if (f.type === 'phone') return maskPhone(String(v));
  if (f.type === 'money') return `${v}元`;
  if (f.type === 'area') return `${v}㎡`;
  return String(v);
}

const STATUS_ICON: Record<string, string> = { pending: '○', accepted: '◔', correction: '⚠', approved: '●', rejected: '✕' };

export function renderCase(c: CaseView, bundleName: string): string {
  const lines = [`受理编号 ${c.caseNo}（${bundleName}）`, `当前状态：${c.statusLabel}`];
  for (const t of c.tasks) {
    lines.push(`${STATUS_ICON[t.status] ?? '·'} ${t.departmentName}：${t.statusLabel}${t.reason ? `（部门说明：${t.reason}）` : ''}`);
  }
  if (c.result) lines.push(`办结结果：${c.result.label}，${c.result.note}`, ...resultCode(c.result));
  if (c.status === 'processing') lines.push(`各部门同时办理，${promisedText(c.promisedDays, c.waits)}。`);
  if (c.status === 'correction') lines.push('有部门需要您补正材料，请按上面的说明准备，或说「转人工」咨询。');
  return lines.join('\n');
}

/** The code the citizen must bring or track with: the note tells them to bring it, so it is shown. */
function resultCode(r: NonNullable<CaseView['result']>): string[] {
  switch (r.method) {
    case 'window':
      return [`取件码：${r.pickupCode}（领取时出示，请勿告诉他人）`];
    case 'post':
      return [`快递：${r.carrier}，运单号 ${r.waybillNo}`];
    case 'electronic':
      return [`电子证照编号：${r.licenceNo}`];
  }
}
