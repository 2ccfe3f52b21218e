/** 统一社会信用代码 per GB 32100-2015. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'chars' | 'check';

export function usccProblem(raw: string): UsccProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  if ([...code].some((c) => !ALPHABET.includes(c))) return 'chars';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c] === code[17] ? null : 'check';
}

export function isUscc(raw: string): boolean {
  return usccProblem(raw) === null;
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为18位，请核对营业执照后重新输入。',
  chars: '统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V），请核对。',
  check: '统一社会信用代码最后一位校验码不对，可能有字符输错了，请核对营业执照。',
};
