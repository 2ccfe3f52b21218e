import { createServer } from 'node:http';
import { InvalidApplicationError } from '../../src/bot/apply/ports.js';
import type { AddressInfo } from 'node:net';
import { MemoryStorage } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { Outbox, type OutboxOptions } from '../../src/acceptance/outbox.js';
import type { Application } from '../../src/acceptance/contract/application.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { SECRET, sampleApp, startBackend, tempDir } from './helpers.js';

let dir: string;
let remove: () => Promise<void>;
let backend: BackendServer | undefined;
const outboxes: Outbox[] = [];

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
});
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((o) => o.stop()));
  await backend?.close();
  backend = undefined;
  await remove();
});

/** An outbox whose deliveries are recorded; `delivered(n)` resolves once n have been reported. */
function makeOutbox(storage: MemoryStorage, url: string, extra: Partial<OutboxOptions> = {}) {
  const calls: { app: Application; caseNo: string; immediate: boolean }[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  const outbox = new Outbox({
    storage,
    client: new BackendClient({ baseUrl: url, secret: SECRET, timeoutMs: 5000 }),
    retry: { baseMs: 10, maxMs: 50 },
    pollMs: 200,
    onDelivered: (app, caseNo, info) => {
      calls.push({ app, caseNo, immediate: info.immediate });
      waiters = waiters.filter((w) => {
        if (calls.length < w.n) return true;
        w.resolve();
        return false;
      });
    },
    ...extra,
  });
  outboxes.push(outbox);
  const delivered = (n: number) => (calls.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })));
  return { outbox, calls, delivered };
}

const caseCount = () => Object.keys(backend!.store.data.cases).length;

