import type { Counter, CounterStore } from '../console/rate-limit.js';
import type { SharedRedis } from './index.js';

/** longer than any Backoff rule's forgetMs (an hour): a counter older than that counts as none anyway */
const KEEP_MS = 2 * 3_600_000;

/**
 * The console's sign-in failure counters in Redis, so a guesser spreading tries over several instances
 * meets one growing delay. Losing them (Redis restarted) only forgets recent failures, hence Redis.
 */
export class RedisCounterStore implements CounterStore {
  constructor(private readonly redis: SharedRedis) {}

  async get(key: string): Promise<Counter | undefined> {
    const v = await this.redis.get(`console:fail:${key}`);
    return v === null ? undefined : (JSON.parse(String(v)) as Counter);
  }

  async put(key: string, c: Counter): Promise<void> {
    await this.redis.set(`console:fail:${key}`, JSON.stringify(c), { PX: KEEP_MS });
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(`console:fail:${key}`);
  }
}
