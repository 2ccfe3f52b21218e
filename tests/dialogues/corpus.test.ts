import { describe, expect, it } from 'vitest';
import { readCorpus, runDialogue } from './runner.js';

/** Every written dialogue of tests/dialogues/data over the real bot turn: its checks hold, no case is wiped. */
describe('dialogue corpus', () => {
  for (const d of readCorpus()) {
    it(`${d.file} ${d.id}`, async () => {
      const r = await runDialogue(d);
      expect(r.failures).toEqual([]);
      expect(r.counts.wiped).toBe(0);
    });
  }
});
