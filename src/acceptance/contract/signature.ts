import { createHmac, timingSafeEqual } from 'node:crypto';

export const HEADER_SIGNATURE = 'x-signature';
export const HEADER_TIMESTAMP = 'x-timestamp';
export const HEADER_IDEMPOTENCY = 'idempotency-key';
/** How far a request's timestamp may be from the receiver's clock, both ways. */
export const DEFAULT_REPLAY_WINDOW_SEC = 300;

/**
 * HMAC-SHA256 over `${timestamp}.${body}`, hex. A request without a body (GET) signs its path and
 * query instead, so a captured signature cannot be reused to read another case.
 */
export function sign(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const ts = String(Math.floor(now / 1000));
  return { 'X-Timestamp': ts, 'X-Signature': sign(secret, ts, body) };
}

export type SignatureProblem = 'missing' | 'stale' | 'mismatch';

export const SIGNATURE_MESSAGES: Record<SignatureProblem, string> = {
  missing: '缺少签名：请求头应包含 X-Timestamp 和 X-Signature',
  stale: '签名时间戳超出允许范围，请校准时钟后重试',
  mismatch: '签名校验失败：请检查共享密钥和签名内容',
};

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Header lookup that works on Node's lower-cased headers and on hand-built objects alike. */
export function headerValue(h: HeaderBag, name: string): string | undefined {
  const n = name.toLowerCase();
  const v = h[n] ?? Object.entries(h).find(([k]) => k.toLowerCase() === n)?.[1];
  return Array.isArray(v) ? v[0] : v;
}

export function checkSignature(headers: HeaderBag, body: string, secret: string, opts: { now?: number; windowSec?: number } = {}): SignatureProblem | null {
  const ts = headerValue(headers, HEADER_TIMESTAMP);
  const sig = headerValue(headers, HEADER_SIGNATURE);
  if (!ts || !sig || !/^\d{1,12}$/.test(ts)) return 'missing';
  const skew = Math.abs((opts.now ?? Date.now()) / 1000 - Number(ts));
  if (skew > (opts.windowSec ?? DEFAULT_REPLAY_WINDOW_SEC)) return 'stale';
  const want = Buffer.from(sign(secret, ts, body));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want) ? null : 'mismatch';
}
