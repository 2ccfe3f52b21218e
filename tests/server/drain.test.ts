import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { Client, embeddedEnv, knowledge, removeDir, tempDir } from './helpers.js';

/**
 * SIGTERM in the middle of a turn, for real: the bot server runs as a child process (as `npm start`
 * runs it); its reply to a Bot Framework channel is held by a slow channel server, and the signal is
 * sent while the turn waits on it. The turn must finish and be saved, a new message must be refused
 * with 503 and Retry-After, /readyz must say draining, and the process must exit 0.
 */
const dirs: string[] = [];
const children: ChildProcess[] = [];
let channel: Server | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  channel?.close();
  await Promise.all(dirs.map(removeDir));
});

function startBot(dir: string): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  const env = embeddedEnv({ DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', STAFF_TOKEN: 'staff-token-for-drain-test-1' });
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${out.slice(-2000)}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, log: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code}): ${out.slice(-2000)}`));
    });
  });
}

const exitOf = (p: ChildProcess) => new Promise<number | null>((ok) => (p.exitCode !== null ? ok(p.exitCode) : p.once('exit', (code) => ok(code))));

describe('SIGTERM drains', () => {
  it('finishes and saves the turn in flight, refuses new ones with 503, then exits 0', async () => {
    const { k } = await knowledge();
    const dialog = k.dialogs.get('second-hand-house')!;
    const dir = await tempDir('yjs-drain-');
    dirs.push(dir);

    // a Bot Framework channel that holds the bot's replies until told to let go
    const received: string[] = [];
    const options: string[] = [];
    let replyArrived!: () => void;
    const arrived = new Promise<void>((ok) => (replyArrived = ok));
    let letGo!: () => void;
    const released = new Promise<void>((ok) => (letGo = ok));
    channel = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const a = JSON.parse(body) as { text?: string; suggestedActions?: { actions: { value: unknown }[] } };
        received.push(a.text ?? '');
        options.push(...(a.suggestedActions?.actions ?? []).map((x) => String(x.value)));
        replyArrived();
        void released.then(() => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `r-${received.length}` }));
        });
      });
    });
    await new Promise<void>((ok) => channel!.listen(0, '127.0.0.1', () => ok()));
    const serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;

    const first = await startBot(dir);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const c = new Client(first.url, 'drain-1', serviceUrl);
    // replies go to the channel (no expectReplies): the turn is in flight until the channel answers
    const turn = c.post({ ...c.activity({ text: '我要卖房，要准备什么？' }), deliveryMode: 'normal' });
    await arrived;
    first.child.kill('SIGTERM');
    // draining: not ready, and a new message is turned away with a time to come back
    let ready = await fetch(`${first.url}/readyz`);
    for (let i = 0; i < 50 && ready.status === 200; i++) ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { status: string }).status).toBe('draining');
    const refused = await fetch(`${first.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(new Client(first.url, 'drain-2', serviceUrl).activity({ text: '你好' })),
    });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toContain('正在停止');
    expect(first.child.exitCode).toBeNull();

    letGo();
    expect((await turn).status).toBe(200);
    expect(await exitOf(first.child)).toBe(0);
    const asked = dialog.questions.find((q) => received.some((t) => t.includes(q.text)));
    expect(asked).toBeDefined();
    expect(received.filter((t) => t === '').length).toBe(0);

    // the turn was saved: a new process on the same folder continues from the question asked
    const second = await startBot(dir);
    try {
      expect(options.length).toBeGreaterThan(0);
      const next = await new Client(second.url, 'drain-1').say(options[0]!);
      expect(next.status).toBe(200);
      const then = dialog.questions.find((q) => next.texts.some((t) => t.includes(q.text)));
      expect(then).toBeDefined();
      expect(then!.id).not.toBe(asked!.id);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exitOf(second.child)).toBe(0);
    }
  }, 120_000);
});
