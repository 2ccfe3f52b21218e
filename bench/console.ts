/**
 * npm run bench:console — what an operator waits for: a sign-in (the slow password hash) and the
 * round trip of one answer click (POST /console/api/checklist over real HTTP), per bundle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { candidateNumbers, randomSituation, rng } from '../src/engine/index.js';
import { createApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { registerConsole } from '../src/server/console/index.js';
import { hashPassword, verifyPassword } from '../src/server/console/password.js';
import { silentLogger } from '../src/util/log.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

const stored = await hashPassword('bench-password-1');
const hashes: number[] = [];
for (let i = 0; i < 9; i++) {
  const t = performance.now();
  await verifyPassword('bench-password-1', stored);
  hashes.push(performance.now() - t);
}
console.log(`password check (scrypt N=16384 r=8): median ${median(hashes).toFixed(0)} ms`);

const dir = await mkdtemp(join(tmpdir(), 'yjs-bench-console-'));
const k = loadKnowledge();
// the understanding is not on this path; the checklist call never consults it
const nlu = {
  parse: () => {
    throw new Error('not used');
  },
};
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
const app = createApp({ config, k, nlu, log: silentLogger });
const { users, desk } = registerConsole(app.server, {
  k,
  nlu,
  storage: app.storage,
  handovers: app.handovers,
  handoverChat: app.handoverChat,
  bot: app.bot,
  handoff: app.handoff,
  dataDir: app.dataDir,
  config,
  log: silentLogger,
});
const port = await app.listen(0, '127.0.0.1');
app.drain.ready();
const url = `http://127.0.0.1:${port}`;
await users.set('bench', 'bench-password-1');

const t0 = performance.now();
const login = await fetch(`${url}/console/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: 'bench', password: 'bench-password-1' }),
});
console.log(`sign-in over HTTP: ${(performance.now() - t0).toFixed(0)} ms`);
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

const r = rng(11);
const times: number[] = [];
for (const cb of k.compiled.values()) {
  const nums = candidateNumbers(cb);
  for (let i = 0; i < 60; i++) {
    const body = JSON.stringify({ bundle: cb.bundle.id, answers: randomSituation(cb, r, nums) });
    const t = performance.now();
    const res = await fetch(`${url}/console/api/checklist`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json', 'X-Console-Request': '1' },
      body,
    });
    await res.json();
    times.push(performance.now() - t);
  }
}
console.log(
  `answer click → checklist, script, visible questions: median ${median(times).toFixed(1)} ms, p99 ${p99(times).toFixed(1)} ms over ${times.length} requests (${k.compiled.size} bundles)`,
);
desk.stop();
await app.close();
await rm(dir, { recursive: true, force: true });
