import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncryptedStorage } from '../../src/bot/state/encrypted-storage.js';
import { lookupKeys } from '../../src/bot/state/hashed-keys.js';
import { conversationKey } from '../../src/bot/state/keys.js';
import { LowdbStorage } from '../../src/bot/state/lowdb-storage.js';
import { rotateStore, sealedStorage } from '../../src/bot/state/sealed-store.js';
import { makeKeyring } from '../../src/util/crypto-at-rest.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';

/** Every file under a folder with its text. */
async function files(dir: string): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push({ name: e.name, text: await readFile(join(e.parentPath, e.name), 'utf8') });
  }
  return out;
}
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Issue 13: record keys name people (openids, conversation ids); the store keeps them under an HMAC. */
describe('record keys at rest', () => {
  const dirs: string[] = [];
  const dir = async (p: string) => {
    const d = await tempDir(p);
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of dirs) await removeDir(d);
  });

  it('through the whole server, no state file names the conversation or is named after its key, and it reads back', async () => {
    const d = await dir('yjs-sec-keys-server-');
    const conversation = `oRecordKey_${randomBytes(8).toString('hex')}`;
    let s = await start(d);
    const c = new Client(s.url, conversation);
    await c.say('孩子刚出生，要办哪些手续？');
    const key = conversationKey(c.channelId, conversation);
    // the record is there, through the storage: the checks below can fail
    expect((await s.app.storage.read([key]))[key]).toBeDefined();
    const stored = await files(join(d, 'state'));
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) {
      expect(f.text.includes(conversation), f.name).toBe(false);
      expect(f.text.includes('/conversations/'), f.name).toBe(false);
      expect(f.name).not.toBe(`${sha1(key)}.json`);
    }
    // a restart finds it by its key again
    await s.stop();
    s = await start(d);
    c.url = s.url;
    expect(JSON.stringify((await s.app.storage.read([key]))[key])).toContain('birth');
    await s.stop();
  }, 60_000);

  it('a record kept under its plain key (before hashing) is read, moved at its next write, and deleted everywhere', async () => {
    const d = await dir('yjs-sec-keys-legacy-');
    const ring = makeKeyring(randomBytes(32));
    const key = conversationKey('wechat', 'oLegacyOpenid_0123456789abcd');
    const plain = () => new LowdbStorage({ dir: join(d, 'state'), ttlMs: 86_400_000 });
    // what the server wrote before: sealed, under the plain key
    await new EncryptedStorage(plain(), ring).write({ [key]: { n: 1 } });
    const hashed = sealedStorage(plain(), ring, lookupKeys({ ring, dataDir: d, shared: false }));
    const item = (await hashed.read([key]))[key] as { n: number; eTag: string };
    expect(item.n).toBe(1);
    await hashed.write({ [key]: { ...item, n: 2 } });
    expect((await plain().read([key]))[key]).toBeUndefined();
    const after = await files(join(d, 'state'));
    expect(after).toHaveLength(1);
    expect(after[0]!.text).not.toContain('oLegacyOpenid');
    // a fresh process finds the moved record
    const again = sealedStorage(plain(), ring, lookupKeys({ ring, dataDir: d, shared: false }));
    expect(((await again.read([key]))[key] as { n: number }).n).toBe(2);
    // an old copy left beside it (a crash between the move's write and delete) goes with a delete too
    await new EncryptedStorage(plain(), ring).write({ [key]: { n: 1 } });
    await again.delete([key]);
    expect(await files(join(d, 'state'))).toHaveLength(0);
  });

  it('on a shared store the lookup key follows the data key: rotation moves every record, the new key alone finds it', async () => {
    const d = await dir('yjs-sec-keys-rotate-');
    const [k1, k2] = [randomBytes(32), randomBytes(32)];
    const store = () => new LowdbStorage({ dir: join(d, 'state'), ttlMs: 86_400_000 });
    const keys = [conversationKey('wechat', 'oRotateOpenid_0123456789abc'), 'wechat/users/oRotateOpenid_0123456789abc/'];
    const r1 = makeKeyring(k1);
    await sealedStorage(store(), r1, lookupKeys({ ring: r1, dataDir: d, shared: true })).write(Object.fromEntries(keys.map((k, i) => [k, { i }])));
    const before = (await files(join(d, 'state'))).map((f) => f.name).sort();
    const r2 = makeKeyring(k2, [k1]);
    expect(await rotateStore(store(), r2, lookupKeys({ ring: r2, dataDir: d, shared: true }))).toEqual({ rewritten: 2, current: 0, unreadable: 0 });
    const moved = await files(join(d, 'state'));
    expect(moved).toHaveLength(2);
    for (const f of moved) expect(before).not.toContain(f.name);
    const only2 = makeKeyring(k2);
    const read = await sealedStorage(store(), only2, lookupKeys({ ring: only2, dataDir: d, shared: true })).read(keys);
    expect(keys.map((k) => (read[k] as { i: number } | undefined)?.i)).toEqual([0, 1]);
    expect(await rotateStore(store(), only2, lookupKeys({ ring: only2, dataDir: d, shared: true }))).toEqual({ rewritten: 0, current: 2, unreadable: 0 });
  });
});
