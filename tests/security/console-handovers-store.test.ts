import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoverRegistry, type HandoverEntry } from '../../src/bot/handovers.js';
import { removeDir } from '../console/rig.js';

/**
 * handovers.json was never pruned and was read whole on every 转人工 turn (50 → 611 ms after 2,255
 * entries). Handled requests older than the kept days go; open ones stay; the file is read once.
 */
const NOW = Date.parse('2026-12-05T08:00:00Z');
const day = 86_400_000;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yjs-handovers-'));
});
afterAll(() => removeDir(dir));

function entries(): HandoverEntry[] {
  const out: HandoverEntry[] = [];
  for (let i = 0; i < 2255; i++) {
    const at = new Date(NOW - (i % 90) * day - 1000).toISOString();
    out.push({ conversationId: `old-${i}`, channel: 'wechat', at, reason: '转人工', status: 'resolved', resolved: true, resolvedAt: at });
  }
  // open requests are kept however old; an entry written before statuses existed counts as open
  out.push({ conversationId: 'open-old', channel: 'wechat', at: new Date(NOW - 80 * day).toISOString(), reason: '转人工', status: 'waiting' });
  out.push({ conversationId: 'legacy-open', channel: 'wecom', at: new Date(NOW - 60 * day).toISOString(), reason: '人工' } as HandoverEntry);
  return out;
}

describe('handovers.json', () => {
  it('prunes handled requests older than the kept days at start, keeps every open one, and writes 0600', async () => {
    const file = join(dir, 'handovers.json');
    await writeFile(file, JSON.stringify({ handovers: entries() }));
    const reg = new HandoverRegistry(file, 30, () => NOW);
    const list = await reg.list();
    expect(list.every((h) => h.status !== 'resolved' || NOW - Date.parse(h.resolvedAt ?? h.at) <= 30 * day)).toBe(true);
    expect(list.length).toBeLessThan(900);
    expect(list.map((h) => h.conversationId)).toEqual(expect.arrayContaining(['open-old', 'legacy-open']));
    expect(list.find((h) => h.conversationId === 'legacy-open')?.status).toBe('waiting');
    await reg.add({ conversationId: 'new', channel: 'wechat', at: new Date(NOW).toISOString(), reason: '转人工' });
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { handovers: HandoverEntry[] };
    expect(onDisk.handovers.length).toBe(list.length + 1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('is not read again on every turn: what is on disk after start does not change what the server holds', async () => {
    const file = join(dir, 'read-once.json');
    const reg = new HandoverRegistry(file, 30, () => NOW);
    await reg.add({ conversationId: 'c1', channel: 'terminal', at: new Date(NOW).toISOString(), reason: '转人工' });
    // another process scribbling on the file (or a half-written file) is not re-read per request
    await writeFile(file, '{ not json');
    expect((await reg.open('terminal', 'c1'))?.status).toBe('waiting');
    expect((await reg.list()).map((h) => h.conversationId)).toEqual(['c1']);
  });

  it('a damaged file does not stop the server: it starts with an empty list', async () => {
    const file = join(dir, 'damaged.json');
    await writeFile(file, '{"handovers": [tru');
    expect(await new HandoverRegistry(file, 30, () => NOW).list()).toEqual([]);
    // set aside for a person to look at, not overwritten by the next request
    expect(await readFile(`${file}.damaged-${NOW}`, 'utf8')).toBe('{"handovers": [tru');
  });
});
