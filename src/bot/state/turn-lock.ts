/**
 * One conversation's turns run one at a time: user messages, proactive notices and console replies all
 * take the same lock, so no turn works from state another is about to overwrite. The embedded store
 * uses the in-process queue below; several instances use a lock in Redis (src/server/stores/redis-lock.ts).
 */
export interface TurnLock {
  /** runs fn while holding the lock of `key`, waiting for earlier holders first */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** The lock key of a conversation, the same for every path that touches its state. */
export const conversationLockKey = (channelId: string | undefined, conversationId: string | undefined): string =>
  `turn/${channelId ?? 'unknown'}/${conversationId ?? 'unknown'}`;

/** A queue per key in this process: each holder starts when the previous one has settled. */
export class LocalTurnLock implements TurnLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** keys with a turn running or waiting (drain waits for none) */
  get busy(): number {
    return this.tails.size;
  }
}
