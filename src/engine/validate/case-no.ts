/**
 * 受理编号, defined once for the backend that issues it, the contract that checks it and the chat that
 * reads it from what a citizen types: WY + the acceptance day (8 digits, Beijing time) + 6 random digits
 * + a Luhn check digit. Random, so a number cannot be guessed from the one before it; checked, so a
 * mistyped digit is caught before anything is looked up.
 */
export const CASE_NO_SOURCE = 'WY\\d{15}';
/** the whole string is a 受理编号 (shape only; isCaseNo also checks the digit) */
export const CASE_NO_EXACT = new RegExp(`^${CASE_NO_SOURCE}$`);
/** a 受理编号 inside what the user typed: 「帮我查下wy2026112804817325」 */
export const CASE_NO_IN_TEXT = new RegExp(`(?<![A-Za-z0-9])${CASE_NO_SOURCE}(?![0-9])`, 'i');

/** Luhn over the digits: catches every single wrong digit and almost every swap of neighbours. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The case number for an acceptance day (YYYYMMDD) and a six-digit random part. */
export function makeCaseNo(day: string, random: number): string {
  const body = `${day}${String(random).padStart(6, '0')}`;
  return `WY${body}${luhnDigit(body)}`;
}

export function isCaseNo(s: string): boolean {
  if (!CASE_NO_EXACT.test(s)) return false;
  const digits = s.slice(2);
  return luhnDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

/**
 * WY and digits that are not a 受理编号's shape (a digit too few or too many): still meant as one, so it is
 * answered as a wrong number, never read as 「我的申请到哪了」 (which lists the user's cases).
 */
const CASE_NO_LIKE_IN_TEXT = /(?<![A-Za-z0-9])WY\d{6,}(?![0-9])/i;

/**
 * The 受理编号 a message names, upper-cased: `valid` when its shape and check digit hold, `shaped` when it
 * has the shape (WY + 15 digits) at all.
 */
export function caseNoIn(text: string): { caseNo: string; valid: boolean; shaped: boolean } | null {
  const m = CASE_NO_IN_TEXT.exec(text) ?? CASE_NO_LIKE_IN_TEXT.exec(text);
  if (!m) return null;
  const caseNo = m[0].toUpperCase();
  return { caseNo, valid: isCaseNo(caseNo), shaped: CASE_NO_EXACT.test(caseNo) };
}
