import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Application } from './contract/application.js';
import type { CaseResult, CaseStatus, FollowUp, Rating, Task } from './contract/case.js';
import type { WebhookEvent } from './contract/webhook.js';

export interface CaseRecord {
  caseNo: string;
  applicationId: string;
  /** sha256 of the submitted body: the same key with other content is refused, not merged */
  bodyHash: string;
  application: Application;
  status: CaseStatus;
  tasks: Task[];
  result?: CaseResult;
  rating?: Rating;
  followUpId?: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface PendingWebhook {
  event: WebhookEvent;
  attempts: number;
  /** epoch ms of the next try */
  nextAt: number;
  lastError?: string;
}

export interface BackendData {
  version: 1;
  cases: Record<string, CaseRecord>;
  /** Idempotency-Key → 受理编号 */
  keys: Record<string, string>;
  /** yyyymmdd → last sequence issued that day */
  sequences: Record<string, number>;
  followUps: Record<string, FollowUp>;
  /** the backend's own outbox of change events for the bot */
  webhooks: PendingWebhook[];
}

const empty = (): BackendData => ({ version: 1, cases: {}, keys: {}, sequences: {}, followUps: {}, webhooks: [] });

/**
 * One JSON file under the backend's data dir. lowdb's node adapter writes a temp file and renames it
 * over the old one, so a crash mid-write leaves the previous state, never half a file. Mutations run
 * one at a time; a failed write reloads the file so memory never claims what the disk does not hold.
 */
export class BackendStore {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: Low<BackendData>,
    private readonly keepEvents: boolean,
  ) {}

  /** keepEvents false: no webhook is configured, so change events are not kept for anyone. */
  static async open(dataDir: string, keepEvents = true): Promise<BackendStore> {
    await mkdir(dataDir, { recursive: true });
    const db = new Low<BackendData>(new JSONFile<BackendData>(join(dataDir, 'backend.json')), empty());
    await db.read();
    db.data = { ...empty(), ...db.data };
    return new BackendStore(db, keepEvents);
  }

  get data(): Readonly<BackendData> {
    return this.db.data;
  }

  /** Runs `fn` alone and persists what it changed. `fn` must check before it changes anything. */
  mutate<T>(fn: (d: BackendData) => T): Promise<T> {
    const run = this.chain.then(async () => {
      const out = fn(this.db.data);
      if (!this.keepEvents) this.db.data.webhooks.length = 0;
      try {
        await this.db.write();
      } catch (e) {
        await this.db.read();
        throw e;
      }
      return out;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
