import type { FieldType } from '../../knowledge/schema/index.js';
import { ID_CARD_MESSAGES, idCardProblem } from './idcard.js';
import { USCC_MESSAGES, usccProblem } from './uscc.js';
import { isMobile, isXianLandline, normalizePhone } from './phone.js';

export type FieldCheck = { ok: true; value: string | number } | { ok: false; message: string };

const DATE_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;

/**
 * Validates and normalises one form value. Messages are what the user reads: say what is wrong and
 * what a right value looks like.
 */
export function validateField(type: FieldType, raw: string, options?: readonly string[], today = new Date()): FieldCheck {
  const v = raw.trim();
  if (!v) return { ok: false, message: '这一项不能为空，请输入。' };
  switch (type) {
    case 'idcard': {
      const p = idCardProblem(v, today);
      return p ? { ok: false, message: ID_CARD_MESSAGES[p] } : { ok: true, value: v.toUpperCase() };
    }
    case 'uscc': {
      const p = usccProblem(v);
      return p ? { ok: false, message: USCC_MESSAGES[p] } : { ok: true, value: v.toUpperCase() };
    }
    case 'phone':
      return isMobile(v)
        ? { ok: true, value: normalizePhone(v) }
        : { ok: false, message: '手机号应为11位、以1开头（如 13812345678），请核对后重新输入。' };
    case 'landline':
      return isXianLandline(v) || isMobile(v)
        ? { ok: true, value: v.replace(/\s/g, '') }
        : { ok: false, message: '请填写手机号，或029开头的8位固定电话（如 029-86781234）。' };
    case 'name':
      return /^[\u4e00-\u9fa5·]{2,20}$/.test(v) || /^[A-Za-z][A-Za-z .'-]{1,49}$/.test(v)
        ? { ok: true, value: v }
        : { ok: false, message: '姓名请填写证件上的名字：2到20个汉字（少数民族姓名可含“·”），或英文姓名。' };
    case 'date': {
      const m = DATE_RE.exec(v);
      if (!m) return { ok: false, message: '日期请写成 2024-05-01 或 2024年5月1日。' };
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const dt = new Date(Date.UTC(y, mo - 1, d));
      if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return { ok: false, message: '这个日期不存在，请核对。' };
      return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
    }
    case 'money':
    case 'area':
    case 'number': {
      const n = Number(v.replace(/[,，\s]/g, '').replace(/(元|平方米|平米|㎡|平)$/, ''));
      if (!Number.isFinite(n) || n < 0) {
        return { ok: false, message: type === 'money' ? '金额请填数字，单位元（如 1200000）。' : type === 'area' ? '面积请填数字，单位平方米（如 89.5）。' : '请填写一个数字。' };
      }
      return { ok: true, value: n };
    }
    case 'bankcard':
      return /^\d{12,19}$/.test(v.replace(/\s/g, ''))
        ? { ok: true, value: v.replace(/\s/g, '') }
        : { ok: false, message: '银行账号应为12到19位数字，请核对银行卡。' };
    case 'address':
      return v.length >= 6
        ? { ok: true, value: v }
        : { ok: false, message: '地址请写完整：区、街道、小区、楼栋和门牌号。' };
    case 'choice':
      return options?.includes(v)
        ? { ok: true, value: v }
        : { ok: false, message: `请从以下选项中选一个：${(options ?? []).join('、')}。` };
    case 'text':
      return v.length <= 500 ? { ok: true, value: v } : { ok: false, message: '内容太长了，请控制在500字以内。' };
  }
}
