import type { Storage } from 'botbuilder';
import type { TokenShareFactory } from './token.js';

/**
 * What WeChat's retries need to agree on across instances: the finished reply of a message, who is
 * answering it now, and which request a signature was first seen on. One interface each; this process's
 * memory (and its Storage) by default, Redis when several instances serve one account (src/server/stores).
 */
export interface Reply {
  content: string | null;
}

export interface ReplyCache {
  /** the finished reply of a message, keyed by (account, openid, MsgId) */
  get(key: string): Promise<Reply | undefined>;
  /** true for the one caller (of any instance) that will answer the message; ttl bounds a crashed answerer */
  claim(key: string, ttlMs: number): Promise<boolean>;
  put(key: string, reply: Reply, ttlMs: number): Promise<void>;
  /** gives the message back (the turn failed), so WeChat's next retry runs it */
  release(key: string): Promise<void>;
}

export interface ReplayRegistry {
  /**
   * Binds `signature` to `bound` (route + body hash) until `untilMs` unless it is bound already;
   * returns what it is bound to now.
   */
  bind(signature: string, bound: string, untilMs: number, nowMs: number): Promise<string>;
}

/** The shared pieces a channel is given when several instances serve it. */
export interface WeixinShared {
  replies: ReplyCache;
  replay: ReplayRegistry;
  /** one access_token per account for all instances, one refresher at a time */
  tokens?: TokenShareFactory;
}

/** Replies in the bot's Storage (they survive a restart), claims in this process. */
export class StorageReplyCache implements ReplyCache {
  private readonly claims = new Map<string, number>();
  constructor(private readonly storage: Storage) {}

  async get(key: string): Promise<Reply | undefined> {
    const r = (await this.storage.read([key]))[key] as Reply | undefined;
    return r ? { content: r.content } : undefined;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    for (const [k, until] of this.claims) if (until <= now) this.claims.delete(k);
    if (this.claims.has(key)) return false;
    this.claims.set(key, now + ttlMs);
    return true;
  }

  async put(key: string, reply: Reply): Promise<void> {
    await this.storage.write({ [key]: { content: reply.content, at: Date.now() } });
    this.claims.delete(key);
  }

  async release(key: string): Promise<void> {
    this.claims.delete(key);
  }
}

/** a flood of distinct signatures must not grow memory without end */
const MAX_REMEMBERED = 50_000;

/** Signatures in this process's memory, shared by every route of it. */
export class MemoryReplayRegistry implements ReplayRegistry {
  private readonly seen = new Map<string, { bound: string; until: number }>();

  async bind(signature: string, bound: string, untilMs: number, nowMs: number): Promise<string> {
    const prior = this.seen.get(signature);
    if (prior && prior.until > nowMs) return prior.bound;
    if (this.seen.size >= MAX_REMEMBERED) {
      for (const [k, v] of this.seen) if (v.until <= nowMs) this.seen.delete(k);
      // still full of live entries: drop the oldest, the map keeps insertion order
      while (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    }
    this.seen.set(signature, { bound, until: untilMs });
    return bound;
  }
}
