import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedStorage } from '../../src/bot/state/encrypted-storage.js';
import { ETagConflictError, LowdbStorage } from '../../src/bot/state/lowdb-storage.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import type { Started } from '../../src/server/start.js';
import { keyId, makeKeyring } from '../../src/util/crypto-at-rest.js';
import { askedField, Client, formFields, interviewToChecklist, removeDir, start, tempDir, valueFor, VALID_ID } from '../server/helpers.js';

const run = promisify(execFile);
const NAME = '张三';
const PHONE = '13991234567';
const ADDRESS = '凤城八路168号6号楼2单元1102室';
const SECRETS = [VALID_ID, PHONE, NAME, ADDRESS];

const newKey = () => randomBytes(32).toString('base64');

/** Every file under a folder, with its mode, and every folder's mode. */
async function walk(dir: string): Promise<{ files: { path: string; mode: number }[]; dirs: { path: string; mode: number }[] }> {
  const out = { files: [] as { path: string; mode: number }[], dirs: [{ path: dir, mode: (await stat(dir)).mode & 0o777 }] };
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const sub = await walk(p);
      out.files.push(...sub.files);
      out.dirs.push(...sub.dirs);
    } else out.files.push({ path: p, mode: (await stat(p)).mode & 0o777 });
  }
  return out;
}

async function rotate(dir: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(join(PROJECT_ROOT, 'node_modules/.bin/tsx'), ['scripts/rotate-key.ts'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dir, ...env },
  });
  return stdout;
}

describe('personal data at rest (issue 13)', () => {
  const k1 = newKey();
  const k2 = newKey();
  let dir = '';
  let s: Started | undefined;
  let c: Client;

  beforeAll(async () => {
    dir = await tempDir('yjs-sec-at-rest-');
    s = await start(dir, { DATA_ENCRYPTION_KEY: k1 });
    c = new Client(s.url, `at-rest-${randomBytes(4).toString('hex')}`);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    let r = await c.say('现在申请');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) r = await c.say(valueFor(askedField(fields, r.texts)!));
    expect(r.texts.join('\n')).toContain('请核对申请表');
  });
  afterAll(async () => {
    await s?.stop();
    await removeDir(dir);
  });

  const stored = async () => {
    const key = `${c.channelId}/conversations/${c.conversationId}/`;
    return JSON.stringify((await s!.app.storage.read([key]))[key]);
  };

  it('the state files hold the conversation but none of its personal data in plaintext', async () => {
    // the data is there, through the storage: the check below can fail
    const through = await stored();
    for (const v of [VALID_ID, PHONE]) expect(through).toContain(v);
    const { files } = await walk(join(dir, 'state'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = await readFile(f.path, 'utf8');
      for (const v of SECRETS) expect(text.includes(v), `${v} in ${f.path}`).toBe(false);
      expect(text).toContain(`"sealed":"v1.${keyId(Buffer.from(k1, 'base64'))}.`);
    }
  });

  it('state files are 0600 and their folders 0700, as is handovers.json once written', async () => {
    await new Client(s!.url, `at-rest-handover-${randomBytes(4).toString('hex')}`).say('转人工');
    const { files, dirs } = await walk(join(dir, 'state'));
    for (const f of files) expect(f.mode.toString(8), f.path).toBe('600');
    for (const d of dirs) expect(d.mode.toString(8), d.path).toBe('700');
    expect(((await stat(join(dir, 'handovers.json'))).mode & 0o777).toString(8)).toBe('600');
  });

  it('after a restart on the same folder the conversation continues', async () => {
    await s!.stop();
    s = await start(dir, { DATA_ENCRYPTION_KEY: k1 });
    c.url = s.url;
    expect(await stored()).toContain(VALID_ID);
    const r = await c.say('确认无误');
    expect(r.texts.join('\n')).not.toContain('抱歉，系统');
    expect(r.actions.length).toBeGreaterThan(0);
  });

  it('rotation re-encrypts every record; the new key alone then reads them, no key says it cannot', async () => {
    await s!.stop();
    s = undefined;
    const out = await rotate(dir, { DATA_ENCRYPTION_KEY: k2, DATA_ENCRYPTION_OLD_KEYS: k1 });
    const n = Number(/重新加密 (\d+) 条/.exec(out)?.[1]);
    expect(n, out).toBeGreaterThan(0);
    const { files } = await walk(join(dir, 'state'));
    for (const f of files) expect(await readFile(f.path, 'utf8')).toContain(`"sealed":"v1.${keyId(Buffer.from(k2, 'base64'))}.`);
    // a second run has nothing left to do
    expect(await rotate(dir, { DATA_ENCRYPTION_KEY: k2 })).toContain('重新加密 0 条');

    s = await start(dir, { DATA_ENCRYPTION_KEY: k2 });
    c.url = s.url;
    expect(await stored()).toContain(VALID_ID);
    let r = await c.say('你好');
    expect(r.texts.join('\n')).not.toContain('抱歉，系统');

    await s.stop();
    s = await start(dir);
    c.url = s.url;
    r = await c.say('确认无误');
    expect(r.status).toBe(200);
    expect(r.texts.join('\n')).toContain('无法读取您之前保存的信息');
    // the server lives, and a new conversation works
    const other = new Client(s.url, `at-rest-new-${randomBytes(4).toString('hex')}`);
    r = await other.say('孩子刚出生，要办哪些手续？');
    expect(r.texts.join('\n')).not.toContain('抱歉，系统');
    // nothing was overwritten: the new key alone still reads the conversation
    await s.stop();
    s = await start(dir, { DATA_ENCRYPTION_KEY: k2 });
    expect(await stored()).toContain(VALID_ID);
  });
});

describe('EncryptedStorage around LowdbStorage', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('yjs-sec-enc-');
  });
  afterAll(() => removeDir(dir));

  it('reads plaintext records written before encryption and seals them at their next write, eTags checked', async () => {
    const inner = new LowdbStorage({ dir, ttlMs: 86_400_000 });
    await inner.write({ old: { profile: { phone: PHONE } } });
    const enc = new EncryptedStorage(new LowdbStorage({ dir, ttlMs: 86_400_000 }), makeKeyring(randomBytes(32)));
    const item = (await enc.read(['old'])).old as { profile: { phone: string }; eTag: string };
    expect(item.profile.phone).toBe(PHONE);
    const { files } = await walk(dir);
    expect(await readFile(files[0]!.path, 'utf8')).toContain(PHONE);

    await enc.write({ old: { ...item, profile: { phone: PHONE, name: NAME } } });
    for (const f of (await walk(dir)).files) expect(await readFile(f.path, 'utf8')).not.toContain(PHONE);
    const again = (await enc.read(['old'])).old as { profile: { name: string }; eTag: string };
    expect(again.profile.name).toBe(NAME);
    // the first read's eTag is stale now
    await expect(enc.write({ old: { ...item } })).rejects.toBeInstanceOf(ETagConflictError);
    await enc.write({ old: { ...again, n: 1 } });
  });

  it('a key that is not 32 bytes of base64 stops start-up with a message in Chinese and English', () => {
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${newKey()},abc`]) {
      const env = { DATA_ENCRYPTION_KEY: bad.split(',')[0]!, DATA_ENCRYPTION_OLD_KEYS: bad.includes(',') ? 'abc' : '' };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/32 字节.*32-byte/);
    }
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: newKey(), DATA_ENCRYPTION_OLD_KEYS: `${newKey()}, ${newKey()}` })).not.toThrow();
  });
});
