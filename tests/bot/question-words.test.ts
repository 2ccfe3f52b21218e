import { describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import type { BundleId, Question } from '../../src/knowledge/schema/index.js';
import { chatAt, realWorld, type Chat } from './chat-helper.js';

/**
 * Every word a dialog lists for an answer (yesWords, noWords, option synonyms), typed alone at its
 * question, is taken as that answer: never as a question about the bundle (代办, 本人 → FAQ) or a command.
 */
const { k } = realWorld();

function wordsOf(q: Question): [string, AnswerValue][] {
  if (q.type === 'yesno') return [...q.yesWords.map((w): [string, boolean] => [w, true]), ...q.noWords.map((w): [string, boolean] => [w, false])];
  return (q.options ?? []).flatMap((o) => o.synonyms.map((w): [string, AnswerValue] => [w, q.type === 'multi' ? [o.id] : o.id]));
}

const cases = [...k.dialogs].flatMap(([bundle, d]) => d.questions.filter((q) => wordsOf(q).length > 0).map((q) => ({ bundle, q, name: `${bundle} ${q.id}` })));

/** Types the word, reads what was recorded, and goes back to the question with 修改 for the next word. */
async function tryWord(c: Chat, q: Question, word: string): Promise<AnswerValue | undefined> {
  await c.say(word);
  const got = (await c.state()).answers[q.id];
  const again = await c.say(`修改 ${q.topic}`);
  expect((await c.state()).current, `修改 ${q.topic}: ${again.all}`).toBe(q.id);
  return got;
}

describe('the words of each question, typed at it', () => {
  it.each(cases)('$name', async ({ bundle, q }) => {
    const c = await chatAt(bundle as BundleId, q.id);
    expect((await c.state()).current).toBe(q.id);
    const wrong: string[] = [];
    for (const [word, want] of wordsOf(q)) {
      const got = await tryWord(c, q, word);
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`「${word}」→ ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(wrong).toEqual([]);
  });
});
