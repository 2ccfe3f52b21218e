import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFile, BackendStore } from '../../apps/backend/store.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import type { Started } from '../../src/server/start.js';
import { keyId, makeKeyring } from '../../src/util/crypto-at-rest.js';
import { applyAndSubmit, Client, interviewToChecklist, removeDir, start, tempDir, VALID_ID } from '../server/helpers.js';

const run = promisify(execFile);
const newKey = () => randomBytes(32).toString('base64');
const idOf = (k: string) => keyId(Buffer.from(k, 'base64'));
const mode = async (p: string) => ((await stat(p)).mode & 0o777).toString(8);

/** Issue 13: the reference backend's store is sealed at rest like the bot's state, and rotated with it. */
describe('the acceptance backend at rest', () => {
  const k1 = newKey();
  const k2 = newKey();
  const dirs: string[] = [];
  let dir = '';
  let s: Started | undefined;
  let c: Client;
  let caseNo = '';
  const file = () => backendFile(join(dir, 'backend'));

  beforeAll(async () => {
    dir = await tempDir('yjs-sec-backend-at-rest-');
    dirs.push(dir);
    s = await start(dir, { DATA_ENCRYPTION_KEY: k1 });
    c = new Client(s.url, `backend-at-rest-${randomBytes(4).toString('hex')}`);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    caseNo = await applyAndSubmit(s, c);
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    for (const d of dirs) await removeDir(d);
  });

  it('a submitted case is in backend.json sealed under the bot key, 0600 in a 0700 folder, with no personal data or ids in plaintext', async () => {
    const kept = s!.backend!.store.data.cases[caseNo]!;
    // the case holds what the check below looks for: it can fail
    const phone = kept.application.applicant.phone;
    expect(kept.application.applicant.idNumber).toBe(VALID_ID);
    expect(kept.application.channel.conversationId).toBe(c.conversationId);
    const text = await readFile(file(), 'utf8');
    expect(text.startsWith(`v1.${idOf(k1)}.`)).toBe(true);
    for (const v of [VALID_ID, phone, kept.application.applicant.name, c.conversationId, caseNo]) expect(text.includes(v), v).toBe(false);
    expect(await mode(file())).toBe('600');
    expect(await mode(join(dir, 'backend'))).toBe('700');
  });

  it('rotation re-seals it under the new key, and the backend reads it back with that key alone', async () => {
    await s!.stop();
    s = undefined;
    const rotate = (env: Record<string, string>) =>
      run(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['scripts/rotate-key.ts'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir, ...env },
      }).then((r) => r.stdout);
    const out = await rotate({ DATA_ENCRYPTION_KEY: k2, DATA_ENCRYPTION_OLD_KEYS: k1 });
    expect(out).toContain(`受理平台数据 ${file()}：已用密钥 ${idOf(k2)} 重新加密`);
    expect((await readFile(file(), 'utf8')).startsWith(`v1.${idOf(k2)}.`)).toBe(true);
    expect(await rotate({ DATA_ENCRYPTION_KEY: k2 })).toContain('原已是新密钥');

    s = await start(dir, { DATA_ENCRYPTION_KEY: k2 });
    c.url = s.url;
    expect(s.backend!.store.data.cases[caseNo]?.application.applicant.idNumber).toBe(VALID_ID);
    // over HTTP: the bot asks the backend for the case's progress
    const r = await c.say('我的申请到哪了');
    expect(r.texts.join('\n')).toContain(caseNo);
  }, 120_000);

  it('a plaintext backend.json from before encryption is read whole and sealed at open', async () => {
    const legacy = await tempDir('yjs-sec-backend-legacy-');
    dirs.push(legacy);
    const data = JSON.stringify(s!.backend!.store.data, null, 2);
    await mkdir(legacy, { recursive: true });
    await writeFile(backendFile(legacy), data);
    await chmod(backendFile(legacy), 0o644);
    const ring = makeKeyring(randomBytes(32));
    const store = await BackendStore.open(legacy, ring);
    expect(JSON.stringify(store.data, null, 2)).toBe(data);
    const text = await readFile(backendFile(legacy), 'utf8');
    expect(text.startsWith(`v1.${ring.current.id}.`)).toBe(true);
    expect(text).not.toContain(VALID_ID);
    expect(await mode(backendFile(legacy))).toBe('600');
    // a change is written sealed too, and a fresh open reads it back
    await store.mutate((d) => {
      d.sequences.probe = 7;
    });
    expect((await BackendStore.open(legacy, ring)).data.sequences.probe).toBe(7);
  });
});
