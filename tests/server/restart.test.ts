import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, knowledge, removeDir, start, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

describe('a restarted server continues each conversation where it was', () => {
  it('state survives a new server on the same data folder', async () => {
    const { k } = await knowledge();
    const dir = await tempDir('yjs-restart-');
    dirs.push(dir);
    const dialog = k.dialogs.get('second-hand-house')!;
    const questionIn = (texts: string[]) => dialog.questions.find((q) => texts.some((t) => t.includes(q.text)));

    const first = await start(dir);
    const c = new Client(first.url, 'restart-1');
    const opened = await c.say('我要卖房，要准备什么？');
    const q1 = questionIn(opened.texts)!;
    expect(q1).toBeDefined();
    const tapped = opened.actions[0]!;
    const second = await c.say(tapped);
    const q2 = questionIn(second.texts)!;
    expect(q2).toBeDefined();
    expect(q2.id).not.toBe(q1.id);
    await first.stop();

    // the embedded store is files on disk, one per conversation/user
    const files = await readdir(join(dir, 'state'), { recursive: true });
    expect(files.length).toBeGreaterThan(0);

    const again = await start(dir);
    try {
      c.url = again.url;
      const third = await c.say(second.actions[0]!);
      // the same three messages in one go on a server that never stopped give the same answer
      const twin = new Client(again.url, 'restart-twin');
      await twin.say('我要卖房，要准备什么？');
      await twin.say(tapped);
      const expected = await twin.say(second.actions[0]!);
      expect(third.texts).toEqual(expected.texts);
      expect(third.texts.join('\n')).not.toContain('您好');
      const q3 = questionIn(third.texts);
      if (q3) expect([q1.id, q2.id]).not.toContain(q3.id);
      const back = await c.say('上一步');
      expect(back.texts.some((t) => t.includes(q2.text))).toBe(true);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
