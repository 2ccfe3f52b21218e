import { describe, expect, it } from 'vitest';
import { Chat } from './chat-helper.js';

describe('a correction in the middle of the interview', () => {
  it('「等等，其实没满五年，才三年」 at another question changes the earlier answer, says so, and keeps the rest', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我想把房子卖了 满五年了 唯一住房 没贷款');
    const before = await c.state();
    expect(before.answers.held_years).toBe('ge5');
    const open = before.current;
    expect(open).toBeDefined();
    const r = await c.say('等等 其实没满五年 才三年');
    expect(r.texts.join('\n')).toContain('已改：持有年限：满 5 年及以上 → 满 2 年不满 5 年');
    const after = await c.state();
    expect(after.answers.held_years).toBe('from2to5');
    expect(after.bundle).toBe('second-hand-house');
    // every other answer is still there, but for those asked only of a house held 5 years (满五唯一)
    const onlyIfFiveYears = new Set(
      c.k.dialogs
        .get('second-hand-house')!
        .questions.filter((q) => q.askIf?.includes('held_years'))
        .map((q) => q.id),
    );
    for (const [id, v] of Object.entries(before.answers)) {
      if (id !== 'held_years' && !onlyIfFiveYears.has(id)) expect([id, after.answers[id]]).toEqual([id, v]);
    }
    expect(Object.keys(after.answers).length).toBeGreaterThanOrEqual(Object.keys(before.answers).length - onlyIfFiveYears.size);
  });

  it('a plain new need mid-interview is not taken as a correction', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我想把房子卖了');
    const before = await c.state();
    await c.say('等等，我还想开个公司');
    expect((await c.state()).answers).toEqual(before.answers);
  });

  it('a death in the family opens an inheritance, and records nothing about a gift', async () => {
    const c = new Chat();
    await c.join();
    await c.say('你好 我妈去年走了 她名下有套房子 我们几个孩子想过户 该咋弄');
    const s = await c.state();
    expect(s.bundle).toBe('second-hand-house');
    expect(s.answers.gift_relation).toBeUndefined();
  });
});
