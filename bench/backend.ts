/**
 * npm run bench:backend — the reference acceptance backend on loopback: submit and progress-query
 * latency as the store grows, concurrent intake, and how fast the outbox drains a backlog.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { BackendClient } from '../src/acceptance/backend-client.js';
import { Outbox } from '../src/acceptance/outbox.js';
import { SECRET, sampleApp, startBackend, tempDir } from '../tests/backend/helpers.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const timed = async <T>(f: () => Promise<T>): Promise<number> => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

const { dir, remove } = await tempDir();
const backend = await startBackend(dir);
const client = new BackendClient({ baseUrl: backend.url, secret: SECRET });

const N = 500;
const submits: number[] = [];
const caseNos: string[] = [];
for (let i = 0; i < N; i++) {
  submits.push(await timed(async () => caseNos.push((await client.submit(sampleApp())).caseNo)));
}
console.log(
  `submit (sequential, store 0→${N} cases): median ${pct(submits, 0.5).toFixed(1)} ms, p95 ${pct(submits, 0.95).toFixed(1)} ms, last 50 median ${pct(submits.slice(-50), 0.5).toFixed(1)} ms`,
);

const gets: number[] = [];
for (let i = 0; i < 300; i++) gets.push(await timed(() => client.getCase(caseNos[i % caseNos.length]!)));
console.log(`getCase with ${N} cases stored: median ${pct(gets, 0.5).toFixed(2)} ms, p95 ${pct(gets, 0.95).toFixed(2)} ms`);

const C = 200;
const burst = await timed(() => Promise.all(Array.from({ length: C }, () => client.submit(sampleApp()))));
console.log(`concurrent intake: ${C} submissions at once in ${burst.toFixed(0)} ms (${((C / burst) * 1000).toFixed(0)}/s)`);

const replay = sampleApp();
await client.submit(replay);
const replays = await timed(() => Promise.all(Array.from({ length: 100 }, () => client.submit(replay))));
console.log(
  `idempotent replays: 100 concurrent in ${replays.toFixed(0)} ms, cases made: ${Object.values(backend.store.data.cases).filter((c) => c.applicationId === replay.id).length}`,
);

const storage = new MemoryStorage();
const B = 200;
let delivered = 0;
let done!: () => void;
const all = new Promise<void>((r) => (done = r));
const outbox = new Outbox({ storage, client, retry: { baseMs: 10, maxMs: 100 }, onDelivered: () => void (++delivered === B && done()) });
for (let i = 0; i < B; i++) await outbox.enqueue(sampleApp());
const drain = await timed(async () => {
  outbox.start();
  await all;
});
await outbox.stop();
console.log(`outbox backlog: ${B} queued applications delivered in ${drain.toFixed(0)} ms (${((B / drain) * 1000).toFixed(0)}/s)`);

const size = (await stat(join(dir, 'backend.json'))).size;
const cases = Object.keys(backend.store.data.cases).length;
console.log(`store: ${cases} cases in ${(size / 1024 / 1024).toFixed(1)} MB (${(size / cases / 1024).toFixed(1)} KB per case)`);
await backend.close();
await remove();
