import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import type { Submitter } from '../../src/acceptance/outbox.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { migrate } from '../../src/server/stores/migrate.js';
import { PgOutbox } from '../../src/server/stores/pg-outbox.js';
import { makeKeyring, parseKey } from '../../src/util/crypto-at-rest.js';
import { SECRET, sampleApp, startBackend, tempDir } from '../backend/helpers.js';

/**
 * The PostgreSQL outbox under kill -9: two worker processes share one queue; in each trial one of them,
 * chosen at random, is killed with SIGKILL while its try is on the wire (after a random number of its
 * requests). Every application must reach the backend as exactly one case, and be reported delivered
 * exactly once across both processes: the dead worker's jobs are claimed again when their lease runs
 * out, and the Idempotency-Key turns the repeated submission into the case already made.
 * The queue lives in a schema of its own, so no other test's jobs are claimed here.
 */
const { DATABASE_URL } = process.env;
const KEY = randomBytes(32).toString('base64');
const SCHEMA = `outbox_kill_${randomBytes(4).toString('hex')}`;
const LEASE_MS = 1500;
const HOLD_MS = 150;

let admin: pg.Pool;
let pool: pg.Pool;
let backend: BackendServer;
let removeDir: () => Promise<void>;
const children: ChildProcess[] = [];

/** A proxy in front of the backend for one worker: holds each request HOLD_MS, and records what it forwarded. */
interface Wire {
  url: string;
  server: Server;
  seen: number;
  onRequest?: (n: number) => void;
  /** answers this many requests 503 itself (the backend down for a while) before forwarding */
  refuse?: number;
}
const forwarded: { key: string; status: number }[] = [];

async function wire(): Promise<Wire> {
  const w: Wire = { url: '', server: createServer(), seen: 0 };
  w.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      w.onRequest?.(++w.seen);
      if (w.refuse && w.refuse-- > 0) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'unavailable', message: '受理系统维护中' }));
        return;
      }
      await new Promise((r) => setTimeout(r, HOLD_MS));
      // forwarded whatever became of the caller: a worker killed now still made its case at the backend
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<
        string,
        string
      >;
      const r = await fetch(backend.url + (req.url ?? '/'), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const text = await r.text();
      if (req.method === 'POST') forwarded.push({ key: String(req.headers['idempotency-key']), status: r.status });
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((ok) => w.server.listen(0, '127.0.0.1', ok));
  w.url = `http://127.0.0.1:${(w.server.address() as AddressInfo).port}`;
  return w;
}

function worker(backendUrl: string): { child: ChildProcess; ready: Promise<void>; delivered: string[] } {
  const env = { ...process.env, PG_SCHEMA: SCHEMA, BACKEND_URL: backendUrl, BACKEND_SECRET: SECRET, DATA_ENCRYPTION_KEY: KEY, LEASE_MS: String(LEASE_MS) };
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'tests/scale/outbox-worker.ts')], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const delivered: string[] = [];
  let buf = '';
  const ready = new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`worker exited before ready (${code})`)));
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (l === 'ready') ok();
        else if (l.startsWith('delivered ')) delivered.push(l.slice(10));
      }
    });
  });
  return { child, ready, delivered };
}

const exited = (c: ChildProcess) => new Promise<void>((ok) => (c.exitCode !== null || c.signalCode !== null ? ok() : c.once('exit', () => ok())));

