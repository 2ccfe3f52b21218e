import { join } from 'node:path';
import { Low } from 'lowdb';
import type { Application } from '../../src/acceptance/contract/application.js';
import type { CaseResult, CaseStatus, FollowUp, Rating, Task } from '../../src/acceptance/contract/case.js';
import type { WebhookEvent } from '../../src/acceptance/contract/webhook.js';
import { type Keyring, sealingCodec } from '../../src/util/crypto-at-rest.js';
import { mkdirPrivate, PrivateJsonFile } from '../../src/util/files.js';
import { resealFile } from '../../src/util/sealed-file.js';

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

/** The backend's one file under its data dir. */
export const backendFile = (dataDir: string): string => join(dataDir, 'backend.json');

/**
 * One JSON file under the backend's data dir, sealed at rest (AES-256-GCM, `sealingCodec`), 0600 in a
 * 0700 folder: applications carry names, ID numbers, phones and the applicant's channel ids. A file
 * written before encryption is read and sealed at open. The adapter writes a temp file and renames it
 * over the old one, so a crash mid-write leaves the previous state, never half a file; writes asked
 * for while one is under way are coalesced into the next (group commit).
 *
 * A mutation runs synchronously on the in-memory data, so two never interleave, then waits until a
 * write holding it is on disk. If that write fails the caller gets the error (and the client retries);
 * the change stays counted as unwritten, so the next answer that relies on the change waits for a write that succeeds.
 */
export class BackendStore {
  /** changes made in memory, and how many of them a finished write holds */
  private changes = 0;
  private persisted = 0;

  private constructor(
    private readonly db: Low<BackendData>,
    /** false while no webhook is configured: change events are then not kept for anyone */
    public keepEvents: boolean,
  ) {}

  static async open(dataDir: string, ring: Keyring, keepEvents = true): Promise<BackendStore> {
    await mkdirPrivate(dataDir);
    const file = backendFile(dataDir);
    // plaintext from before encryption, or sealed under a key since rotated: sealed under the current key now
    await resealFile(file, ring);
    const db = new Low<BackendData>(new PrivateJsonFile<BackendData>(file, sealingCodec(ring)), empty());
    await db.read();
    db.data = { ...empty(), ...db.data };
    return new BackendStore(db, keepEvents);
  }

  get data(): Readonly<BackendData> {
    return this.db.data;
  }

  /** Applies `fn` and persists it. `fn` must check before it changes anything: a throw writes nothing. */
  async mutate<T>(fn: (d: BackendData) => T): Promise<T> {
    const out = fn(this.db.data);
    if (!this.keepEvents) this.db.data.webhooks.length = 0;
    this.changes += 1;
    await this.persist();
    return out;
  }

  /** Waits until every change made so far is on disk (at once when it already is). */
  async durable(): Promise<void> {
    if (this.persisted < this.changes) await this.persist();
  }

  private async persist(): Promise<void> {
    const upTo = this.changes;
    await this.db.write();
    this.persisted = Math.max(this.persisted, upTo);
  }
}
