import { randomUUID } from 'node:crypto';
import type { FailureCounter } from '../../bot/handoff.js';
import type { SharedRedis } from './index.js';

/**
 * Wrong 续办 codes counted in Redis sorted sets (one member per failure, scored by Redis's own clock), so
 * every instance counts the same tries: five wrong codes stop a conversation for an hour wherever it
 * typed them. Losing the counts (Redis restarted) only forgets recent failures.
 */
export class RedisFailureCounter implements FailureCounter {
  constructor(private readonly redis: SharedRedis) {}

  /** Redis's clock, not this machine's: instances whose clocks differ still agree on the window */
  private async nowMs(): Promise<number> {
    const [s, us] = (await this.redis.time()) as unknown as [string, string];
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  }

  async count(key: string, windowMs: number): Promise<number> {
    const k = `handoff:fail:${key}`;
    const now = await this.nowMs();
    await this.redis.zRemRangeByScore(k, 0, now - windowMs);
    return this.redis.zCard(k);
  }

  async add(key: string, windowMs: number): Promise<void> {
    const k = `handoff:fail:${key}`;
    const now = await this.nowMs();
    await this.redis
      .multi()
      .zAdd(k, { score: now, value: `${now}:${randomUUID()}` })
      .pExpire(k, windowMs)
      .exec();
  }
}
