import { createHash } from 'node:crypto';

/**
 * Masking of personal data before anything reaches a log (个人信息保护法).
 * Patterns are applied to free text too, since users type ID numbers into chat messages.
 */
// a separator users put inside a long number: spaces (ASCII, ideographic, no-break), dashes, dots
const SEP = '[ \\t\\u3000\\u00a0.\\-－—]?';
/** ID numbers written in groups (「610102 19900101 1234」, 「6101-0219-…」); the compact form is ID_RE's. */
const SPACED_ID_RE = new RegExp(`(?<![0-9A-Za-z])\\d(?:${SEP}\\d){16}${SEP}[\\dXx](?![0-9A-Za-z])`, 'g');
/** Mobile numbers with a country prefix (+86, 0086, 86) and/or separators: 「+86 139-9123-4567」. */
const SPACED_PHONE_RE = new RegExp(`(?<![0-9A-Za-z+])(?:(?:\\+|00)?86${SEP})?(1[3-9]\\d)${SEP}\\d{4}${SEP}(\\d{4})(?!\\d)`, 'g');
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

const MASKED_ID = /^(?:.{4}\*{4}.{4}|#[0-9a-f]{8})$/;

/**
 * WeChat openids and conversation ids identify a person across sessions; keep enough to correlate log
 * lines, not to look the person up: head and tail of a long id, a short hash of a short one (whose
 * head and tail would be most of it). Masking a masked id gives it back unchanged.
 */
export function maskOpenId(o: string): string {
  if (MASKED_ID.test(o)) return o;
  return o.length >= 16 ? `${o.slice(0, 4)}****${o.slice(-4)}` : `#${createHash('sha256').update(o).digest('hex').slice(0, 8)}`;
}

/** Log keys whose value is a person's id on a channel or a conversation id (which is one on WeChat). */
const ID_KEY = /openid|fromuser|touser|^(conversation|conversation_?id|user|user_?id|from|recipient)$/i;

/**
 * Full-width digits, X and + (「１１０１…」, typed with a Chinese input method) read as ASCII, so the
 * patterns below see them; NFKC would also fold the Chinese punctuation a log should keep as typed.
 */
function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff38\uff58\uff0b]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Masks every ID number, credit code, phone and bank number found in free text. */
export function maskText(s: string): string {
  return halfWidth(s)
    .replace(SPACED_ID_RE, (m) => (/[^\dXx]/.test(m) ? maskIdNumber(m.replace(/[^\dXx]/g, '')) : m))
    .replace(SPACED_PHONE_RE, (m, a: string, b: string) => (/^\d{11}$/.test(m) ? m : `${a}****${b}`))
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
    if (ID_KEY.test(key)) return maskOpenId(v);
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
