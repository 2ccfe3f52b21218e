/**
 * npm run bench — the bot server against a bare botbuilder echo bot, on the same restify server in the
 * same run: a scripted second-hand-house conversation over HTTP with expectReplies, 50 conversations
 * at once. Then RSS of a fresh server over 10,000 stored conversations, and cold start (process spawn
 * to the first answer). Prints figures and ratios; asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler, type CloudAdapter } from 'botbuilder';
import { Client, startArgs } from '../tests/server/helpers.js';
import { loadKnowledge, PROJECT_ROOT } from '../src/knowledge/load.js';
import { createNlu } from '../src/nlu/index.js';
import { createApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { createCloudAdapter } from '../src/server/messages.js';
import { silentLogger } from '../src/util/log.js';
import { LowdbStorage } from '../src/bot/state/lowdb-storage.js';

const CONCURRENT = 50;
const ROUNDS = 5;
const STORED = 10_000;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

const dir = await mkdtemp(join(tmpdir(), 'yjs-bench-'));
const k = await loadKnowledge();
const nlu = createNlu(k);
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
const app = createApp({ config, k, nlu, log: silentLogger, today: () => '2026-11-28' });

// the bare echo bot: botbuilder's ActivityHandler on its own CloudAdapter, same server, same parsing path
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text}`);
      await next();
    });
  }
}
const echo = new EchoBot();
const echoAdapter: CloudAdapter = createCloudAdapter(config, silentLogger);
app.server.post('/echo/api/messages', async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  await echoAdapter.process(req, res, (context) => echo.run(context));
});
const port = await app.listen(0, '127.0.0.1');
app.drain.ready();
const base = `http://127.0.0.1:${port}`;

// the script: what a seller says, tapping the first choice until the checklist, recorded once
const script: string[] = ['我要卖房，要准备什么？'];
{
  const c = new Client(base, 'script');
  let r = await c.say(script[0]!);
  while (!r.texts.some((t) => t.startsWith('【材料清单】')) && script.length < 40) {
    const next = r.actions.find((a) => a !== '为什么问这个') ?? '1';
    script.push(next);
    r = await c.say(next);
  }
  script.push('要交多少税', '在哪办', '要多久');
}

async function run(path: string, tag: string): Promise<{ turnsPerSec: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, i) => {
      const c = new Client(base + path, `${tag}-${i}`);
      for (const line of script) {
        const t = performance.now();
        const r = await c.say(line);
        latencies.push(performance.now() - t);
        if (r.status !== 200 || r.activities.length === 0) throw new Error(`${tag}: HTTP ${r.status}`);
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  return { turnsPerSec: latencies.length / s, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99) };
}

// warm both paths, then alternate so drift hits both alike
await run('/echo', 'warm-echo');
await run('', 'warm-bot');
const echoRuns: Awaited<ReturnType<typeof run>>[] = [];
const botRuns: Awaited<ReturnType<typeof run>>[] = [];
for (let r = 0; r < ROUNDS; r++) {
  echoRuns.push(await run('/echo', `echo-${r}`));
  botRuns.push(await run('', `bot-${r}`));
}
const best = (xs: typeof echoRuns) => ({
  turnsPerSec: Math.max(...xs.map((x) => x.turnsPerSec)),
  p50: pct(
    xs.map((x) => x.p50),
    0.5,
  ),
  p99: pct(
    xs.map((x) => x.p99),
    0.5,
  ),
});
const e = best(echoRuns);
const b = best(botRuns);
console.log(
  `V8 flags here: ${process.execArgv.filter((a) => a.startsWith('--') && a !== '--import').join(' ') || 'none'}; npm start: ${
    startArgs()
      .filter((a) => a.startsWith('--'))
      .join(' ') || 'none'
  }`,
);
console.log(
  `scripted second-hand-house conversation: ${script.length} turns × ${CONCURRENT} concurrent conversations, ${ROUNDS} rounds each (best turns/s, median p50/p99)`,
);
console.log(`  echo bot : ${e.turnsPerSec.toFixed(0)} turns/s, p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms`);
console.log(`  this bot : ${b.turnsPerSec.toFixed(0)} turns/s, p50 ${b.p50.toFixed(1)} ms, p99 ${b.p99.toFixed(1)} ms`);
console.log(
  `  ratios   : throughput ${((b.turnsPerSec / e.turnsPerSec) * 100).toFixed(0)}% of echo (target ≥ 80%), p99 ${(b.p99 / e.p99).toFixed(2)}× echo (target ≤ 1.25×)`,
);
await app.close();

// 10,000 stored conversations: written as the bot stores them, then a fresh server process on them
{
  const stateDir = join(dir, 'state');
  const storage = new LowdbStorage({ dir: stateDir, ttlMs: 30 * 86_400_000 });
  const sampleKey = 'webchat/conversations/bot-0-0/';
  const sample = (await storage.read([sampleKey]))[sampleKey] as Record<string, unknown>;
  const t = performance.now();
  for (let i = 0; i < STORED; i += 500) {
    const batch: Record<string, unknown> = {};
    for (let j = i; j < Math.min(STORED, i + 500); j++) batch[`webchat/conversations/stored-${j}/`] = { ...sample, eTag: '*' };
    await storage.write(batch);
  }
  console.log(`stored ${STORED} conversations (${JSON.stringify(sample).length} bytes each) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// what `npm start` runs: the bundle, built (or found up to date) before any timing starts
execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });

/** Starts `npm start`'s server (scripts/serve.cjs running dist/main.cjs) in a child process; resolves with the time to its first answer and its RSS. */
async function child(dataDir: string, work: (base: string) => Promise<void>): Promise<{ firstAnswerMs: number; rss: number }> {
  const p = 39_000 + Math.floor(Math.random() * 1000);
  const started = performance.now();
  const proc = spawn(process.execPath, startArgs(), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(p), BACKEND_PORT: String(p + 1000), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // a server that cannot start (a port taken, a broken build) says why on stderr: shown instead of a bare timeout
  let stderr = '';
  let exited: number | null | undefined;
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  proc.once('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${p}`;
  const c = new Client(url, `cold-${p}`);
  let first: number | undefined;
  while (first === undefined) {
    try {
      const r = await c.say('我要卖房');
      if (r.status === 200 && r.activities.length > 0) first = performance.now() - started;
    } catch {
      await new Promise((ok) => setTimeout(ok, 20));
    }
    if (exited !== undefined) throw new Error(`server exited with ${exited} before answering:\n${stderr}`);
    if (performance.now() - started > 60_000) throw new Error(`server did not answer within 60 s:\n${stderr}`);
  }
  await work(url);
  const pid = proc.pid!;
  const status = await import('node:fs/promises').then((fs) => fs.readFile(`/proc/${pid}/status`, 'utf8'));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
  proc.kill('SIGTERM');
  if (exited === undefined) await new Promise((ok) => proc.once('exit', ok));
  return { firstAnswerMs: first, rss };
}

// RSS: the server over the 10,000 stored conversations, after 500 of them continue one turn each
const withStored = await child(dir, async (url) => {
  for (let i = 0; i < 500; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => new Client(url, `stored-${(i + j) * 20}`).say('1')));
  }
});
console.log(`RSS with ${STORED} stored conversations, 500 of them continued: ${mb(withStored.rss)} (target < 200 MB)`);

// cold start on an empty data folder, three times
const colds: number[] = [];
for (let i = 0; i < 3; i++) {
  const empty = await mkdtemp(join(tmpdir(), 'yjs-cold-'));
  colds.push((await child(empty, async () => {})).firstAnswerMs);
  await rm(empty, { recursive: true, force: true });
}
console.log(`cold start (spawn → first answer to 「我要卖房」): ${colds.map((x) => `${x.toFixed(0)} ms`).join(', ')} (target < 2000 ms)`);

await rm(dir, { recursive: true, force: true });
process.exit(0);
