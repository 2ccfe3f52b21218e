import { createHash } from 'node:crypto';
import { HttpError } from './http.js';
import { MemoryReplayRegistry, type ReplayRegistry } from './shared.js';

/** How long a signed callback stays acceptable: WeChat signs with the current time and retries within seconds. */
export const DEFAULT_REPLAY_WINDOW_S = 300;

/** one per process by default, so a signature is bound to the first route (/wechat, /wecom) it opened */
const processRegistry = new MemoryReplayRegistry();

/**
 * Refuses old or future timestamps, and a signature seen before on another route or over another body.
 * The plain-mode signature covers only token, timestamp and nonce, never the body or the URL, so without this
 * one captured query string would sign anything posted to any route with the same token for ever.
 * WeChat's own retries repeat the same query over the same body on the same route: those pass (the adapter
 * answers them from its reply cache). With several instances the registry is Redis, so a signature used on
 * one instance cannot be replayed with another body on the next.
 */
export class ReplayGuard {
  constructor(
    readonly windowS: number = DEFAULT_REPLAY_WINDOW_S,
    private readonly registry: ReplayRegistry = processRegistry,
  ) {}

  async check(route: string, timestamp: string | null, signature: string, body: string, nowMs = Date.now()): Promise<void> {
    const ts = Number(timestamp);
    if (!timestamp || !/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - ts) > this.windowS) {
      throw new HttpError(401, '请求时间戳已过期或不正确');
    }
    const bound = `${route}\n${createHash('sha256').update(body).digest('hex')}`;
    const held = await this.registry.bind(signature, bound, (ts + this.windowS) * 1000, nowMs);
    if (held !== bound) throw new HttpError(401, '签名已用于另一请求，不能重复使用');
  }
}
