import type { Storage } from '../bot/state/storage.js';
import { silentLogger, type Logger } from '../util/log.js';
import { backoffDelay, type BackoffOptions } from '../util/backoff.js';
import { Application, type ApplicationInput } from './contract/application.js';
import type { CaseView, SubmitResponse } from './contract/case.js';
import { ApiError, ZH } from './contract/errors.js';
// the outbox serves the bot's SubmissionPort: the outcome is defined there, once
import { InvalidApplicationError, type SubmissionPort, type SubmitOutcome } from '../bot/apply/ports.js';
import { isETagConflict } from '../bot/state/etag.js';

export type OutboxState = 'queued' | 'delivered' | 'rejected';

export interface OutboxEntry {
  id: string;
  state: OutboxState;
  bundle: string;
  /** the exact JSON sent on every try, so each retry hashes the same on the backend; dropped once delivered */
  body?: string;
  attempts: number;
  /** epoch ms; the worker leaves the entry alone before then */
  nextAttemptAt: number;
  enqueuedAt: string;
  updatedAt: string;
  caseNo?: string;
  deliveredAt?: string;
  lastError?: string;
  rejection?: { status: number; code: string; message: string };
}

interface OutboxDoc {
  entries: Record<string, OutboxEntry>;
  eTag?: string;
}

/** The part of BackendClient the outbox needs (a fake in a test, the real client otherwise). */
export interface Submitter {
  submitRaw(id: string, body: string, opts?: { timeoutMs?: number }): Promise<SubmitResponse>;
}

export interface DeliveredInfo {
  /** true: delivered by submitNow within the user's turn, which tells the user itself; false: by the worker later */
  immediate: boolean;
  case: CaseView;
}

export interface OutboxOptions {
  storage: Storage;
  client: Submitter;
  /** storage key of the outbox document */
  key?: string;
  retry?: Partial<BackoffOptions>;
  /** how long a worker sleeps at most between passes (picks up entries another process wrote) */
  pollMs?: number;
  /** timeout of one worker try */
  attemptTimeoutMs?: number;
  /** delivered entries are kept this long (without the application body) to answer a repeated enqueue */
  retainDeliveredMs?: number;
  onDelivered?: (app: Application, caseNo: string, info: DeliveredInfo) => void | Promise<void>;
  /** submitNow could not deliver at once: the application is saved and the worker will send it */
  onQueued?: (app: Application, reason: string) => void | Promise<void>;
  /** the backend refused the document itself (4xx other than 401/408/429): retrying cannot help */
  onRejected?: (app: Application, error: ApiError) => void | Promise<void>;
  logger?: Logger;
}

/** What every outbox offers: the bot's port, plus the worker and the look-ups tests and the server use. */
export interface OutboxWorker extends SubmissionPort {
  enqueue(app: ApplicationInput, holdMs?: number): Promise<OutboxEntry>;
  get(id: string): Promise<OutboxEntry | undefined>;
  list(state?: OutboxState): Promise<OutboxEntry[]>;
  start(): void;
  stop(): Promise<void>;
  flush(): Promise<void>;
}

/** Runs an outbox callback; its failure is logged, never the outbox's (the entry's state is already saved). */
export async function outboxCallback(log: Logger, name: string, fn: () => void | Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    log.error({ err: (e as Error).message }, `outbox ${name} callback failed`);
  }
}

/** What a delivered or rejected entry already says; null while it is queued. */
export function settledOutcome(e: OutboxEntry): SubmitOutcome | null {
  if (e.state === 'delivered') return { state: 'delivered', caseNo: e.caseNo! };
  if (e.state === 'rejected') return { state: 'rejected', message: e.rejection!.message, status: e.rejection!.status };
  return null;
}

/**
 * The exact JSON an outbox stores and sends, checked against the contract first; a bad application is
 * an InvalidApplicationError the user can correct, and nothing is saved.
 */
