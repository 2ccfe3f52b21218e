/**
 * 不动产权证号 as printed on the certificate (自然资源部《不动产权证书》式样, 2015 起): the province's
 * one-character name, the year in brackets, the city or county, 不动产权第 + a 7-digit serial + 号 —
 * 陕（2024）西安市不动产权第0012345号. A 不动产登记证明 reads the same with 不动产证明. Older 房屋所有权证
 * numbers vary by city (西安市房权证未央区字第1100012345号), so they are taken when they name 房权 / 房屋所有权
 * and carry a serial; anything else (「X」, a phone number) is refused with the shape to copy.
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const NEW_STYLE = new RegExp(`^([${PROVINCES}])（(\\d{4})）([\\u4e00-\\u9fa5]{2,14}?)不动产(权|证明)第(\\d{6,8})号$`);
const OLD_STYLE = /^[\u4e00-\u9fa5]{0,12}(房权|房屋所有权)[\u4e00-\u9fa5]{0,10}第?[A-Za-z]?\d{4,12}号?$/;

export type TitleCertProblem = 'shape' | 'year';

/** half-width brackets and stray spaces as people type them, written the certificate's way */
export function normalizeTitleCert(raw: string): string {
  return raw
    .replace(/\s/g, '')
    .replace(/[(（〔［[]/g, '（')
    .replace(/[)）〕］\]]/g, '）');
}

export function titleCertProblem(raw: string, today: Date = new Date()): TitleCertProblem | null {
  const v = normalizeTitleCert(raw);
  const m = NEW_STYLE.exec(v);
  if (m) {
    const year = Number(m[2]);
    // unified registration began in 2015; a year after this one is a typing slip
    return year >= 2015 && year <= today.getUTCFullYear() ? null : 'year';
  }
  return OLD_STYLE.test(v) ? null : 'shape';
}

export const TITLE_CERT_MESSAGES: Record<TitleCertProblem, string> = {
  shape: '不动产权证号请照证书上的写全，如 陕（2024）西安市不动产权第0012345号；老房产证写房屋所有权证号，如 西安市房权证未央区字第1100012345号。',
  year: '不动产权证号括号里的年份应在2015年到今年之间，请照证书核对，如 陕（2024）西安市不动产权第0012345号。',
};
