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
 * Ids as they turn up inside error text, where no log key says what they are: a state record's key
 * (`wechat/conversations/<id>/`, src/bot/state/keys.ts) quoted by a storage error, a state file named by
 * the SHA-1 of that key (`ab/ab12…json`, computable from an openid), and WeChat's openids (28 characters
 * from 'o'), which the platform's own error text and URLs carry.
 */
const RECORD_KEY_RE = /(\/(?:conversations|users)\/)([^/\s"'`]+)(?=\/)/g;
const STATE_FILE_RE = /(?<![0-9a-f])([0-9a-f]{2})([/\\])(\1[0-9a-f]{38})(?=\.json)/g;
const OPENID_RE = /(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/g;

/** Masks the ids of {@link RECORD_KEY_RE}, {@link STATE_FILE_RE} and {@link OPENID_RE} in free text, and any of `known`. */
export function maskIdsInText(s: string, known: readonly string[] = []): string {
  let out = s;
  // longest first, so an id that contains another is masked whole
  for (const id of [...known].sort((a, b) => b.length - a.length)) if (out.includes(id)) out = out.split(id).join(maskOpenId(id));
  return out
    .replace(RECORD_KEY_RE, (_m, head: string, id: string) => `${head}${maskOpenId(id)}`)
    .replace(STATE_FILE_RE, (_m, shard: string, sep: string, hash: string) => `${shard}${sep}${maskOpenId(hash)}`)
    .replace(OPENID_RE, (m) => maskOpenId(m));
}

/**
 * The ids a log object names under an id key (its conversation, user, openid): the same ids are then
 * masked wherever else the line quotes them, in an error's message and stack above all. Short values
 * are left to the patterns, since replacing 「1」 everywhere would garble the line.
 */
export function idsNamedIn(v: unknown, key = '', out: string[] = [], depth = 0): string[] {
  if (depth > 6) return out;
  if (typeof v === 'string') {
    if (ID_KEY.test(key) && v.length >= 6 && !MASKED_ID.test(v)) out.push(v);
  } else if (Array.isArray(v)) {
    for (const x of v) idsNamedIn(x, key, out, depth + 1);
  } else if (v && typeof v === 'object' && !(v instanceof Error)) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) idsNamedIn(x, k, out, depth + 1);
  }
  return out;
}

/**
 * Full-width digits, X and + (「１１０１…」, typed with a Chinese input method) read as ASCII, so the
 * patterns below see them; NFKC would also fold the Chinese punctuation a log should keep as typed.
 */
function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff38\uff58\uff0b]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Masks every ID number, credit code, phone and bank number found in free text, and the ids of {@link maskIdsInText}. */
export function maskText(s: string, knownIds: readonly string[] = []): string {
  return halfWidth(maskIdsInText(s, knownIds))
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

/**
 * Deep copy of a log object with sensitive keys and free text masked. `ids` are masked wherever they
 * appear; by default, the ids the object itself names ({@link idsNamedIn}).
 */
export function maskDeep(v: unknown, key = '', ids: readonly string[] = key === '' ? idsNamedIn(v) : []): unknown {
  // an Error's message and stack are not own enumerable fields: copy them, masked, or the log shows {}
  if (v instanceof Error) {
    const code = (v as NodeJS.ErrnoException).code;
    return { name: v.name, message: maskText(v.message, ids), ...(code ? { code } : {}), ...(v.stack ? { stack: maskText(v.stack, ids) } : {}) };
  }
  if (typeof v === 'string') {
    if (ID_KEY.test(key)) return maskOpenId(v);
    if (/address|地址/i.test(key)) return maskAddress(v);
    if (PERSON_NAME_KEY.test(key)) return v.length > 1 ? `${v[0]}*${v.length > 2 ? v.slice(-1) : ''}` : '*';
    return maskText(v, ids);
  }
  if (Array.isArray(v)) return v.map((x) => maskDeep(x, key, ids));
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, maskDeep(x, k, ids)]));
  }
  return v;
}