export function outboxBody(app: ApplicationInput): string {
  // through JSON first: what is checked is what goes over the wire (undefined values dropped)
  const parsed = Application.safeParse(JSON.parse(JSON.stringify(app)), ZH);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidApplicationError(`申请内容不完整，未能保存（${first?.path.join('.') ?? ''}：${first?.message ?? ''}）`);
  }
  return JSON.stringify(parsed.data);
}

/**
 * The submission outbox: an application is written to the bot's storage before any network call,
 * and a worker sends it until the backend accepts it. The Idempotency-Key is the application id,
 * so a try that reached the backend but whose answer was lost makes no second case.
 *
 * All entries live in one storage document, so each change is one atomic write; concurrent writers
 * (two bot instances) are serialised by the document's eTag.
 */
export class Outbox implements OutboxWorker {
  private readonly key: string;
  private readonly retry: BackoffOptions;
  private readonly log: Logger;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Map<string, Promise<SubmitOutcome>>();
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private running = false;

  constructor(private readonly o: OutboxOptions) {
    this.key = o.key ?? 'outbox';
    this.retry = { baseMs: o.retry?.baseMs ?? 2000, maxMs: o.retry?.maxMs ?? 300_000, ...(o.retry?.random ? { random: o.retry.random } : {}) };
    this.log = o.logger ?? silentLogger;
  }

