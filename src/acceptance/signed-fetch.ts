import { ApiError } from './contract/errors.js';
import { signedHeaders } from './contract/signature.js';

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** path and query below the base URL, starting with '/' */
  path: string;
  body?: unknown;
  /** an already serialised JSON body, sent byte for byte (the outbox resends exactly what it stored) */
  rawBody?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface SignedResponse {
  status: number;
  json: unknown;
}

/**
 * One signed call to the backend. A body is signed as sent; a GET signs its path (see signature.ts).
 * Network failures and timeouts become ApiError status 0 so callers treat them as "try again".
 */
export async function signedFetch(baseUrl: string, secret: string | undefined, r: SignedRequest, fetchImpl: typeof fetch = fetch): Promise<SignedResponse> {
  const url = new URL(baseUrl.replace(/\/$/, '') + r.path);
  const body = r.rawBody ?? (r.body === undefined ? undefined : JSON.stringify(r.body));
  const signed = body ?? url.pathname + url.search;
  const signal = r.signal ?? (r.timeoutMs ? AbortSignal.timeout(r.timeoutMs) : undefined);
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: r.method,
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(secret ? signedHeaders(secret, signed) : {}),
        ...r.headers,
      },
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    const timeout = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError';
    throw new ApiError(0, timeout ? 'timeout' : 'network', timeout ? '受理平台响应超时' : `无法连接受理平台：${(e as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status >= 400) {
    const b = (json ?? {}) as { error?: string; message?: string; details?: ApiError['details'] };
    throw new ApiError(res.status, b.error ?? 'http_error', b.message ?? `受理平台返回错误 HTTP ${res.status}`, b.details);
  }
  return { status: res.status, json };
}
