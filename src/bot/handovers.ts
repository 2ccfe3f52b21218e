import { readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BundleId } from '../knowledge/schema/index.js';
import { mkdirPrivate, type TextCodec, writeFilePrivate } from '../util/files.js';
import { DataKeyError } from '../util/crypto-at-rest.js';

/**
 * waiting: nobody has taken it yet · taken: an operator answers in the chat · missed: nobody took it
 * in time and the citizen was sent to 12345 (an operator may still take it) · resolved: handed back.
 */
export type HandoverStatus = 'waiting' | 'taken' | 'missed' | 'resolved';

export interface HandoverEntry {
  conversationId: string;
  channel: string;
  at: string;
  reason: string;
  bundle?: BundleId;
  status: HandoverStatus;
  /** kept beside status for readers of older files and the console's "已处理" */
  resolved?: boolean;
  takenBy?: string;
  takenAt?: string;
  resolvedAt?: string;
  /** when the citizen was told nobody could take it (so it is said once) */
  missedAt?: string;
}

export const isOpen = (h: HandoverEntry) => h.status === 'waiting' || h.status === 'taken' || h.status === 'missed';

/**
 * Where 转人工 requests live. Small on purpose: the file store below serves one instance; a shared
 * store (Redis, PostgreSQL) implements the same four calls for several.
 */
export interface HandoverStore {
  /** opens a waiting request; an open one for the same conversation is replaced */
  add(e: Omit<HandoverEntry, 'status'>): Promise<HandoverEntry>;
  /** the open request of a conversation, if any */
  open(channel: string, conversationId: string): Promise<HandoverEntry | undefined>;
  /** changes the open request of a conversation; null when there is none (or `when` refuses it) */
  update(conversationId: string, change: (h: HandoverEntry) => boolean | undefined): Promise<HandoverEntry | null>;
  /** every kept request, newest first */
  list(): Promise<HandoverEntry[]>;
  /** 删除我的信息: every request of a conversation, open or resolved, erased; how many there were */
  removeConversation(channel: string, conversationId: string): Promise<number>;
}

/** Old files wrote only `resolved`; an entry without status is read as what it meant. */
function normalise(h: HandoverEntry): HandoverEntry {
  const status: HandoverStatus = h.status ?? (h.resolved ? 'resolved' : 'waiting');
  return { ...h, status, resolved: status === 'resolved' };
}

/**
 * The file store: read once at start and kept in memory (a turn used to re-read the whole file: 50 →
 * 611 ms after 2,255 entries), written whole through a temp file and a rename after each change.
 * Resolved requests older than `keepDays` are pruned at start and on every new request; open ones stay.
 */
export class HandoverRegistry implements HandoverStore {
  private entries: HandoverEntry[];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file?: string,
    private readonly keepDays = 30,
    private readonly now: () => number = Date.now,
    // what the citizen said (reason) may hold an ID number or a phone: the server seals it (crypto-at-rest's
    // sealingCodec) field by field, so a request stays listed under a changed key, its words unreadable
    private readonly codec: TextCodec = { encode: (t) => t, decode: (t) => t },
  ) {
    this.entries = file ? this.readFile(file) : [];
    this.prune();
  }

  private readFile(file: string): HandoverEntry[] {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { handovers?: HandoverEntry[] };
      return Array.isArray(data.handovers) ? data.handovers.map((h) => normalise({ ...h, reason: this.openReason(h.reason) })) : [];
    } catch (e) {
      // absent on a first start; a damaged file must not stop the server (the requests were also logged),
      // and is set aside rather than overwritten by the next request
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        try {
          renameSync(file, `${file}.damaged-${this.now()}`);
        } catch {
          // unreadable and immovable: the next write replaces it
        }
      }
      return [];
    }
  }

  /** a reason sealed under a key not configured stays listed, its words unreadable (and rewritten so at the next write) */
  private openReason(stored: unknown): string {
    if (typeof stored !== 'string') return '';
    try {
      return this.codec.decode(stored);
    } catch (e) {
      if (e instanceof DataKeyError) return '（数据密钥已更换，原话无法读取）';
      throw e;
    }
  }

  /** writes every entry again, each reason sealed under the current key (npm run rotate-key) */
  reseal(): Promise<void> {
    return this.persist();
  }

  /** Number of entries held, for benches and tests. */
  get size(): number {
    return this.entries.length;
  }

  private prune(): void {
    const before = this.now() - this.keepDays * 86_400_000;
    this.entries = this.entries.filter((h) => isOpen(h) || Date.parse(h.resolvedAt ?? h.at) >= before);
  }

  private persist(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const content = JSON.stringify({ handovers: this.entries.map((h) => ({ ...h, reason: this.codec.encode(h.reason).trim() })) });
    const run = this.chain.then(async () => {
      await mkdirPrivate(dirname(file));
      await writeFilePrivate(file, content);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async add(e: Omit<HandoverEntry, 'status'>): Promise<HandoverEntry> {
    const entry: HandoverEntry = { ...e, status: 'waiting', resolved: false };
    this.entries = this.entries.filter((h) => h.conversationId !== e.conversationId || !isOpen(h));
    this.entries.push(entry);
    this.prune();
    await this.persist();
    return { ...entry };
  }

  async open(channel: string, conversationId: string): Promise<HandoverEntry | undefined> {
    const h = this.entries.find((x) => x.conversationId === conversationId && x.channel === channel && isOpen(x));
    return h && { ...h };
  }

  async update(conversationId: string, change: (h: HandoverEntry) => boolean | undefined): Promise<HandoverEntry | null> {
    const h = this.entries.find((x) => x.conversationId === conversationId && isOpen(x));
    if (!h) return null;
    const draft = { ...h };
    if (change(draft) === false) return null;
    draft.resolved = draft.status === 'resolved';
    Object.assign(h, draft);
    await this.persist();
    return { ...h };
  }

  async list(): Promise<HandoverEntry[]> {
    return this.entries.map((h) => ({ ...h })).reverse();
  }

  async removeConversation(channel: string, conversationId: string): Promise<number> {
    const before = this.entries.length;
    this.entries = this.entries.filter((h) => !(h.conversationId === conversationId && h.channel === channel));
    const removed = before - this.entries.length;
    if (removed > 0) await this.persist();
    return removed;
  }

  /** Marks the open request handled (no message to the citizen); false when there was none. */
  async resolve(conversationId: string): Promise<boolean> {
    const at = new Date(this.now()).toISOString();
    return (await this.update(conversationId, (h) => void Object.assign(h, { status: 'resolved', resolvedAt: at }))) !== null;
  }
}
