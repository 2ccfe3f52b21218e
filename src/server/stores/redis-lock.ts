import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { SharedRedis } from './index.js';
import { KeyedLock, type TurnLock } from '../../bot/turn-lock.js';

export interface RedisTurnLockOptions {
  /** how long a lock lives without renewal: a crashed holder blocks its conversation this long at most */
  ttlMs?: number;
  /** a turn waiting longer than this for its conversation gives up with an error */
  maxWaitMs?: number;
}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`turn lock ${key} not acquired in time`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * A conversation's turn lock across instances: SET NX PX with a random token, renewed while the turn
 * runs, released only by the token that took it (a lock that expired and went to another instance is
 * not released by the late first holder). Expiry is possible (a paused process), so the lock is not
 * the only guard: the state's version check refuses the late holder's write and its turn runs again.
 * Turns of one conversation in this process queue locally first, so only one of them polls Redis.
 */
export class RedisTurnLock implements TurnLock {
  private readonly local = new KeyedLock();
  /** keys this async flow holds in Redis already: a notice raised inside a turn runs within it */
  private readonly held = new AsyncLocalStorage<Set<string>>();
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly redis: SharedRedis,
    o: RedisTurnLockOptions = {},
  ) {
    this.ttlMs = o.ttlMs ?? 15_000;
    this.maxWaitMs = o.maxWaitMs ?? 30_000;
  }

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const mine = this.held.getStore();
    if (mine?.has(key)) return fn();
    return this.local.run(key, async () => {
      const token = randomUUID();
      await this.acquire(key, token);
      const renew = setInterval(
        () => {
          void this.redis.eval(RENEW, { keys: [key], arguments: [token, String(this.ttlMs)] }).catch(() => undefined);
        },
        Math.floor(this.ttlMs / 3),
      );
      try {
        return await this.held.run(new Set([...(mine ?? []), key]), fn);
      } finally {
        clearInterval(renew);
        await this.redis.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => undefined);
      }
    });
  }

  private async acquire(key: string, token: string): Promise<void> {
    const until = Date.now() + this.maxWaitMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const ok = await this.redis.set(key, token, { NX: true, PX: this.ttlMs });
      if (ok === 'OK') return;
      if (Date.now() > until) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
