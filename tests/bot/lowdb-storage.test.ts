import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStorage, ETagConflictError } from '../../src/bot/state/lowdb-storage.js';

const dir = () => mkdtempSync(join(tmpdir(), 'yjs-store-'));
const DAY = 86_400_000;

function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe('LowdbStorage', () => {
  it('writes one file per key and reads it back from a new instance (a restart)', async () => {
    const root = dir();
    const a = new LowdbStorage({ dir: root, ttlMs: DAY });
    await a.write({ 'wechat/conversations/1': { n: 1 }, 'wechat/conversations/2': { n: 2 } });
    expect(files(root)).toHaveLength(2);
    const b = new LowdbStorage({ dir: root, ttlMs: DAY });
    const got = await b.read(['wechat/conversations/1', 'missing']);
    expect(got['wechat/conversations/1']).toMatchObject({ n: 1 });
    expect(got.missing).toBeUndefined();
  });

  it('rewrites only the key that changed', async () => {
    const root = dir();
    const s = new LowdbStorage({ dir: root, ttlMs: DAY });
    await s.write({ a: { v: 1 }, b: { v: 1 } });
    const byKey = () => new Map(files(root).map((f) => [JSON.parse(readFileSync(f, 'utf8')).key as string, f]));
    const fb = byKey().get('b')!;
    const before = readFileSync(fb, 'utf8');
    await s.write({ a: { v: 2 } });
    expect(readFileSync(fb, 'utf8')).toBe(before);
    expect(JSON.parse(readFileSync(byKey().get('a')!, 'utf8')).data).toEqual({ v: 2 });
  });

  it('refuses a write with a stale eTag and accepts * and the current one', async () => {
    const s = new LowdbStorage({ dir: dir(), ttlMs: DAY });
    await s.write({ k: { v: 1 } });
    const first = (await s.read(['k'])).k as { eTag: string };
    await s.write({ k: { v: 2, eTag: first.eTag } });
    await expect(s.write({ k: { v: 3, eTag: first.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    await s.write({ k: { v: 4, eTag: '*' } });
    expect((await s.read(['k'])).k).toMatchObject({ v: 4 });
  });

  it('serialises concurrent writers on one key: exactly one of two racing updates wins', async () => {
    const s = new LowdbStorage({ dir: dir(), ttlMs: DAY });
    await s.write({ k: { v: 0 } });
    const { eTag } = (await s.read(['k'])).k as { eTag: string };
    const results = await Promise.allSettled([s.write({ k: { v: 1, eTag } }), s.write({ k: { v: 2, eTag } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });

  it('forgets records older than the time to live, on read and by sweeping', async () => {
    const root = dir();
    let now = Date.now();
    const s = new LowdbStorage({ dir: root, ttlMs: DAY, now: () => now });
    await s.write({ old: { v: 1 }, fresh: { v: 1 } });
    now += 2 * DAY;
    await s.write({ fresh: { v: 2 } });
    expect((await s.read(['old'])).old).toBeUndefined();
    const oldFileGone = files(root).length === 1;
    expect(oldFileGone).toBe(true);
    // a record left by an earlier process, never read again, is swept by its own time
    await new LowdbStorage({ dir: root, ttlMs: DAY, now: () => now - 3 * DAY }).write({ leftover: { v: 1 } });
    expect(files(root)).toHaveLength(2);
    expect(await s.sweep()).toBe(1);
    expect(files(root)).toHaveLength(1);
  });

  it('returns copies: changing what was read does not change the store', async () => {
    const s = new LowdbStorage({ dir: dir(), ttlMs: DAY });
    await s.write({ k: { list: [1] } });
    const r = (await s.read(['k'])).k as { list: number[] };
    r.list.push(2);
    expect((await s.read(['k'])).k).toMatchObject({ list: [1] });
  });

  it('writes what an item holds when write() is called, even if it was read and changed since', async () => {
    const root = dir();
    const s = new LowdbStorage({ dir: root, ttlMs: DAY });
    await s.write({ k: { list: [1] } });
    const r = (await s.read(['k'])).k as { list: number[]; eTag: string };
    r.list.push(2);
    const pending = s.write({ k: r });
    r.list.push(3);
    await pending;
    const fresh = new LowdbStorage({ dir: root, ttlMs: DAY });
    expect((await fresh.read(['k'])).k).toMatchObject({ list: [1, 2] });
    // the file is one compact JSON record around the data
    const [file] = files(root);
    const record = JSON.parse(readFileSync(file!, 'utf8'));
    expect(Object.keys(record)).toEqual(['key', 'eTag', 'updatedAt', 'data']);
    expect(record.data).toEqual({ list: [1, 2] });
  });
});
