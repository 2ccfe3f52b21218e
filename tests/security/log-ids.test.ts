import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/bot/state/keys.js';
import { LowdbStorage } from '../../src/bot/state/lowdb-storage.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import { createLogger } from '../../src/util/log.js';
import { Client, knowledge, removeDir, tempDir, TODAY } from '../server/helpers.js';

/** A log that keeps its lines, through the project's own masking logger. */
function capture(): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, log: createLogger('trace', 'yjs', sink) };
}

/** Issue 13: ids quoted inside error text (a record key, a state file's name) are masked in the log too. */
describe('ids inside logged errors', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await removeDir(d);
  });

  it('a storage conflict quoting the record key logs neither the openid nor the conversation id', async () => {
    const dir = await tempDir('yjs-log-ids-');
    dirs.push(dir);
    const store = new LowdbStorage({ dir, ttlMs: 86_400_000 });
    // a WeCom user id has no recognisable shape: only the log object's own field says it is an id
    const wecomUser = 'ZhangXiaoMing_Finance';
    const openid = 'oKeyInError_0123456789abcdef';
    const keys = [conversationKey('wechat', openid), conversationKey('wecom', wecomUser)];
    await store.write(Object.fromEntries(keys.map((k) => [k, { n: 1 }])));
    const { lines, log } = capture();
    for (const [i, key] of keys.entries()) {
      const err = await store.write({ [key]: { n: 2, eTag: 'stale' } }).then(
        () => null,
        (e: Error) => e,
      );
      expect(err?.message).toContain(key);
      log.error({ err, user: i === 1 ? wecomUser : undefined }, `state not saved for ${key}`);
    }
    const all = lines.join('');
    expect(lines).toHaveLength(2);
    expect(all).toContain('eTag conflict');
    for (const raw of [openid, wecomUser]) expect(all).not.toContain(raw);
    expect(all).toContain('wechat/conversations/oKey****cdef/');
  });

  it('a state file that cannot be written, through the whole server: the path is logged without its hash or the id', async () => {
    const dir = await tempDir('yjs-log-ids-server-');
    dirs.push(dir);
    const conversation = 'emulator-conversation-7f3a9c21';
    const hash = createHash('sha1').update(conversationKey('webchat', conversation)).digest('hex');
    // the shard folder of the conversation's plain-key place (read for a store written before keys were
    // hashed) is a file: opening it fails with ENOTDIR, naming the file
    await mkdir(join(dir, 'state'), { recursive: true });
    await writeFile(join(dir, 'state', hash.slice(0, 2)), '');
    const { lines, log } = capture();
    const env = { DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace' };
    const { k, nlu } = await knowledge();
    const s = await startServer(loadConfig(env), log, { k, nlu, today: () => TODAY, env });
    try {
      const r = await new Client(s.url, conversation).say('孩子刚出生，要办哪些手续？');
      const said = r.texts.join('\n');
      expect(said).toContain('抱歉');
      expect(said).not.toContain(hash);
    } finally {
      await s.stop();
    }
    const all = lines.join('');
    const failures = lines.filter((l) => l.includes('ENOTDIR'));
    expect(failures.length, all.slice(-3000)).toBeGreaterThan(0);
    for (const l of failures) expect(l).toContain(`${hash.slice(0, 2)}/${hash.slice(0, 4)}****${hash.slice(-4)}.json`);
    expect(all).not.toContain(hash);
    expect(all).not.toContain(conversation);
  }, 60_000);
});
