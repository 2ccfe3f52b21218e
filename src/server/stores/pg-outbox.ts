import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { backoffDelay, type BackoffOptions } from '../../util/backoff.js';
import {
  outboxBody,
  outboxCallback,
  settledOutcome,
  type OutboxEntry,
  type OutboxOptions,
  type OutboxState,
  type OutboxWorker,
  type Submitter,
} from '../../acceptance/outbox.js';
import { Application, type ApplicationInput } from '../../acceptance/contract/application.js';
import { ApiError } from '../../acceptance/contract/errors.js';
import type { SubmitOutcome } from '../../bot/apply/ports.js';
import { open, seal, type Keyring } from '../../util/crypto-at-rest.js';
import { silentLogger, type Logger } from '../../util/log.js';

export interface PgOutboxOptions extends Pick<OutboxOptions, 'onDelivered' | 'onQueued' | 'onRejected' | 'pollMs' | 'attemptTimeoutMs' | 'retainDeliveredMs'> {
  pool: pg.Pool;
  client: Submitter;
  /** the body holds personal data: sealed at rest like the rest of the state */
  ring: Keyring;
  retry?: Partial<BackoffOptions>;
  /**
   * How long a claim holds a job. A worker that dies mid-try leaves its jobs to others once this runs
   * out; it must outlast one try (attemptTimeoutMs), or a slow but live try would be doubled (harmless
   * under the Idempotency-Key, but wasted).
   */
  leaseMs?: number;
  /** wake on NOTIFY when another instance queues or reschedules a job (otherwise polled every pollMs) */
  listen?: boolean;
  logger?: Logger;
}

interface Row {
  id: string;
  bundle: string;
  state: OutboxState;
  body: string | null;
  attempts: number;
  next_attempt_at: Date;
  enqueued_at: Date;
  updated_at: Date;
  case_no: string | null;
  delivered_at: Date | null;
  last_error: string | null;
  rejection: OutboxEntry['rejection'] | null;
}

const CHANNEL = 'outbox_jobs';

/**
 * The outbox on PostgreSQL (table outbox_jobs) for several instances. Each job is claimed by one
 * worker at a time with `FOR UPDATE SKIP LOCKED` and a lease, so instances share the queue without
 * waiting on each other and a job held by a process that died is claimed again when its lease runs out.
 * A retryable failure reschedules with backoff; the backend's Idempotency-Key (the application id) makes
 * a retry after a lost answer, or after a dead worker, return the case already made. A job is marked
 * delivered only while still queued, so however many tries reached the backend, the citizen is told once.
 */
export class PgOutbox implements OutboxWorker {
  /** this process's name on the jobs it holds */
  readonly worker = randomUUID();
  private readonly retry: BackoffOptions;
  private readonly log: Logger;
  private readonly leaseMs: number;
  private readonly inFlight = new Map<string, Promise<SubmitOutcome>>();
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private again = false;
  private running = false;
  private stopped = false;
  private listener: pg.PoolClient | undefined;

  constructor(private readonly o: PgOutboxOptions) {
    this.retry = { baseMs: o.retry?.baseMs ?? 2000, maxMs: o.retry?.maxMs ?? 300_000, ...(o.retry?.random ? { random: o.retry.random } : {}) };
    this.log = o.logger ?? silentLogger;
    this.leaseMs = Math.max(o.leaseMs ?? 60_000, (o.attemptTimeoutMs ?? 15_000) + 1000);
  }

