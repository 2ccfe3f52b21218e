/**
 * One spelling per route, decided before routing and before any guard reads the path: percent-encoded
 * letters are decoded (`/%63onsole` is `/console`, so it meets the console's sign-in), and spellings that
 * could mean two things to two readers are refused: an encoded `/` `\` or `%` (double encoding), `.` or
 * `..` segments, empty segments (`//x` reads as a host to a URL parser), backslashes, control characters,
 * invalid UTF-8.
 */
export type PathVerdict = { ok: true; path: string } | { ok: false; reason: string };

const AMBIGUOUS = /%(2f|5c|25|00)/i;

export function normalisePath(raw: string): PathVerdict {
  if (!raw.startsWith('/')) return { ok: false, reason: '地址必须以 / 开头' };
  if (AMBIGUOUS.test(raw)) return { ok: false, reason: '地址含有被编码的 / \\ 或 %' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: '地址的百分号编码不合法' };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this check refuses
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return { ok: false, reason: '地址含有控制字符或反斜杠' };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1))) {
    return { ok: false, reason: '地址含有 . 或 .. 或空段' };
  }
  return { ok: true, path: `/${segments.map(segment).join('/')}` };
}

/** The request target with its path normalised and its query untouched. */
export function normaliseUrl(url: string): PathVerdict {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const v = normalisePath(path);
  return v.ok ? { ok: true, path: v.path + (q < 0 ? '' : url.slice(q)) } : v;
}

/** re-encodes what a path segment cannot hold literally, keeps the rest as typed (`:` `@` in ids) */
function segment(s: string): string {
  return encodeURI(s).replace(/[?#]/g, (c) => encodeURIComponent(c));
}
