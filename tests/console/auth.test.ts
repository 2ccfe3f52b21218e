import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Understanding } from '../../src/bot/types.js';
import { removeDir, signIn, startRig, type Rig } from './rig.js';
// the rig runs on the embedded files: the script must write there, not to a DATABASE_URL CI exports
import { embeddedEnv } from '../server/embedded-env.js';

const k = loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });
// sign-in and the situation API never consult the understanding; searching is covered in the browser test
const nlu: Understanding = {
  parse: () => {
    throw new Error('not used here');
  },
};
const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

let clock = Date.parse('2026-11-28T08:00:00Z');
const now = () => clock;
let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ k, nlu, now, env: { CONSOLE_SESSION_HOURS: '8' } });
  // the real command an administrator runs, against this server's DATA_DIR
  const out = await run('npx', ['tsx', 'scripts/console-user.ts', 'zhang', 'correct-horse-1'], { cwd: ROOT, env: embeddedEnv({ DATA_DIR: rig.dir }) });
  expect(out.stdout).toContain('已添加热线工作人员「zhang」');
}, 60_000);
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
});

const get = (path: string, cookie = '') => fetch(rig.url + path, { headers: { cookie }, redirect: 'manual' });
const post = (path: string, body: unknown, cookie = '', extra: Record<string, string> = {}) =>
  fetch(rig.url + path, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/json', 'X-Console-Request': '1', ...extra },
    body: JSON.stringify(body),
    redirect: 'manual',
  });

