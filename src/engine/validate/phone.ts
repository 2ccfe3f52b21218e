export const MOBILE_RE = /^1[3-9]\d{9}$/;
/** 西安固定电话：029 + 8 位 */
export const XIAN_LANDLINE_RE = /^029-?\d{8}$/;

export function normalizePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '').replace(/^\+?86/, '');
}
export function isMobile(raw: string): boolean {
  return MOBILE_RE.test(normalizePhone(raw));
}
export function isXianLandline(raw: string): boolean {
  return XIAN_LANDLINE_RE.test(raw.replace(/\s/g, ''));
}
