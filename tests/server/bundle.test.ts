import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { Client, embeddedEnv, removeDir, startArgs, tempDir } from './helpers.js';

// `npm start` runs the bundle dist/main.cjs, not the sources the other tests import: this proves it
// finds the knowledge, the console's files and natural's classifiers from dist/, answers, stops, and
// starts again from its code cache.
const dirs: string[] = [];
const procs: ChildProcess[] = [];
afterAll(async () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  await Promise.all(dirs.map(removeDir));
});

/** Starts the bundle on free ports; resolves with its address once it logs that it has started. */
async function startBundle(dataDir: string): Promise<{ proc: ChildProcess; url: string; log: () => string }> {
  const proc = spawn(process.execPath, startArgs(), {
    cwd: PROJECT_ROOT,
    env: embeddedEnv({ PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  procs.push(proc);
  let out = '';
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((ok, fail) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) ok(m[1]!);
    });
    proc.once('exit', (code) => fail(new Error(`bundle exited with ${code}:\n${out}`)));
  });
  return { proc, url, log: () => out };
}

describe('the bundle npm start runs', () => {
  it('builds, answers a conversation, serves the console and the API, and stops on SIGTERM', async () => {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts/build.mjs')], { cwd: PROJECT_ROOT, stdio: 'pipe' });
    const dir = await tempDir('yjs-bundle-');
    dirs.push(dir);
    const cache = join(PROJECT_ROOT, 'dist/main.cjs.cache');
    rmSync(cache, { force: true });
    const { proc, url, log } = await startBundle(dir);

    const c = new Client(url, 'bundle-1');
    const opened = await c.say('我要卖房，已婚，住了六年了');
    expect(opened.status).toBe(200);
    expect(opened.texts.join('\n')).toContain('二手房');
    expect(opened.actions.length).toBeGreaterThan(0);

    const parsed = await fetch(`${url}/api/nlu/parse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '孩子刚出生要办什么' }),
    });
    expect((await parsed.json()).bundle).toBe('birth');

    const login = await fetch(`${url}/console/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<html');
    const css = await fetch(`${url}/console/assets/base.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');

    const health = await (await fetch(`${url}/healthz`)).json();
    expect(health.status).toBe('ok');
    expect(health.bundles).toBe(10);

    // a start without a code cache leaves one for the next start (scripts/serve.cjs)
    for (let i = 0; i < 100 && !existsSync(cache); i++) await new Promise((ok) => setTimeout(ok, 100));
    expect(existsSync(cache)).toBe(true);

    proc.kill('SIGTERM');
    const code = await new Promise<number | null>((ok) => proc.once('exit', ok));
    expect(code).toBe(0);
    expect(log()).toContain('正在停止服务');

    // and the next start, compiled from that cache, continues the same conversation
    const again = await startBundle(dir);
    c.url = again.url;
    const next = await c.say(opened.actions[0]!);
    expect(next.status).toBe(200);
    expect(next.texts.join('\n')).not.toContain('您好');
    again.proc.kill('SIGTERM');
    expect(await new Promise<number | null>((ok) => again.proc.once('exit', ok))).toBe(0);
  }, 60_000);
});
