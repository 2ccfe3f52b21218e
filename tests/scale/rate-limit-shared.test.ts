import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../src/server/stores/redis-rate-limit.js';

/** Two instances' limiters over one Redis: a client spreading its requests over both gets one bucket. */
const { REDIS_URL } = process.env;
const clients: { quit(): Promise<unknown> }[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

async function limiter(capacity: number, perSecond: number): Promise<RedisRateLimiter> {
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  clients.push(redis);
  return new RedisRateLimiter(redis as never, 'test', { capacity, perSecond });
}

describe.skipIf(!REDIS_URL)(`rate limits across instances (Redis)${REDIS_URL ? '' : ' — skipped: REDIS_URL is not set'}`, () => {
  it('counts one bucket for both instances, refills at its rate, and keeps keys apart', async () => {
    const [a, b] = [await limiter(5, 10), await limiter(5, 10)];
    const key = `addr-${randomUUID()}`;
    const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take(key)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await a.take(`other-${randomUUID()}`)).toBe(true);
    // 10 a second: after 250 ms at least two tokens are back, never more than the capacity
    await new Promise((r) => setTimeout(r, 250));
    const again = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).take(key)));
    expect(again.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(again.filter(Boolean).length).toBeLessThanOrEqual(5);
  });
});
