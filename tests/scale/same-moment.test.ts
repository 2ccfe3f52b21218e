import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { Client, knowledge, removeDir, start, tempDir } from '../server/helpers.js';

/**
 * Two messages of one conversation arriving at the same moment (a citizen tapping an option and typing
 * right after, on any channel): both turns must land, one after the other, on the embedded store.
 */
let dir: string;
let s: Started;
beforeAll(async () => {
  dir = await tempDir('yjs-moment-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

describe('two messages of one conversation at the same moment', () => {
  it('answers both, in turn, 20 times out of 20', async () => {
    const dialog = (await knowledge()).k.dialogs.get('second-hand-house')!;
    const asked = (texts: string[]) => dialog.questions.filter((q) => texts.some((t) => t.includes(q.text))).map((q) => q.id);
    for (let i = 0; i < 20; i++) {
      const c = new Client(s.url, `moment-${i}`);
      const opened = await c.say('我要卖房，要准备什么？');
      const tap = opened.actions[0]!;
      // the same option tapped twice at once: the second lands on the next question, not the same one again
      const [a, b] = await Promise.all([c.say(tap), c.say(tap)]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      const key = `webchat/conversations/moment-${i}/`;
      const stored = (await s.app.storage.read([key]))[key] as { conversation: { transcript: { from: string }[] } };
      // three user lines in the transcript: no turn overwritten by the other
      expect(stored.conversation.transcript.filter((l) => l.from === 'user')).toHaveLength(3);
      // lost, the second turn answers from the same state as the first: the very same reply twice
      expect(b.texts, `both replies asked ${asked(a.texts).join(', ')}`).not.toEqual(a.texts);
    }
  }, 120_000);
});
