import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { BundleId } from '../knowledge/schema/index.js';

export interface HandoverEntry {
  conversationId: string;
  channel: string;
  at: string;
  reason: string;
  bundle?: BundleId;
  resolved?: boolean;
}

/**
 * The conversations that asked for a person (转人工), for the hotline console to list. A small lowdb
 * file of its own: Storage has no "list keys", and the console must see every open request.
 */
export class HandoverRegistry {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly db: Low<{ handovers: HandoverEntry[] }>;

  constructor(file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
    const adapter = file ? new JSONFile<{ handovers: HandoverEntry[] }>(file) : new Memory<{ handovers: HandoverEntry[] }>();
    this.db = new Low(adapter, { handovers: [] });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  add(e: HandoverEntry): Promise<void> {
    return this.serial(async () => {
      await this.db.read();
      this.db.data.handovers = this.db.data.handovers.filter((h) => h.conversationId !== e.conversationId || h.resolved);
      this.db.data.handovers.push(e);
      await this.db.write();
    });
  }

  resolve(conversationId: string): Promise<boolean> {
    return this.serial(async () => {
      await this.db.read();
      const open = this.db.data.handovers.filter((h) => h.conversationId === conversationId && !h.resolved);
      open.forEach((h) => (h.resolved = true));
      await this.db.write();
      return open.length > 0;
    });
  }

  list(): Promise<HandoverEntry[]> {
    return this.serial(async () => {
      await this.db.read();
      return [...this.db.data.handovers].reverse();
    });
  }
}
