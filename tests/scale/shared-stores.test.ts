import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ETagConflictError } from '../../src/bot/state/etag.js';
import { openStores, type Stores } from '../../src/server/stores/index.js';
import { silentLogger } from '../../src/util/log.js';

const { DATABASE_URL, REDIS_URL } = process.env;
const missing = !DATABASE_URL ? 'DATABASE_URL' : !REDIS_URL ? 'REDIS_URL' : null;
const opened: Stores[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});
/** two instances' stores over the same PostgreSQL and Redis */
const open = async () => {
  const s = await openStores({ DATABASE_URL, REDIS_URL }, '/nonexistent', 86_400_000, silentLogger);
  opened.push(s);
  return s;
};

describe.skipIf(missing !== null)(`shared stores (PostgreSQL + Redis)${missing ? ` — skipped: ${missing} is not set` : ''}`, () => {
  it('a stale version is refused across instances, and one write() is all or nothing', async () => {
    const [a, b] = [await open(), await open()];
    expect(a.kind).toBe('shared');
    const k1 = `t/${randomUUID()}`;
    const k2 = `t/${randomUUID()}`;
    await a.storage.write({ [k1]: { n: 1, eTag: '0' } });
    const seenA = (await a.storage.read([k1]))[k1]!;
    const seenB = (await b.storage.read([k1]))[k1]!;
    await b.storage.write({ [k1]: { n: 2, eTag: seenB.eTag } });
    await expect(a.storage.write({ [k1]: { n: 3, eTag: seenA.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    // a new key with a stale partner: neither is written
    await expect(a.storage.write({ [k2]: { n: 1, eTag: '0' }, [k1]: { n: 4, eTag: seenA.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    expect(await a.storage.read([k2])).toEqual({});
    expect((await a.storage.read([k1]))[k1]).toMatchObject({ n: 2 });
  });

  it('the turn lock lets one instance at a time into a conversation', async () => {
    const [a, b] = [await open(), await open()];
    const key = `turn-test/${randomUUID()}`;
    const log: string[] = [];
    const turn = (who: string) => async () => {
      log.push(`${who}+`);
      await new Promise((r) => setTimeout(r, 30));
      log.push(`${who}-`);
    };
    await Promise.all([a.lock.run(key, turn('a1')), b.lock.run(key, turn('b1')), a.lock.run(key, turn('a2')), b.lock.run(key, turn('b2'))]);
    // never two inside at once: every entry is followed by its own exit
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('+', '-'));
    expect(log).toHaveLength(8);
  });
});
