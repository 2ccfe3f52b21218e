import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirPrivate, writeFilePrivate } from '../../util/files.js';

/** Failed sign-ins under one key: how many, and when the last one was. */
export interface Counter {
  fails: number;
  last: number;
}

/** Where counters live: a file for one instance; a shared store (Redis) implements the same three calls. */
export interface CounterStore {
  get(key: string): Promise<Counter | undefined>;
  put(key: string, c: Counter): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Counters in a JSON file (0600), read once and written whole after each change, so a restart keeps them. */
export class FileCounterStore implements CounterStore {
  private readonly data: Record<string, Counter>;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { counters?: Record<string, Counter> };
      this.data = parsed.counters && typeof parsed.counters === 'object' ? parsed.counters : {};
    } catch {
      this.data = {};
    }
  }

  private persist(): Promise<void> {
    const content = JSON.stringify({ counters: this.data });
    const run = this.chain.then(async () => {
      await mkdirPrivate(dirname(this.file));
      await writeFilePrivate(this.file, content);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async get(key: string): Promise<Counter | undefined> {
    return this.data[key];
  }

  async put(key: string, c: Counter): Promise<void> {
    this.data[key] = c;
    await this.persist();
  }

  async delete(key: string): Promise<void> {
    if (!(key in this.data)) return;
    delete this.data[key];
    await this.persist();
  }

  /** Drops counters not touched for `olderThanMs`, so the file does not grow with every address ever seen. */
  async sweep(olderThanMs: number, now: number): Promise<void> {
    let changed = false;
    for (const [k, c] of Object.entries(this.data)) {
      if (now - c.last > olderThanMs) {
        delete this.data[k];
        changed = true;
      }
    }
    if (changed) await this.persist();
  }
}

export interface BackoffRule {
  /** failures allowed before any delay */
  free: number;
  /** the first delay; each further failure doubles it */
  baseMs: number;
  maxMs: number;
  /** a key untouched this long starts again from zero */
  forgetMs: number;
}

/**
 * Growing delay after failed sign-ins instead of a lock: an attacker who fails over and over can only
 * make the next try wait (at most `maxMs`), never shut the real operator out, and the guess rate is
 * held to one per `maxMs` per key.
 */
export class Backoff {
  constructor(
    private readonly store: CounterStore,
    private readonly prefix: string,
    private readonly rule: BackoffRule,
    private readonly now: () => number = Date.now,
  ) {}

  private delay(fails: number): number {
    if (fails <= this.rule.free) return 0;
    return Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** (fails - this.rule.free - 1));
  }

  private async counter(key: string): Promise<Counter | undefined> {
    const c = await this.store.get(this.prefix + key);
    return c && this.now() - c.last <= this.rule.forgetMs ? c : undefined;
  }

  /** Seconds to wait before the next try under this key, 0 when a try is allowed now. */
  async retryAfter(key: string): Promise<number> {
    const c = await this.counter(key);
    if (!c) return 0;
    const ms = c.last + this.delay(c.fails) - this.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async fail(key: string): Promise<void> {
    const c = await this.counter(key);
    await this.store.put(this.prefix + key, { fails: (c?.fails ?? 0) + 1, last: this.now() });
  }

  async clear(key: string): Promise<void> {
    await this.store.delete(this.prefix + key);
  }
}
