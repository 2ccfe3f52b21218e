import { maskIdNumber, maskPhone } from '../../util/mask.js';
import type { FormField } from '../../engine/index.js';
import type { CaseView } from './ports.js';

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
    lines.push(`${STATUS_ICON[t.status] ?? '·'} ${t.departmentName}：${t.statusLabel}${t.reason ? `（${t.reason}）` : ''}`);
  }
  if (c.result) lines.push(`办结结果：${c.result.label}，${c.result.note}`);
  if (c.status === 'processing') lines.push(`各部门同时办理，承诺${c.promisedDays}个工作日内办结。`);
  if (c.status === 'correction') lines.push('有部门需要您补正材料，请按上面的说明准备，或说「转人工」咨询。');
  return lines.join('\n');
}
