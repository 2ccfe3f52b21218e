import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One turn at a time per conversation: a user's message, a status notice, an operator's reply. Each
 * loads the conversation, changes it and saves it; two at once would lose one's changes. In-process;
 * several instances put a shared lock (Redis) behind the same call.
 */
export interface TurnLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export class KeyedLock implements TurnLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** the keys the current async flow already holds: a notice raised inside a turn must not wait for that turn */
  private readonly held = new AsyncLocalStorage<Set<string>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const mine = this.held.getStore();
    if (mine?.has(key)) return fn();
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((ok) => (release = ok));
    const tail = before.then(() => done);
    this.tails.set(key, tail);
    await before.catch(() => undefined);
    try {
      return await this.held.run(new Set([...(mine ?? []), key]), fn);
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** The lock key of a conversation, the same for its turns and its notices. */
export const turnKey = (channelId: string | undefined, conversationId: string | undefined) => `${channelId ?? '?'}/${conversationId ?? '?'}`;