describe.skipIf(!DATABASE_URL)(`the PostgreSQL outbox under kill -9${DATABASE_URL ? '' : ' — skipped: DATABASE_URL is not set'}`, () => {
  beforeAll(async () => {
    admin = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${SCHEMA}`);
    pool = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${SCHEMA}`, max: 3 });
    await migrate(pool);
    const d = await tempDir();
    removeDir = d.remove;
    backend = await startBackend(d.dir);
  }, 30_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await pool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin?.end();
    await backend?.close();
    await removeDir?.();
  });

  it('every application is submitted exactly once when either worker is killed mid-job', async () => {
    const trials = 3;
    const perTrial = 16;
    const figures: string[] = [];
    // the test process only enqueues (as a bot instance's turn would); it never sends
    const never: Submitter = { submitRaw: () => Promise.reject(new Error('not this process')) };
    const queue = new PgOutbox({ pool, client: never, ring: makeKeyring(parseKey(KEY)) });
    for (let t = 0; t < trials; t++) {
      const wires = [await wire(), await wire()];
      const workers = wires.map((w) => worker(w.url));
      await Promise.all(workers.map((w) => w.ready));
      const victim = randomInt(0, 2);
      const killAt = randomInt(1, 5);
      wires[victim]!.onRequest = (n) => {
        // on the wire: the request has reached the backend's door, the worker has not heard back
        if (n === killAt) workers[victim]!.child.kill('SIGKILL');
      };
      const casesBefore = Object.keys(backend.store.data.cases).length;
      const sentBefore = forwarded.length;
      const apps = Array.from({ length: perTrial }, () => sampleApp());
      for (const app of apps) await queue.enqueue(app);

      const deadline = Date.now() + 30_000;
      while ((await queue.list('queued')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const ids = new Set(apps.map((a) => a.id));
      expect((await queue.list('delivered')).filter((e) => ids.has(e.id))).toHaveLength(perTrial);
      await exited(workers[victim]!.child);

      const sent = forwarded.slice(sentBefore).filter((f) => ids.has(f.key));
      const made = sent.filter((f) => f.status === 201);
      const replayed = sent.filter((f) => f.status === 200);
      // one case per application at the backend, whatever was sent twice
      expect(Object.keys(backend.store.data.cases).length - casesBefore).toBe(perTrial);
      expect(new Set(made.map((f) => f.key)).size).toBe(perTrial);
      expect(made).toHaveLength(perTrial);
      // the job on the wire when its worker died was sent again by the other, and answered with its case
      expect(replayed.length).toBeGreaterThanOrEqual(1);
      // told once: each application reported delivered by exactly one of the two processes
      const told = [...workers[0]!.delivered, ...workers[1]!.delivered].filter((id) => ids.has(id));
      expect(told.sort()).toEqual([...ids].sort());
      figures.push(
        `trial ${t + 1}: killed worker ${victim ? 'B' : 'A'} at its request ${killAt}; ${perTrial}/${perTrial} submitted once (${sent.length} requests, ${replayed.length} answered from the case already made)`,
      );

      workers[1 - victim]!.child.kill('SIGTERM');
      await exited(workers[1 - victim]!.child);
      await Promise.all(wires.map((w) => new Promise((ok) => w.server.close(ok))));
    }
    console.log(`outbox under kill -9:\n  ${figures.join('\n  ')}`);
  }, 120_000);

  it('a try the backend cannot take now is retried with growing delays, then delivered and told once', async () => {
    const w = await wire();
    w.refuse = 2;
    const seenAt: number[] = [];
    w.onRequest = () => void seenAt.push(Date.now());
    const told: string[] = [];
    const outbox = new PgOutbox({
      pool,
      client: new BackendClient({ baseUrl: w.url, secret: SECRET, timeoutMs: 2000 }),
      ring: makeKeyring(parseKey(KEY)),
      retry: { baseMs: 200, maxMs: 2000 },
      pollMs: 50,
      onDelivered: (app) => void told.push(app.id),
    });
    outbox.start();
    const app = sampleApp();
    const first = await outbox.submitNow(app, 1000);
    expect(first.state).toBe('queued');
    const e = await outbox.get(app.id);
    expect(e).toMatchObject({ state: 'queued', attempts: 1 });
    expect(e?.lastError).toBeTruthy();
    // the body is sealed at rest: the applicant's ID number is not in the row as stored
    const raw = await pool.query<{ body: string }>('SELECT body FROM outbox_jobs WHERE id = $1', [app.id]);
    expect(raw.rows[0]!.body).not.toContain('11010519491231002X');

    const deadline = Date.now() + 15_000;
    while ((await outbox.get(app.id))?.state !== 'delivered' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await outbox.stop();
    await new Promise((ok) => w.server.close(ok));
    expect(await outbox.get(app.id)).toMatchObject({ state: 'delivered', attempts: 3 });
    expect(told).toEqual([app.id]);
    // equal-jitter backoff: at least half of 200 ms after the first refusal, half of 400 ms after the second
    expect(seenAt).toHaveLength(3);
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(100);
    expect(seenAt[2]! - seenAt[1]!).toBeGreaterThanOrEqual(200);
  }, 30_000);
});
