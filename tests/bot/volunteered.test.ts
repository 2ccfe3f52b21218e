import { describe, expect, it } from 'vitest';
import { Chat, tapThrough } from './chat-helper.js';

const numberOf = (texts: string[]): number | undefined => {
  const m = /（第(\d+)题/.exec(texts.join('\n'));
  return m ? Number(m[1]) : undefined;
};

describe('facts said instead of the answer on screen', () => {
  it('「我要卖房，要准备什么」 is a sale: the first question asked is numbered 1 and is not the kind of transfer', async () => {
    const c = new Chat();
    await c.join();
    const t = await c.say('我要卖房，要准备什么');
    const s = await c.state();
    expect(s.answers.transfer_kind).toBe('sale');
    expect(s.current).not.toBe('transfer_kind');
    expect(numberOf(t.texts)).toBe(1);
  });

  it('are recorded, never bent into an answer to the question on screen, which is asked again with its number', async () => {
    const c = new Chat();
    await c.join();
    // to the buyer's type by taps, in the bot's own order (held_years is not asked before it on this path)
    const { last: t0 } = await tapThrough(c, await c.say('我要卖房'), 'buyer_type');
    const s0 = await c.state();
    expect(s0.current).toBe('buyer_type');
    expect(s0.answers.held_years).toBeUndefined();
    const n0 = numberOf(t0.texts);

    // shares 家里 with an option's words (家里买), but says when the house was bought and that it is the only one
    const t1 = await c.say('满五年了 是家里唯一一套');
    const s1 = await c.state();
    expect(s1.answers.buyer_type).toBeUndefined();
    expect(s1.answers.held_years).toBe('ge5');
    expect(s1.current).toBe('buyer_type');
    expect(numberOf(t1.texts)).toBe(n0);
    expect(t1.texts.join('\n')).not.toContain('按「');

    // the buyer's type said outright answers it; the loan is taken as well
    await c.say('买家是个人 要贷款');
    const s2 = await c.state();
    expect(s2.answers.buyer_type).toBe('person');
    expect(s2.answers.buyer_loan).toBe(true);
  });

  it('a need for another bundle said at a question is asked about first, not recorded as this answer', async () => {
    const c = new Chat();
    await c.join();
    await tapThrough(c, await c.say('我要卖房'), 'buyer_type');
    expect((await c.state()).current).toBe('buyer_type');
    const t = await c.say('我还想开个公司');
    expect((await c.state()).answers.buyer_type).toBeUndefined();
    expect(t.texts.join('\n')).toContain('回答会保留');
  });
});

describe('a fact said after 不清楚', () => {
  it('settles the answer taken as the cautious reading, says so, and the same question waits', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我想开个个体户的小饭馆');
    let s = await c.state();
    // answer 不清楚 to whatever is asked until a question with a cautious reading is marked unsure
    for (let i = 0; i < 6 && (s.unsure ?? []).length === 0; i++) {
      await c.say('不清楚');
      s = await c.state();
    }
    const id = s.unsure![0]!;
    const q = c.k.dialogs.get(s.bundle!)!.questions.find((x) => x.id === id)!;
    const other = q.options!.find((o) => o.id !== s.answers[id])!;
    const pending = s.current;
    const t = await c.say(other.synonyms[0] ?? other.label);
    const after = await c.state();
    expect(after.answers[id]).toBe(other.id);
    expect(after.unsure ?? []).not.toContain(id);
    expect(t.texts.join('\n')).toContain(q.topic);
    expect(after.current).toBe(pending);
  });
});

describe('a likely answer offered', () => {
  it('is named in a line while the buttons keep the numbered order, so 「1」 is the first option shown', async () => {
    const c = new Chat();
    await c.join();
    // a hedge (好像) makes the place only likely: said plainly, 在家里去世的 is recorded outright
    const t = await c.say('我爸好像是在家里去世的 要办什么');
    const s = await c.state();
    const q = c.k.dialogs.get(s.bundle!)!.questions.find((x) => x.id === s.current)!;
    const all = t.texts.join('\n');
    expect(all).toContain('听您前面说的');
    const likely = q.options!.find((o) => all.includes(`像是「${o.label}」`))!;
    expect(likely).toBeDefined();
    expect(likely.id).not.toBe(q.options![0]!.id);
    expect(t.actions.slice(0, q.options!.length)).toEqual(q.options!.map((o) => o.label));
    await c.say('1');
    expect((await c.state()).answers[q.id]).toBe(q.options![0]!.id);
  });
});

describe('what the user does not know', () => {
  it('「不知道啥时候领的结婚证」 is not a question for the window: no 「没有确切的答复」, the question waits', async () => {
    const c = new Chat();
    await c.join();
    await c.say('孩子刚出生 要办出生一件事');
    const pending = (await c.state()).current;
    const t = await c.say('不知道啥时候领的结婚证');
    expect(t.texts.join('\n')).not.toContain('没有确切的答复');
    expect((await c.state()).current).toBe(pending);
  });
});

describe('a question about this case that names a neighbouring matter', () => {
  it('「房产证丢了咋办」 mid-interview is answered from 二手房 (补证 first), not offered as another bundle; 「满五唯一」 records both facts', async () => {
    const c = new Chat();
    await c.join();
    await c.say('卖房 个人卖给个人 住宅商品房 满五唯一 没贷款 单身');
    const s0 = await c.state();
    expect(s0.answers).toMatchObject({ held_years: 'ge5', seller_only_home: true });
    const t = await c.say('房产证丢了咋办');
    expect(t.texts.join('\n')).toContain('补发');
    expect(t.texts.join('\n')).not.toContain('您是要另办');
    const s1 = await c.state();
    expect(s1.bundle).toBe('second-hand-house');
    expect(s1.current).toBe(s0.current);
    // a need said with 咋办 still offers the other bundle
    const birth = await c.say('对了 我老婆刚生了孩子 上户口咋办');
    expect(birth.texts.join('\n')).toContain('出生一件事');
  });
});

describe("a question about this case that names another bundle's word", () => {
  it('「孩子要不要一起去」 in a sale is about who comes to the window, not a birth: answered, and the same question asked again', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房子');
    const before = await c.state();
    const r = await c.say('孩子要不要一起去');
    expect(r.all).not.toContain('出生一件事');
    const after = await c.state();
    expect(after.bundle).toBe('second-hand-house');
    expect(after.current).toBe(before.current);
  });
});
