/** 居民身份证号 per GB 11643-1999: region, real birth date not in the future, sequence, check character. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdCardProblem = 'length' | 'chars' | 'birthdate' | 'future' | 'check';

export function idCardProblem(raw: string, today: Date = new Date()): IdCardProblem | null {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'chars';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return 'birthdate';
  if (birth.getTime() > today.getTime()) return 'future';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17] ? null : 'check';
}

export function isIdCard(raw: string, today?: Date): boolean {
  return idCardProblem(raw, today) === null;
}

/** Birth date and sex read from a valid number: prefill for forms that ask them again. */
export function idCardFacts(raw: string): { birthDate: string; sex: '男' | '女' } {
  const id = raw.trim().toUpperCase();
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? '男' : '女',
  };
}

export const ID_CARD_MESSAGES: Record<IdCardProblem, string> = {
  length: '身份证号应为18位，请核对后重新输入。',
  chars: '身份证号前17位应为数字，最后一位是数字或X，请核对后重新输入。',
  birthdate: '身份证号中的出生日期（第7到14位）不是有效日期，请核对。',
  future: '身份证号中的出生日期晚于今天，请核对。',
  check: '身份证号最后一位校验码不对，可能有数字输错了，请逐位核对后重新输入。',
};
