import type { Knowledge } from '../../knowledge/load.js';
import { isCaseNo } from '../../engine/validate/case-no.js';
import { CASE_STATUS_LABEL, FOLLOW_UP_STATUS_LABEL, RATING_LABEL, TASK_STATUS_LABEL } from '../../acceptance/contract/case.js';
import type { CaseView } from './ports.js';

/** A department the knowledge does not know is never named by the webhook's own words. */
export const UNKNOWN_DEPARTMENT = '相关部门';
/** Longest department note a citizen reads; the rest is at the window (补正 reasons are short). */
export const NOTE_MAX = 200;

// links in any spelling a phone or a chat client would make clickable, with the verb that sells them
const LINK =
  /(?:请|立即|马上|赶快|尽快)?(?:点击|点开|打开|访问|登录|登陆|进入|扫码|复制)?(?:链接|网址|网站|以下|下方)?[:：]?\s*(?:(?:https?|ftp|tel|sms|mailto|weixin|javascript|data):\/*\S*|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|info|cc|io|me|vip|gov|edu|site|online|shop|app|link|ly)\b\S*)/gi;
// \p{Cc}: control characters; bidi overrides and zero-width marks that hide or reorder text
const CONTROL = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/gu;

/**
 * A department's free text (a 补正 reason, a follow-up answer) made safe to show a citizen: no links
 * (URLs, bare domains, tel:/sms: links), no control or direction characters, one line, capped.
 * What is left is quoted as the department's words by whoever renders it; empty text reads as none.
 */
export function departmentWords(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = text.replace(CONTROL, ' ').replace(LINK, ' ').replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
  if (clean.length < 2) return undefined;
  return clean.length > NOTE_MAX ? `${clean.slice(0, NOTE_MAX)}…` : clean;
}

/** A 受理编号 from the backend, shown only when it is one (its format and check digit), never raw text. */
export function trustedCaseNo(caseNo: string): string | undefined {
  return isCaseNo(caseNo) ? caseNo : undefined;
}

/**
 * Why the backend refused an application, as the citizen reads it: our sentence, with the backend's
 * reason quoted only through departmentWords (no links, no control characters, capped).
 */
export function refusalText(message: string | undefined): string {
  const words = departmentWords(message);
  return words ? `受理系统说明：「${words}」` : '受理系统没有说明原因';
}

/**
 * The case as the citizen may read it, rebuilt from what the bot knows rather than from what the
 * webhook says: the 受理编号 checked, department names from the knowledge by id, every status label
 * from the contract's tables, and free text only through departmentWords. Null when the case number is
 * not a 受理编号 at all (the event is not about a real case).
 */
export function trustedCase(k: Knowledge, c: CaseView): CaseView | null {
  if (!isCaseNo(c.caseNo)) return null;
  return {
    ...c,
    statusLabel: CASE_STATUS_LABEL[c.status],
    tasks: c.tasks.map((t) => ({
      ...t,
      departmentName: k.departments.get(t.department)?.name ?? UNKNOWN_DEPARTMENT,
      statusLabel: TASK_STATUS_LABEL[t.status],
      reason: departmentWords(t.reason),
    })),
    result: c.result && trustedResult(c.result),
    rating: c.rating && { ...c.rating, label: RATING_LABEL[c.rating.level] },
    followUp: c.followUp && { ...c.followUp, statusLabel: FOLLOW_UP_STATUS_LABEL[c.followUp.status], answer: departmentWords(c.followUp.answer) },
  };
}

/** Codes the citizen brings (取件码, 运单号) are kept only when they look like codes. */
function trustedResult(r: NonNullable<CaseView['result']>): NonNullable<CaseView['result']> {
  const note = departmentWords(r.note) ?? '';
  const outputs = r.outputs.map((o) => departmentWords(o)).filter((o): o is string => o !== undefined);
  const code = (s: string) => (/^[A-Za-z0-9-]{1,40}$/.test(s) ? s : '（请到窗口查询）');
  switch (r.method) {
    case 'window':
      return { ...r, label: '窗口领取', note, outputs, pickupCode: code(r.pickupCode) };
    case 'post':
      return { ...r, label: '邮寄', note, outputs, carrier: departmentWords(r.carrier)?.slice(0, 20) ?? '快递', waybillNo: code(r.waybillNo) };
    case 'electronic':
      return { ...r, label: '电子证照', note, outputs, licenceNo: code(r.licenceNo) };
  }
}
