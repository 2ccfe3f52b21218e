import type { FieldType } from '../../knowledge/schema/index.js';
import { ID_CARD_MESSAGES, idCardProblem } from './idcard.js';
import { USCC_MESSAGES, usccProblem } from './uscc.js';
import { isMobile, isXianLandline, normalizePhone } from './phone.js';
import { isCommandWord } from './words.js';
import { readDate } from './date.js';
import { BANK_NAME_MESSAGES, bankNameProblem } from './bank.js';
import { normalizeTitleCert, TITLE_CERT_MESSAGES, titleCertProblem } from './title-cert.js';
import { optionFor } from './options.js';

export type FieldCheck = { ok: true; value: string | number } | { ok: false; message: string };

/**
 * What a person's name never ends with: an organisation typed where a person is asked (申请人姓名「西京医院」)
 * would file the case under nobody.
 */
const ORG_ENDING =
  /(医院|卫生院|诊所|门诊部?|公司|集团|银行|信用社|局|中心|委员会|政府|办事处|派出所|居委会|村委会|社区|街道办?|学校|小学|中学|大学|学院|幼儿园|研究所|事务所|合作社|工厂|厂|商店|超市|酒店|宾馆|有限|部门|单位)$/;
/** an ID number typed where something else is asked (an address, a name): never taken as that value */
const ID_LIKE_RE = /^\d{15}$|^\d{17}[\dXx]$/;

/** 「45万」「1.2万元」「120万5千」「3000块」「1,200,000元」 → yuan; null when it is not an amount. */
export function parseMoney(raw: string): number | null {
  const t = raw
    .replace(/[,，\s]/g, '')
    .replace(/^(约|大约|大概|共|一共|总共|合计)/, '')
    .replace(/(人民币|rmb|RMB)/g, '')
    .replace(/(元整?|块钱?|圆)$/, '');
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(?:(\d+(?:\.\d+)?)亿)?(?:(\d+(?:\.\d+)?)万)?(?:(\d+(?:\.\d+)?)千)?(?:(\d+(?:\.\d+)?)百)?(\d+)?$/.exec(t);
  if (!m || !(m[1] || m[2] || m[3] || m[4])) return null;
  const n = Number(m[1] ?? 0) * 1e8 + Number(m[2] ?? 0) * 1e4 + Number(m[3] ?? 0) * 1e3 + Number(m[4] ?? 0) * 100 + Number(m[5] ?? 0);
  return Math.round(n * 100) / 100;
}

/**
 * Validates and normalises one form value. Messages are what the user reads: say what is wrong and
 * what a right value looks like.
 */
export function validateField(type: FieldType, raw: string, options?: readonly string[], today = new Date()): FieldCheck {
  const v = raw.trim();
  if (!v) return { ok: false, message: '这一项不能为空，请输入。' };
  // a choice field's options are the only words it takes; anywhere else a command word is not a value
  if (type !== 'choice' && isCommandWord(v)) return { ok: false, message: `「${v}」不是这一项的内容。` };
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
      return isMobile(v) ? { ok: true, value: normalizePhone(v) } : { ok: false, message: '手机号应为11位、以1开头（如 13812345678），请核对后重新输入。' };
    case 'landline':
      return isXianLandline(v) || isMobile(v)
        ? { ok: true, value: v.replace(/\s/g, '') }
        : { ok: false, message: '请填写手机号，或029开头的8位固定电话（如 029-86781234）。' };
    case 'name':
      if (/\d/.test(v)) return { ok: false, message: '姓名里不应有数字：请填写证件上的名字。' };
      if (ORG_ENDING.test(v)) return { ok: false, message: `「${v.slice(0, 20)}」像是单位名称，这里请填写人的姓名（与身份证上一致）。` };
      return /^[\u4e00-\u9fa5·]{2,20}$/.test(v) || /^[A-Za-z][A-Za-z .'-]{1,49}$/.test(v)
        ? { ok: true, value: v }
        : { ok: false, message: '姓名请填写证件上的名字：2到20个汉字（少数民族姓名可含“·”），或英文姓名。' };
    case 'date': {
      const d = readDate(v, today);
      if (d.ok) return { ok: true, value: d.iso };
      return {
        ok: false,
        message: d.problem === 'invalid' ? '这个日期不存在，请核对。' : '日期请写成 2024-05-01 或 2024年5月1日（也可以说「昨天」「上周五」）。',
      };
    }
    case 'money': {
      if (isMobile(v)) return { ok: false, message: '这像是手机号，不是金额。金额请填数字，如 450000、45万 或 45万元。' };
      const n = parseMoney(v);
      return n === null || n < 0 ? { ok: false, message: '金额请填数字，如 450000、45万 或 45万元。' } : { ok: true, value: n };
    }
    case 'area':
    case 'number': {
      const n = Number(v.replace(/[,，\s]/g, '').replace(/(元|平方米|平米|㎡|平)$/, ''));
      if (!Number.isFinite(n) || n < 0) {
        return { ok: false, message: type === 'area' ? '面积请填数字，单位平方米（如 89.5）。' : '请填写一个数字。' };
      }
      return { ok: true, value: n };
    }
    case 'bankcard':
      return /^\d{12,19}$/.test(v.replace(/\s/g, ''))
        ? { ok: true, value: v.replace(/\s/g, '') }
        : { ok: false, message: '银行账号应为12到19位数字，请核对银行卡。' };
    case 'bank': {
      const p = bankNameProblem(v);
      return p ? { ok: false, message: BANK_NAME_MESSAGES[p] } : { ok: true, value: v.replace(/\s/g, '') };
    }
    case 'title_cert': {
      const p = titleCertProblem(v, today);
      return p ? { ok: false, message: TITLE_CERT_MESSAGES[p] } : { ok: true, value: normalizeTitleCert(v) };
    }
    case 'address':
      if (ID_LIKE_RE.test(v.replace(/\s/g, ''))) return { ok: false, message: '这像是身份证号，不是地址。地址请写：区、街道、小区、楼栋和门牌号。' };
      // an address is words (区、路、小区) with numbers, never digits and signs alone
      return v.length >= 6 && (v.match(/[\u4e00-\u9fa5]/g)?.length ?? 0) >= 3
        ? { ok: true, value: v }
        : { ok: false, message: '地址请写完整：区、街道、小区、楼栋和门牌号。' };
    case 'choice': {
      const o = optionFor(v, options ?? []);
      return o !== undefined ? { ok: true, value: o } : { ok: false, message: `请从以下选项中选一个：${(options ?? []).join('、')}。` };
    }
    case 'text':
      return v.length <= 500 ? { ok: true, value: v } : { ok: false, message: '内容太长了，请控制在500字以内。' };
  }
}
