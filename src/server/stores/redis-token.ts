import { randomUUID } from 'node:crypto';
import type { AccessTokens, FetchToken, TokenShareFactory } from '../../channels/weixin/token.js';
import type { Stores } from './index.js';

type Redis = NonNullable<Stores['redis']>;

interface Held {
  token?: string;
  expiresAt?: number;
  /** the token last refused (40001/42001): the next refresh forces a new one */
  refused?: string;
}

/** a refresher that went away frees the lock after this long */
const LOCK_MS = 10_000;
const POLL_MS = 50;
/** refresh this long before expiry */
const EARLY_MS = 300_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** forgets the token only if it is still the refused one (another instance may have replaced it already) */
const REFUSE = `local v = redis.call('get', KEYS[1]) if v and cjson.decode(v).token == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', 600000) return 1 end return 0`;

/**
 * An account's access_token in Redis for every instance. One refresher at a time holds a lock (SET NX PX
 * with a token, released by it); the others read the cached token, waiting for the refresher rather than
 * fetching themselves (WeChat counts token calls per day). A token refused by the API is dropped only if
 * it is still the one cached, and the refresh that follows is forced (stable_token would hand it back).
 */
export class RedisAccessTokens implements AccessTokens {
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly fetchToken: FetchToken,
  ) {}

  async get(): Promise<string> {
    const held = await this.read();
    if (fresh(held)) return held.token!;
    // one caller per instance goes to Redis; the rest of this instance share its answer
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  async invalidate(token: string): Promise<void> {
    await this.redis.eval(REFUSE, { keys: [this.tokenKey], arguments: [token, JSON.stringify({ refused: token } satisfies Held)] });
  }

  private get tokenKey(): string {
    return `wx:token:${this.key}`;
  }

  private async read(): Promise<Held> {
    const v = await this.redis.get(this.tokenKey);
    return v === null ? {} : (JSON.parse(String(v)) as Held);
  }

  private async refresh(): Promise<string> {
    const lockKey = `wx:token-lock:${this.key}`;
    const until = Date.now() + LOCK_MS;
    while (Date.now() < until) {
      const lock = randomUUID();
      if ((await this.redis.set(lockKey, lock, { NX: true, PX: LOCK_MS })) === 'OK') {
        try {
          // another refresher may have finished between our read and our lock
          const held = await this.read();
          if (fresh(held)) return held.token!;
          return await this.fetchAndStore(held.refused !== undefined);
        } finally {
          await this.redis.eval(RELEASE, { keys: [lockKey], arguments: [lock] }).catch(() => undefined);
        }
      }
      await new Promise((ok) => setTimeout(ok, POLL_MS));
      const held = await this.read();
      if (fresh(held)) return held.token!;
    }
    // the refresher went quiet for the whole lock time: fetch rather than leave the user waiting
    return this.fetchAndStore(false);
  }

  private async fetchAndStore(force: boolean): Promise<string> {
    const t = await this.fetchToken(force);
    const expiresAt = Date.now() + t.expiresInSec * 1000;
    await this.redis.set(this.tokenKey, JSON.stringify({ token: t.token, expiresAt } satisfies Held), { PX: t.expiresInSec * 1000 });
    return t.token;
  }
}

const fresh = (h: Held): boolean => !!h.token && (h.expiresAt ?? 0) - EARLY_MS > Date.now();

export const redisTokens =
  (redis: Redis): TokenShareFactory =>
  (key, fetchToken) =>
    new RedisAccessTokens(redis, key, fetchToken);
