/**
 * Masking of personal data before anything reaches a log (个人信息保护法).
 * Patterns are applied to free text too, since users type ID numbers into chat messages.
 */
const ID_RE = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const USCC_RE = /(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})[0-9A-HJ-NPQRTUWXY]{9}([0-9A-HJ-NPQRTUWXY])(?![0-9A-Z])/g;
const PHONE_RE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const LANDLINE_RE = /(?<!\d)(029-?)\d{4}(\d{4})(?!\d)/g;
const BANK_RE = /(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)/g;

export function maskIdNumber(id: string): string {
  return id.length >= 10 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '****';
}

export function maskPhone(p: string): string {
  return p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}

/** Keeps the first few characters of an address (the district) and hides the rest. */
export function maskAddress(a: string): string {
  return a.length <= 6 ? '****' : `${a.slice(0, 6)}****`;
}

/** WeChat openids identify a person across sessions; keep enough to correlate logs, not to look them up. */
export function maskOpenId(o: string): string {
  return o.length <= 8 ? '****' : `${o.slice(0, 4)}****${o.slice(-4)}`;
}

/** Masks every ID number, credit code, phone and bank number found in free text. */
export function maskText(s: string): string {
  return s
    .replace(ID_RE, (_m, a: string, b: string) => `${a.slice(0, 4)}**********${b.slice(-4)}`)
    .replace(USCC_RE, (_m, a: string, b: string) => `${a}*********${b}`)
    .replace(BANK_RE, (_m, a: string, b: string) => `${a}********${b}`)
    .replace(PHONE_RE, (_m, a: string, b: string) => `${a}****${b}`)
    .replace(LANDLINE_RE, (_m, a: string, b: string) => `${a}****${b}`)
    .replace(HOUSE_NO_RE, '*$1');
}

/** House, building, unit and room numbers: what makes an address in free text point at one door. */
const HOUSE_NO_RE = /\d+(号楼|号院|号|栋|幢|单元|室|楼|层|户)/g;

const PERSON_NAME_KEY = /(applicant|agent|user|real|legal_?rep|seller|buyer|spouse|person|deceased|child|mother|father)_?name$|^(姓名|name)$/i;

/** Deep copy of a log object with sensitive keys and free text masked. */
export function maskDeep(v: unknown, key = ''): unknown {
  // an Error's message and stack are not own enumerable fields: copy them, masked, or the log shows {}
  if (v instanceof Error) {
    const code = (v as NodeJS.ErrnoException).code;
    return { name: v.name, message: maskText(v.message), ...(code ? { code } : {}), ...(v.stack ? { stack: maskText(v.stack) } : {}) };
  }
  if (typeof v === 'string') {
    if (/openid|fromuser|touser/i.test(key)) return maskOpenId(v);
    if (/address|地址/i.test(key)) return maskAddress(v);
    if (PERSON_NAME_KEY.test(key)) return v.length > 1 ? `${v[0]}*${v.length > 2 ? v.slice(-1) : ''}` : '*';
    return maskText(v);
  }
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, key));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, maskDeep(x, k)]));
  }
  return v;
}
