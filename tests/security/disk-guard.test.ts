import { afterAll, describe, expect, it } from 'vitest';
import { DISK_FULL_MESSAGE } from '../../src/server/guard/disk.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';

let dir: string;
afterAll(async () => {
  await removeDir(dir);
});

describe('disk guard', () => {
  it('when the disk runs low, new conversations wait and the ones under way go on', async () => {
    dir = await tempDir();
    const first = await start(dir);
    const known = new Client(first.url, 'disk-known');
    expect((await known.say('孩子刚出生要办什么')).texts.join('')).toContain('出生');
    await first.stop();

    // the same data on a disk that now has "too little" room: more free space demanded than any disk has
    const low = await start(dir, { DISK_MIN_FREE_MB: String(1024 ** 3) });
    try {
      const going = await new Client(low.url, 'disk-known').say('是');
      expect(going.texts).not.toContain(DISK_FULL_MESSAGE);
      expect(going.texts.length).toBeGreaterThan(0);
      const fresh = await new Client(low.url, 'disk-new').say('我要卖房');
      expect(fresh.texts).toEqual([DISK_FULL_MESSAGE]);
    } finally {
      await low.stop();
    }
  });
});
