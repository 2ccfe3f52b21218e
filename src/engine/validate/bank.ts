/**
 * 开户银行 is the bank's name (中国银行西安未央支行), not the card: a number typed here is almost always
 * the account, which then goes unchecked into the wrong field. A lenient check: Chinese words that name a
 * bank, a credit cooperative or the postal savings bank, with no digits.
 */
const BANK_WORDS = /(银行|信用社|信用合作|农商|农信|农合|邮储|邮政|储蓄|村镇|商行|工行|建行|农行|中行|交行|招行|浦发|民生|兴业|光大|华夏|中信|广发|平安|长安)/;

export type BankNameProblem = 'number' | 'digits' | 'notBank';

export function bankNameProblem(raw: string): BankNameProblem | null {
  const v = raw.replace(/\s/g, '');
  if (/^\d{6,}$/.test(v)) return 'number';
  if (/\d/.test(v)) return 'digits';
  return BANK_WORDS.test(v) ? null : 'notBank';
}

export const BANK_NAME_MESSAGES: Record<BankNameProblem, string> = {
  number: '这像是银行卡号。这一项请填开户银行的名称，如 中国银行 或 中国银行西安未央支行；卡号在下一项填。',
  digits: '开户银行只写银行名称（如 中国建设银行西安凤城支行），不要写卡号或数字。',
  notBank: '请填写开户银行的名称，如 中国工商银行、长安银行 或 西安农商银行（可写到支行）。',
};
