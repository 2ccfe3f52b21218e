import { createHash } from 'node:crypto';
import { HttpError } from './http.js';

/** How long a signed callback stays acceptable: WeChat signs with the current time and retries within seconds. */
export const DEFAULT_REPLAY_WINDOW_S = 300;
/** a flood of distinct signatures must not grow memory without end */
const MAX_REMEMBERED = 50_000;

/**
 * Refuses old or future timestamps, and a signature seen before on another route or over another body.
 * The plain-mode signature covers only token, timestamp and nonce, never the body or the URL, so without this
 * one captured query string would sign anything posted to any route with the same token for ever.
 * WeChat's own retries repeat the same query over the same body on the same route: those pass (the adapter
 * answers them from its reply cache).
 */
export class ReplayGuard {
  /** shared by every guard in the process, so a signature is bound to the first route (/wechat, /wecom) it opened */
  private static readonly seen = new Map<string, { bound: string; until: number }>();
  private readonly seen = ReplayGuard.seen;

  constructor(readonly windowS: number = DEFAULT_REPLAY_WINDOW_S) {}

  check(route: string, timestamp: string | null, signature: string, body: string, nowMs = Date.now()): void {
    const ts = Number(timestamp);
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - ts) > this.windowS) {
      throw new HttpError(401, '请求时间戳已过期或不正确');
    }
    const bound = `${route}\n${createHash('sha256').update(body).digest('hex')}`;
    const prior = this.seen.get(signature);
    if (prior && prior.until > nowMs && prior.bound !== bound) throw new HttpError(401, '签名已用于另一请求，不能重复使用');
    if (!prior || prior.until <= nowMs) this.remember(signature, bound, (ts + this.windowS) * 1000, nowMs);
  }

  private remember(signature: string, bound: string, until: number, nowMs: number): void {
    if (this.seen.size >= MAX_REMEMBERED) {
      for (const [k, v] of this.seen) if (v.until <= nowMs) this.seen.delete(k);
      // still full of live entries: drop the oldest, the map keeps insertion order
      while (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    }
    this.seen.set(signature, { bound, until });
  }
}