describe('outbox', () => {
  it('delivers at once when the backend is up, and says so', async () => {
    backend = await startBackend(dir);
    const { outbox, calls } = makeOutbox(new MemoryStorage(), backend.url);
    const app = sampleApp();
    const out = await outbox.submitNow(app, 5000);
    expect(out.state).toBe('delivered');
    expect(out.state === 'delivered' && out.caseNo).toMatch(/^WY\d{15}$/);
    expect(calls).toEqual([expect.objectContaining({ immediate: true })]);
    const again = await outbox.submitNow(app, 5000);
    expect(again).toMatchObject({ state: 'delivered', caseNo: calls[0]!.caseNo });
    expect(caseCount()).toBe(1);
    expect((await outbox.get(app.id))?.body).toBeUndefined();
  });

  it('backend down at submit, then up: saved, then delivered exactly once', async () => {
    backend = await startBackend(dir);
    const { url, port } = backend;
    await backend.close();
    backend = undefined;

    const storage = new MemoryStorage();
    const queued: string[] = [];
    const { outbox, calls, delivered } = makeOutbox(storage, url, { onQueued: (a) => void queued.push(a.id) });
    const app = sampleApp();
    const out = await outbox.submitNow(app, 2000);
    expect(out.state).toBe('queued');
    expect(out.state === 'queued' && out.reason).toContain('无法连接受理平台');
    expect(queued).toEqual([app.id]);
    expect((await outbox.get(app.id))?.state).toBe('queued');

    outbox.start();
    backend = await startBackend(dir, { port });
    await delivered(1);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ immediate: false });
    expect(calls[0]!.app.id).toBe(app.id);
    expect(caseCount()).toBe(1);
    expect(await outbox.get(app.id)).toMatchObject({ state: 'delivered', caseNo: calls[0]!.caseNo });
    expect(await outbox.submitNow(app, 2000)).toMatchObject({ state: 'delivered', caseNo: calls[0]!.caseNo });
    expect(caseCount()).toBe(1);
  });

  it('worker restarted between writing the outbox and sending: delivered once', async () => {
    backend = await startBackend(dir);
    const storage = new MemoryStorage();
    const app = sampleApp();
    const first = makeOutbox(storage, backend.url);
    await first.outbox.enqueue(app);
    // the process dies here: nothing was sent; a new process opens the same storage
    const second = makeOutbox(storage, backend.url);
    second.outbox.start();
    await second.delivered(1);
    await second.outbox.flush();
    expect(first.calls).toHaveLength(0);
    expect(second.calls).toHaveLength(1);
    expect(caseCount()).toBe(1);
  });

  it('restarted after the backend accepted but before the outbox knew: still one case', async () => {
    backend = await startBackend(dir);
    const storage = new MemoryStorage();
    const app = sampleApp();
    const first = makeOutbox(storage, backend.url);
    await first.outbox.enqueue(app);
    const sent = await new BackendClient({ baseUrl: backend.url, secret: SECRET }).submit(app);
    const second = makeOutbox(storage, backend.url);
    second.outbox.start();
    await second.delivered(1);
    expect(second.calls[0]!.caseNo).toBe(sent.caseNo);
    expect(caseCount()).toBe(1);
  });

  it('the answer is lost (client timed out, backend accepted): the retry gets the same case', async () => {
    backend = await startBackend(dir);
    const target = backend.url;
    let first = true;
    let forwarded!: () => void;
    const firstReachedBackend = new Promise<void>((r) => (forwarded = r));
    // forwards to the backend, except that the first request is only passed on once its caller gave up
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const forward = () => fetch(target + req.url, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) });
        if (first) {
          first = false;
          res.on('close', () => void forward().then(() => forwarded()));
          return;
        }
        void forward().then(async (r) => {
          res.statusCode = r.status;
          res.end(Buffer.from(await r.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const { outbox, calls, delivered } = makeOutbox(new MemoryStorage(), `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    const out = await outbox.submitNow(sampleApp(), 300);
    expect(out.state).toBe('queued');
    await firstReachedBackend;
    expect(caseCount()).toBe(1);
    outbox.start();
    await delivered(1);
    expect(calls[0]?.immediate).toBe(false);
    expect(caseCount()).toBe(1);
    await new Promise<void>((r) => proxy.close(() => r()));
  });

  it('two workers on one storage: each application makes one case and one notice', async () => {
    backend = await startBackend(dir);
    const storage = new MemoryStorage();
    const a = makeOutbox(storage, backend.url);
    const b = makeOutbox(storage, backend.url);
    const apps = Array.from({ length: 6 }, () => sampleApp());
    for (const app of apps) await (apps.indexOf(app) % 2 ? a : b).outbox.enqueue(app);
    a.outbox.start();
    b.outbox.start();
    await Promise.all([a.outbox.flush(), b.outbox.flush()]);
    expect(caseCount()).toBe(6);
    expect(a.calls.length + b.calls.length).toBe(6);
    expect(new Set([...a.calls, ...b.calls].map((c) => c.app.id)).size).toBe(6);
    expect(await a.outbox.list('queued')).toHaveLength(0);
  });

  it('a document the backend refuses is kept, marked rejected, and not retried', async () => {
    backend = await startBackend(dir);
    const app = sampleApp();
    await new BackendClient({ baseUrl: backend.url, secret: SECRET }).submit(app);
    const rejected: string[] = [];
    const { outbox, calls } = makeOutbox(new MemoryStorage(), backend.url, { onRejected: (_a, e) => void rejected.push(e.message) });
    const out = await outbox.submitNow({ ...app, form: { price: 1 } }, 2000);
    expect(out).toMatchObject({ state: 'rejected', status: 409 });
    expect(rejected[0]).toContain('幂等键');
    const e = await outbox.get(app.id);
    expect(e?.state).toBe('rejected');
    expect(e?.body).toContain('"price":1');
    await outbox.flush();
    expect(calls).toHaveLength(0);
    expect(caseCount()).toBe(1);
  });

  it('refuses to save an incomplete application, with a Chinese message', async () => {
    const { outbox } = makeOutbox(new MemoryStorage(), 'http://127.0.0.1:9');
    await expect(outbox.enqueue({ ...sampleApp(), items: [] })).rejects.toThrow(/未能保存.*至少应包含一个办理事项/);
    // by type: the flow tells a form problem from an outage with instanceof, never by the words
    await expect(outbox.enqueue({ ...sampleApp(), items: [] })).rejects.toBeInstanceOf(InvalidApplicationError);
  });
});
