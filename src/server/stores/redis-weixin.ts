import type { Reply, ReplayRegistry, ReplyCache, WeixinShared } from '../../channels/weixin/shared.js';
import { open, seal, type Keyring } from '../../util/crypto-at-rest.js';

import type { Stores } from './index.js';
import { redisTokens } from './redis-token.js';

/** the client openStores made (and tests make with createClient) */
type Redis = NonNullable<Stores['redis']>;

/**
 * A message's finished reply and its answerer in Redis, so that WeChat's retry reaching another instance
 * gets the same reply and the turn runs once. The reply is sealed with DATA_ENCRYPTION_KEY like the rest
 * of the state: it can hold what the citizen told the bot.
 */
export class RedisReplyCache implements ReplyCache {
  constructor(
    private readonly redis: Redis,
    private readonly ring: Keyring,
  ) {}

  async get(key: string): Promise<Reply | undefined> {
    const v = await this.redis.get(`wx:reply:${key}`);
    if (v === null) return undefined;
    return JSON.parse(open(this.ring, String(v))) as Reply;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`wx:claim:${key}`, '1', { NX: true, PX: ttlMs })) === 'OK';
  }

  async put(key: string, reply: Reply, ttlMs: number): Promise<void> {
    await this.redis.set(`wx:reply:${key}`, seal(this.ring, JSON.stringify({ content: reply.content })), { PX: ttlMs });
  }

  async release(key: string): Promise<void> {
    await this.redis.del(`wx:claim:${key}`);
  }
}

/** A signed callback's binding in Redis: one signature, one route and body, whichever instance saw it first. */
export class RedisReplayRegistry implements ReplayRegistry {
  constructor(private readonly redis: Redis) {}

  async bind(signature: string, bound: string, untilMs: number, nowMs: number): Promise<string> {
    const key = `wx:sig:${signature}`;
    const ttl = Math.max(1, untilMs - nowMs);
    if ((await this.redis.set(key, bound, { NX: true, PX: ttl })) === 'OK') return bound;
    // expired between the two calls: the binding is ours to make again
    const held = await this.redis.get(key);
    return held === null ? bound : String(held);
  }
}

export const redisWeixinShared = (redis: Redis, ring: Keyring): WeixinShared => ({
  replies: new RedisReplyCache(redis, ring),
  replay: new RedisReplayRegistry(redis),
  tokens: redisTokens(redis),
});