  /** Read-modify-write of the outbox document, one at a time here and eTag-checked against others. */
  private update<T>(fn: (entries: Record<string, OutboxEntry>) => T): Promise<T> {
    const run = this.chain.then(async () => {
      for (let i = 0; ; i++) {
        const doc = ((await this.o.storage.read([this.key]))[this.key] as OutboxDoc | undefined) ?? { entries: {} };
        const out = fn(doc.entries);
        try {
          await this.o.storage.write({ [this.key]: { ...doc, eTag: doc.eTag ?? '*' } });
          return out;
        } catch (e) {
          if (!isETagConflict(e) || i >= 4) throw e;
        }
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private prune(entries: Record<string, OutboxEntry>): void {
    const keep = this.o.retainDeliveredMs ?? 30 * 86_400_000;
    for (const [id, e] of Object.entries(entries)) {
      if (e.state === 'delivered' && e.deliveredAt && Date.now() - Date.parse(e.deliveredAt) > keep) delete entries[id];
    }
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const doc = (await this.o.storage.read([this.key]))[this.key] as OutboxDoc | undefined;
    return doc?.entries[id];
  }

  async list(state?: OutboxState): Promise<OutboxEntry[]> {
    const doc = (await this.o.storage.read([this.key]))[this.key] as OutboxDoc | undefined;
    return Object.values(doc?.entries ?? {}).filter((e) => !state || e.state === state);
  }

  /**
   * Saves the application for sending and returns once it is in storage. Enqueuing an id already
   * there changes nothing and returns what is known of it (a changed application needs a new id).
   */
  async enqueue(app: ApplicationInput, holdMs = 0): Promise<OutboxEntry> {
    const body = outboxBody(app);
    const at = new Date().toISOString();
    return this.update((entries) => {
      this.prune(entries);
      const known = entries[app.id];
      if (known) return known;
      const e: OutboxEntry = {
        id: app.id,
        state: 'queued',
        bundle: app.bundle,
        body,
        attempts: 0,
        nextAttemptAt: Date.now() + holdMs,
        enqueuedAt: at,
        updatedAt: at,
      };
      entries[app.id] = e;
      return e;
    }).finally(() => this.wake());
  }

  /**
   * Saves, then tries once at once. "delivered": tell the user the 受理编号; "queued": tell them it
   * is saved and will be submitted automatically (onDelivered follows later); "rejected": the
   * backend refused the content.
   */
  async submitNow(app: ApplicationInput, timeoutMs = 8000): Promise<SubmitOutcome> {
    // the worker keeps off the new entry while this call makes its own try
    const e = await this.enqueue(app, timeoutMs + 1000);
    const known = settledOutcome(e);
    if (known) return known;
    const out = await this.attempt(e.id, true, timeoutMs);
    if (out.state === 'queued') await this.notify('onQueued', () => this.o.onQueued?.(Application.parse(JSON.parse(e.body!)), out.reason));
    return out;
  }

  /** One try of one entry; a try already running for it is joined, never doubled. */
  private attempt(id: string, immediate: boolean, timeoutMs: number): Promise<SubmitOutcome> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const p = this.tryOnce(id, immediate, timeoutMs).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, p);
    return p;
  }

  private async tryOnce(id: string, immediate: boolean, timeoutMs: number): Promise<SubmitOutcome> {
    const e = await this.get(id);
    if (!e) return { state: 'queued', reason: '未找到待提交的申请' };
    const known = settledOutcome(e);
    if (known) return known;
    const app = Application.parse(JSON.parse(e.body!));
    try {
      const res = await this.o.client.submitRaw(id, e.body!, { timeoutMs });
      const flipped = await this.update((entries) => {
        const cur = entries[id];
        if (!cur || cur.state === 'delivered') return false;
        const at = new Date().toISOString();
        entries[id] = { ...cur, state: 'delivered', caseNo: res.caseNo, deliveredAt: at, updatedAt: at, attempts: cur.attempts + 1 };
        delete entries[id].body;
        delete entries[id].lastError;
        return true;
      });
      this.log.info({ applicationId: id, caseNo: res.caseNo, replayed: res.replayed }, 'application delivered');
      if (flipped) await this.notify('onDelivered', () => this.o.onDelivered?.(app, res.caseNo, { immediate, case: res.case }));
      return { state: 'delivered', caseNo: res.caseNo, case: res.case };
    } catch (err) {
      const ae = err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message);
      if (!ae.retryable) {
        await this.update((entries) => {
          const cur = entries[id];
          if (cur && cur.state === 'queued') {
            entries[id] = {
              ...cur,
              state: 'rejected',
              attempts: cur.attempts + 1,
              updatedAt: new Date().toISOString(),
              rejection: { status: ae.status, code: ae.code, message: ae.message },
            };
          }
        });
        this.log.warn({ applicationId: id, status: ae.status, code: ae.code }, 'application rejected by backend');
        await this.notify('onRejected', () => this.o.onRejected?.(app, ae));
        return { state: 'rejected', message: ae.message, status: ae.status };
      }
      await this.update((entries) => {
        const cur = entries[id];
        if (cur?.state !== 'queued') return;
        const attempts = cur.attempts + 1;
        entries[id] = {
          ...cur,
          attempts,
          lastError: ae.message,
          nextAttemptAt: Date.now() + backoffDelay(attempts, this.retry),
          updatedAt: new Date().toISOString(),
        };
      });
      this.log.warn({ applicationId: id, err: ae.message }, 'application queued for retry');
      return { state: 'queued', reason: ae.message };
    }
  }

  private notify(name: string, fn: () => void | Promise<void>): Promise<void> {
    return outboxCallback(this.log, name, fn);
  }

  /** Starts the worker: entries left by an earlier run are picked up at once. */
  start(): void {
    this.running = true;
    this.wake();
  }

  /** Stops the worker and waits for tries under way; entries stay in storage for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.pass;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Runs one pass over the due entries now, worker or not. */
  async flush(): Promise<void> {
    const due = (await this.list('queued')).filter((e) => e.nextAttemptAt <= Date.now());
    for (const e of due) await this.attempt(e.id, false, this.o.attemptTimeoutMs ?? 15_000);
  }

  private wake(): void {
    if (!this.running || this.pass) return;
    clearTimeout(this.timer);
    this.pass = this.flush()
      .catch((e) => this.log.error({ err: (e as Error).message }, 'outbox pass failed'))
      .finally(() => {
        this.pass = undefined;
        void this.schedule();
      });
  }

  private async schedule(): Promise<void> {
    if (!this.running) return;
    const queued = await this.list('queued').catch(() => []);
    const next = Math.min(Date.now() + (this.o.pollMs ?? 30_000), ...queued.map((e) => e.nextAttemptAt));
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }
}
