import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormField } from '../../src/engine/index.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { SECRET, startBackend } from '../backend/helpers.js';
import { askedField, Client, embeddedEnv, interviewToChecklist, knowledge, removeDir, tempDir, valueFor } from '../server/helpers.js';

/**
 * A crash during submission, for real: the bot server runs as a child process (as `npm run dev` runs
 * it) and is killed with SIGKILL at the send point — after the backend has made the case, before the
 * bot heard the answer or saved the turn. The citizen's retry after the restart must find that case.
 */
let dir: string;
let backendDir: string;
let backend: BackendServer;
let proxy: Server;
let proxyUrl: string;
let child: ChildProcess | undefined;
/** when set, the proxy kills the bot as soon as the backend has answered a submission */
let killAtSend = false;

/** Forwards to the backend; at the send point it lets the backend finish, then kills the bot. */
function startProxy(): Promise<void> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = new URL(backend.url);
      const fwd = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          if (killAtSend && req.method === 'POST' && req.url === '/v1/applications') {
            killAtSend = false;
            child?.kill('SIGKILL');
            res.destroy();
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(body));
        });
      });
      fwd.on('error', () => res.destroy());
      fwd.end(Buffer.concat(chunks));
    });
  });
  return new Promise((ok) => proxy.listen(0, '127.0.0.1', () => ok()));
}

/** The bot server as a process of its own on the data folder; resolves with its URL once it listens. */
function startBot(): Promise<string> {
  const env = embeddedEnv({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    BACKEND_URL: proxyUrl,
    BACKEND_SECRET: SECRET,
    LOG_LEVEL: 'info',
    STAFF_TOKEN: 'staff-token-for-crash-test-01',
  });
  child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = child;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`bot did not start: ${err.slice(-2000)}`)), 60_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code}): ${err.slice(-2000)}`));
    });
  });
}

const exited = (p: ChildProcess) => new Promise<void>((ok) => (p.exitCode !== null || p.signalCode !== null ? ok() : p.once('exit', () => ok())));

beforeAll(async () => {
  dir = await tempDir('yjs-after-crash-');
  backendDir = await tempDir('yjs-after-crash-backend-');
  backend = await startBackend(backendDir);
  await startProxy();
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await backend?.close();
  await new Promise((ok) => proxy?.close(ok));
  await removeDir(dir);
  await removeDir(backendDir);
});

describe('a crash while submitting', () => {
  it('the retry after the restart finds the case the first try made: one case, one 受理编号', async () => {
    const { k } = await knowledge();
    const fields: FormField[] = [...k.fields.values()].map((f) => ({
      id: f.id,
      label: f.label,
      type: f.type,
      group: f.group,
      optional: false,
      items: [],
      ...(f.options ? { options: f.options } : {}),
    }));
    let url = await startBot();
    let c = new Client(url, 'after-crash');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    let r = await c.say('现在申请');
    for (let i = 0; i < 40 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      const f = askedField(fields, r.texts);
      expect(f, r.texts.join('\n')).toBeDefined();
      r = await c.say(valueFor(f!));
    }
    r = await c.say('确认无误');
    r = await c.say('窗口领取');
    expect(r.texts.join('\n')).toContain('提交前请确认');

    killAtSend = true;
    const first = child!;
    const lost = await c.say('同意并提交').catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(Error);
    await exited(first);
    expect(first.signalCode).toBe('SIGKILL');
    const made = Object.keys(backend.store.data.cases);
    expect(made).toHaveLength(1);

    // the same conversation after the restart: still at the consent step, as it was saved
    url = await startBot();
    c = new Client(url, 'after-crash');
    r = await c.say('同意并提交');
    const said = r.texts.join('\n');
    expect(said).toContain(`受理编号 ${made[0]}`);
    expect(Object.keys(backend.store.data.cases)).toEqual(made);
    // and again: still that one case
    await c.say('同意并提交');
    expect(Object.keys(backend.store.data.cases)).toEqual(made);
  }, 180_000);
});
