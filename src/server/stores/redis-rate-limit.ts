import type { BucketOptions, LimiterFactory, RateLimiter } from '../guard/rate-limit.js';
import type { Stores } from './index.js';

type Redis = NonNullable<Stores['redis']>;

/**
 * The token bucket of TokenBucketLimiter, in one Redis hash per key, taken atomically by a script. Time
 * is Redis's own (TIME), so instances with clocks apart still fill the bucket at one rate.
 */
const TAKE = `
local cap = tonumber(ARGV[1]) local rate = tonumber(ARGV[2]) local cost = tonumber(ARGV[3])
local tm = redis.call('TIME') local now = tonumber(tm[1]) * 1000 + math.floor(tonumber(tm[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local t = tonumber(b[1]) or cap local at = tonumber(b[2]) or now
t = math.min(cap, t + (now - at) / 1000 * rate)
local ok = 0
if t >= cost then t = t - cost ok = 1 end
redis.call('HSET', KEYS[1], 't', tostring(t), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate * 1000) + 1000)
return ok`;

/** Abuse limits counted once for all instances: an address rotating between them gets no more. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly o: BucketOptions,
  ) {}

  async take(key: string, cost = 1): Promise<boolean> {
    const ok = await this.redis.eval(TAKE, { keys: [`rl:${this.name}:${key}`], arguments: [String(this.o.capacity), String(this.o.perSecond), String(cost)] });
    return Number(ok) === 1;
  }
}

export const redisLimiters =
  (redis: Redis): LimiterFactory =>
  (name, o) =>
    new RedisRateLimiter(redis, name, o);