describe('console refuses anonymous users', () => {
  it('API answers 401 in Chinese, pages and assets redirect to sign-in, known or not', async () => {
    for (const path of ['/console/api/me', '/console/api/bundles', '/console/api/handovers', '/console/api/sms', '/console/api/nothing-here']) {
      const r = await get(path);
      expect(r.status, path).toBe(401);
      expect((await r.json()).error).toContain('请先登录');
    }
    for (const path of ['/console', '/console/', '/console/assets/console.js', '/console/assets/print.css', '/console/whatever']) {
      const r = await get(path);
      expect(r.status, path).toBe(303);
      expect(r.headers.get('location')).toBe('/console/login');
    }
    expect((await post('/console/api/checklist', { bundle: 'road-excavation' })).status).toBe(401);
    expect((await post('/console/api/handoff', { bundle: 'road-excavation' })).status).toBe(401);
  });

  it('the sign-in page itself is open, with a strict content policy', async () => {
    const r = await get('/console/login');
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('工作人员登录');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('a forged session cookie is refused', async () => {
    expect((await get('/console/api/me', 'yjs_console=not-a-session')).status).toBe(401);
  });
});

describe('sign-in', () => {
  it('a wrong password or unknown name gets 401 and no cookie', async () => {
    const a = await signIn(rig.url, 'zhang', 'wrong-password');
    expect(a.status).toBe(401);
    expect(a.json.error).toBe('用户名或密码不对。');
    expect(a.cookie).toBe('');
    const b = await signIn(rig.url, 'nobody', 'correct-horse-1');
    expect(b.status).toBe(401);
  });

  it('the right password gets an HttpOnly SameSite=Strict session cookie that opens the API', async () => {
    const res = await fetch(`${rig.url}/console/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=zhang&password=correct-horse-1',
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/');
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Max-Age=28800/);
    const me = await get('/console/api/me', set.split(';')[0]);
    expect(me.status).toBe(200);
    expect((await me.json()).user).toBe('zhang');
  });

  it('passwords are stored as salted scrypt hashes, never in clear', async () => {
    const raw = await readFile(join(rig.dir, 'console', 'users.json'), 'utf8');
    expect(raw).not.toContain('correct-horse-1');
    expect(raw).toMatch(/"hash": "scrypt\$16384\$8\$1\$/);
  });

  it('wrong passwords make the next try wait a growing delay (not a lock): the right password gets in after it', async () => {
    await rig.users.set('li', 'li-password-1');
    for (let i = 0; i < 3; i++) expect((await signIn(rig.url, 'li', `guess-${i}`)).status).toBe(401);
    expect((await signIn(rig.url, 'li', 'guess-3')).status).toBe(401);
    const early = await signIn(rig.url, 'li', 'li-password-1');
    expect(early.status).toBe(429);
    expect(early.json.error).toContain('秒后再试');
    clock += 2_000;
    expect((await signIn(rig.url, 'li', 'li-password-1')).status).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after CONSOLE_SESSION_HOURS', async () => {
    const { cookie } = await signIn(rig.url, 'zhang', 'correct-horse-1');
    expect((await get('/console/api/me', cookie)).status).toBe(200);
    clock += 7.9 * 3_600_000;
    expect((await get('/console/api/me', cookie)).status).toBe(200);
    clock += 0.2 * 3_600_000;
    expect((await get('/console/api/me', cookie)).status).toBe(401);
    expect((await get('/console/', cookie)).status).toBe(303);
  });

  it('survive a restart of the server (kept on disk)', async () => {
    const { cookie } = await signIn(rig.url, 'zhang', 'correct-horse-1');
    const again = await startRig({ k, nlu, now, dir: rig.dir });
    try {
      const r = await fetch(`${again.url}/console/api/me`, { headers: { cookie } });
      expect(r.status).toBe(200);
      expect((await r.json()).user).toBe('zhang');
    } finally {
      await again.stop();
    }
  });

  it('end when the password is reset, and on sign-out', async () => {
    const a = await signIn(rig.url, 'zhang', 'correct-horse-1');
    await rig.users.set('zhang', 'correct-horse-2');
    expect((await get('/console/api/me', a.cookie)).status).toBe(401);
    const b = await signIn(rig.url, 'zhang', 'correct-horse-2');
    expect((await post('/console/api/logout', {}, b.cookie)).status).toBe(200);
    expect((await get('/console/api/me', b.cookie)).status).toBe(401);
  });
});

describe('writes need the page (CSRF)', () => {
  it('a POST without the console header, or from another origin, is refused', async () => {
    const { cookie } = await signIn(rig.url, 'zhang', 'correct-horse-2');
    const body = { bundle: 'road-excavation', answers: {} };
    const noHeader = await fetch(`${rig.url}/console/api/handoff`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(noHeader.status).toBe(403);
    expect((await post('/console/api/handoff', body, cookie, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/console/api/handoff', body, cookie, { Origin: rig.url })).status).toBe(200);
  });
});

describe('situation API', () => {
  it('hides questions that no longer apply and rebuilds the checklist', async () => {
    const { cookie } = await signIn(rig.url, 'zhang', 'correct-horse-2');
    const withLoan = await (await post('/console/api/checklist', { bundle: 'road-excavation', answers: { has_loan: true } }, cookie)).json();
    expect(withLoan.asked).toContain('loan_bank');
    const noLoan = await (
      await post('/console/api/checklist', { bundle: 'road-excavation', answers: { has_loan: false, loan_bank: '工商银行' } }, cookie)
    ).json();
    expect(noLoan.asked).not.toContain('loan_bank');
    // the answer to the hidden question no longer counts
    expect(noLoan.answers.loan_bank).toBeUndefined();
    expect(noLoan.script[0]).toMatch(/^您办的是「/);
    const bad = await post('/console/api/checklist', { bundle: 'no-such', answers: {} }, cookie);
    expect(bad.status).toBe(404);
    const malformed = await post('/console/api/checklist', { bundle: 'road-excavation', answers: { has_loan: { x: 1 } } }, cookie);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toContain('请求内容有误');
  });

  it('SMS without a gateway lands in the outbox the page lists, phone masked', async () => {
    const { cookie } = await signIn(rig.url, 'zhang', 'correct-horse-2');
    const r = await post('/console/api/sms', { bundle: 'road-excavation', answers: { has_loan: false }, phone: '13991234567' }, cookie);
    expect(r.status).toBe(200);
    expect((await r.json()).message).toMatchObject({ status: 'outbox', to: '139****4567', by: 'zhang' });
    const list = await (await get('/console/api/sms', cookie)).json();
    expect(list.messages[0].to).toBe('139****4567');
    expect(list.messages[0].text).toContain('【一件事一次办】');
    const wrong = await post('/console/api/sms', { bundle: 'road-excavation', answers: {}, phone: '12345' }, cookie);
    expect(wrong.status).toBe(400);
  });
});