  private entry(r: Row): OutboxEntry {
    const e: OutboxEntry = {
      id: r.id,
      state: r.state,
      bundle: r.bundle,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at.getTime(),
      enqueuedAt: r.enqueued_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
    if (r.body) e.body = open(this.o.ring, r.body);
    if (r.case_no) e.caseNo = r.case_no;
    if (r.delivered_at) e.deliveredAt = r.delivered_at.toISOString();
    if (r.last_error) e.lastError = r.last_error;
    if (r.rejection) e.rejection = r.rejection;
    return e;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const r = await this.o.pool.query<Row>('SELECT * FROM outbox_jobs WHERE id = $1', [id]);
    return r.rows[0] && this.entry(r.rows[0]);
  }

  async list(state?: OutboxState): Promise<OutboxEntry[]> {
    const r = await this.o.pool.query<Row>('SELECT * FROM outbox_jobs WHERE $1::text IS NULL OR state = $1 ORDER BY enqueued_at', [state ?? null]);
    return r.rows.map((x) => this.entry(x));
  }

  /** Saves the application (nothing changes when its id is already there) and wakes the workers. */
  async enqueue(app: ApplicationInput, holdMs = 0): Promise<OutboxEntry> {
    const body = outboxBody(app);
    await this.o.pool.query(
      `INSERT INTO outbox_jobs (id, bundle, body, next_attempt_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4)) ON CONFLICT (id) DO NOTHING`,
      [app.id, app.bundle, seal(this.o.ring, body), holdMs / 1000],
    );
    await this.notify();
    return (await this.get(app.id))!;
  }

  /** Saves, claims and tries once within the turn; the worker (of any instance) carries on after that. */
  async submitNow(app: ApplicationInput, timeoutMs = 8000): Promise<SubmitOutcome> {
    const e = await this.enqueue(app, timeoutMs + 1000);
    const known = settledOutcome(e);
    if (known) return known;
    const claimed = await this.claim(e.id, timeoutMs + 1000);
    // another worker holds it: it is being sent now, and its result reaches the user as a notice
    if (!claimed) return { state: 'queued', reason: '正在提交' };
    const out = await this.attempt(claimed, true, timeoutMs);
    if (out.state === 'queued') await this.callback('onQueued', () => this.o.onQueued?.(Application.parse(JSON.parse(claimed.body!)), out.reason));
    return out;
  }

  /** Claims one job by id (or, without one, the next due job), for `holdMs` at least. */
  private async claim(id: string | null, holdMs = this.leaseMs): Promise<OutboxEntry | null> {
    const r = await this.o.pool.query<Row>(
      `WITH due AS (
         SELECT id FROM outbox_jobs
          WHERE state = 'queued' AND ($1::text IS NOT NULL AND id = $1 OR $1::text IS NULL AND next_attempt_at <= now())
            AND (locked_until IS NULL OR locked_until < now())
          ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE outbox_jobs j SET locked_by = $2, locked_until = now() + make_interval(secs => $3), attempts = j.attempts + 1, updated_at = now()
         FROM due WHERE j.id = due.id RETURNING j.*`,
      [id, this.worker, Math.max(holdMs, this.leaseMs) / 1000],
    );
    return r.rows[0] ? this.entry(r.rows[0]) : null;
  }

  private attempt(e: OutboxEntry, immediate: boolean, timeoutMs: number): Promise<SubmitOutcome> {
    const running = this.inFlight.get(e.id);
    if (running) return running;
    const p = this.tryOnce(e, immediate, timeoutMs).finally(() => this.inFlight.delete(e.id));
    this.inFlight.set(e.id, p);
    return p;
  }

  private async tryOnce(e: OutboxEntry, immediate: boolean, timeoutMs: number): Promise<SubmitOutcome> {
    const app = Application.parse(JSON.parse(e.body!));
    try {
      const res = await this.o.client.submitRaw(e.id, e.body!, { timeoutMs });
      const flipped = await this.o.pool.query(
        `UPDATE outbox_jobs SET state = 'delivered', case_no = $2, body = NULL, last_error = NULL, delivered_at = now(), updated_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND state = 'queued'`,
        [e.id, res.caseNo],
      );
      this.log.info({ applicationId: e.id, caseNo: res.caseNo, replayed: res.replayed }, 'application delivered');
      if (flipped.rowCount) await this.callback('onDelivered', () => this.o.onDelivered?.(app, res.caseNo, { immediate, case: res.case }));
      return { state: 'delivered', caseNo: res.caseNo, case: res.case };
    } catch (err) {
      const ae = err instanceof ApiError ? err : new ApiError(0, 'client', (err as Error).message);
      if (!ae.retryable) {
        const flipped = await this.o.pool.query(
          `UPDATE outbox_jobs SET state = 'rejected', rejection = $2, body = NULL, updated_at = now(), locked_by = NULL, locked_until = NULL WHERE id = $1 AND state = 'queued'`,
          [e.id, { status: ae.status, code: ae.code, message: ae.message }],
        );
        this.log.warn({ applicationId: e.id, status: ae.status, code: ae.code }, 'application rejected by backend');
        if (flipped.rowCount) await this.callback('onRejected', () => this.o.onRejected?.(app, ae));
        return { state: 'rejected', message: ae.message, status: ae.status };
      }
      // released for the next try, unless the lease ran out and another worker holds it now
      await this.o.pool.query(
        `UPDATE outbox_jobs SET next_attempt_at = now() + make_interval(secs => $3), last_error = $4, updated_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND state = 'queued' AND locked_by = $2`,
        [e.id, this.worker, backoffDelay(e.attempts, this.retry) / 1000, ae.message],
      );
      await this.notify();
      this.log.warn({ applicationId: e.id, err: ae.message }, 'application queued for retry');
      return { state: 'queued', reason: ae.message };
    }
  }

  private callback(name: string, fn: () => void | Promise<void>): Promise<void> {
    return outboxCallback(this.log, name, fn);
  }

  private async notify(): Promise<void> {
    if (this.o.listen) await this.o.pool.query(`SELECT pg_notify('${CHANNEL}', '')`).catch(() => undefined);
  }

  /** Claims and tries due jobs one at a time until none is left. */
  async flush(): Promise<void> {
    for (;;) {
      const e = await this.claim(null);
      if (!e) break;
      await this.attempt(e, false, this.o.attemptTimeoutMs ?? 15_000);
      // a stopping worker finishes the job under way and takes no other
      if (this.stopped) break;
    }
    const keep = this.o.retainDeliveredMs ?? 30 * 86_400_000;
    await this.o.pool.query(`DELETE FROM outbox_jobs WHERE state = 'delivered' AND delivered_at < now() - make_interval(secs => $1)`, [keep / 1000]);
  }

  start(): void {
    this.running = true;
    this.stopped = false;
    if (this.o.listen) void this.listen();
    this.wake();
  }

  private async listen(): Promise<void> {
    try {
      const c = await this.o.pool.connect();
      if (!this.running) return c.release();
      this.listener = c;
      c.on('notification', () => this.wake());
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      // polling still runs: a missed wake-up costs at most pollMs
      this.log.warn({ err: (e as Error).message }, 'outbox LISTEN failed; polling only');
    }
  }

  /** Stops after the job under way; jobs stay in the table for any instance. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
    await Promise.allSettled([...this.inFlight.values()]);
    const c = this.listener;
    this.listener = undefined;
    if (c) {
      await c.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      c.release();
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.pass = this.flush()
      .catch((e) => this.log.error({ err: (e as Error).message }, 'outbox pass failed'))
      .finally(() => {
        this.pass = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else void this.schedule();
      });
  }

  /** Sleeps until the next job is due or a lease runs out, at most pollMs. */
  private async schedule(): Promise<void> {
    if (!this.running) return;
    const r = await this.o.pool
      .query<{ at: Date | null }>(
        `SELECT min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) AS at FROM outbox_jobs WHERE state = 'queued'`,
      )
      .catch(() => ({ rows: [{ at: null }] }));
    const pollAt = Date.now() + (this.o.pollMs ?? 30_000);
    const at = r.rows[0]?.at ? Math.min(pollAt, r.rows[0].at.getTime() + 5) : pollAt;
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }
}
