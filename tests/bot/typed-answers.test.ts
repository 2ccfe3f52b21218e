import { describe, expect, it } from 'vitest';
import { nextQuestion, openQuestions } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { Chat, chatAt, realWorld, tapThrough } from './chat-helper.js';

const { k } = realWorld();
const question = (bundle: BundleId, id: string) => k.dialogs.get(bundle)!.questions.find((q) => q.id === id)!;
const option = (bundle: BundleId, id: string, pick: (o: { id: string; label: string; synonyms: string[]; range?: [number, number | null] }) => boolean) =>
  question(bundle, id).options!.find(pick)!.id;

describe('a free sentence that opens the conversation', () => {
  const SHH: BundleId = 'second-hand-house';

  it('starts 二手房, records the facts it states and never asks them', async () => {
    const c = new Chat();
    await c.join();
    const t = await c.say('我要卖房，我已婚，房子有贷款还没还完，住了六年了，是唯一一套');
    const facts: Record<string, AnswerValue> = {
      transfer_kind: option(SHH, 'transfer_kind', (o) => o.label === '买卖'),
      seller_marital: option(SHH, 'seller_marital', (o) => o.label === '已婚'),
      held_years: option(SHH, 'held_years', (o) => o.range !== undefined && o.range[0] <= 6 && (o.range[1] === null || 6 < o.range[1])),
      seller_only_home: question(SHH, 'seller_only_home').yesWords.includes('唯一'),
    };
    expect(facts.seller_only_home).toBe(true);
    let s = await c.state();
    expect(s.bundle).toBe(SHH);
    expect(s.mode).toBe('interview');
    expect(s.answers).toMatchObject(facts);
    expect(t.texts[0]).toContain(`「${k.bundles.get(SHH)!.name}」`);
    for (const id of Object.keys(facts)) expect(t.texts[0]).toContain(question(SHH, id).topic);

    // through to the checklist, tapping the first choice: the stated facts are never asked
    const { asked } = await tapThrough(c, t);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((id) => id in facts)).toEqual([]);
    s = await c.state();
    expect(s.mode).toBe('done');
    expect(s.answers).toMatchObject(facts);
    expect(openQuestions(k, SHH, s.answers, { withFees: false }).length).toBeLessThanOrEqual(nextQuestion(k, SHH, s.answers) ? 10 : 0);
  });
});

describe('a fact stated ahead of its question', () => {
  const SHH: BundleId = 'second-hand-house';

  it('is listed by 修改回答 and can be changed before the question comes up; what depends on it follows', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房，住了六年了，是唯一一套');
    const held = question(SHH, 'held_years');
    expect((await c.state()).answers).toMatchObject({ held_years: option(SHH, 'held_years', (o) => o.range?.[1] === null), seller_only_home: true });

    let t = await c.say('修改回答');
    expect(t.actions).toContain(`修改 ${held.topic}`);
    t = await c.say(`修改 ${held.topic}`);
    expect(t.texts.at(-1)).toContain(held.text);
    const shorter = held.options!.find((o) => o.range?.[1] !== null && o.range![0] > 0)!;
    await c.say(shorter.label);
    const s = await c.state();
    expect(s.answers.held_years).toBe(shorter.id);
    // 唯一住房 is only asked of houses held five years or more
    expect(s.answers.seller_only_home).toBeUndefined();
    expect(s.current).not.toBe('held_years');
  });
});

describe('typed answers the way people write them', () => {
  const cases: { bundle: BundleId; q: string; text: string; want: AnswerValue }[] = [
    { bundle: 'birth', q: 'parents_married', text: '有的', want: true },
    { bundle: 'birth', q: 'parents_married', text: '是的', want: true },
    { bundle: 'birth', q: 'parents_married', text: '没有', want: false },
    { bundle: 'second-hand-house', q: 'buyer_loan', text: '没贷款', want: false },
    {
      bundle: 'second-hand-house',
      q: 'seller_mortgage',
      text: '没贷款',
      want: option('second-hand-house', 'seller_mortgage', (o) => o.synonyms.includes('没贷款')),
    },
    { bundle: 'new-home-certificate', q: 'mortgage', text: '没贷款', want: false },
    { bundle: 'second-hand-house', q: 'area', text: '九十平', want: 90 },
    { bundle: 'new-home-certificate', q: 'area', text: '九十平', want: 90 },
    { bundle: 'second-hand-house', q: 'price', text: '230万', want: 2_300_000 },
    { bundle: 'birth', q: 'children', text: '2个', want: 2 },
    { bundle: 'birth', q: 'children', text: '两个', want: 2 },
    { bundle: 'new-home-certificate', q: 'owner_count', text: '3人', want: 3 },
    { bundle: 'road-excavation', q: 'days', text: '30天', want: 30 },
    { bundle: 'road-excavation', q: 'tree_count', text: '5棵', want: 5 },
    // the question's own unit (kW): the understanding misses it, the exact reading must not
    { bundle: 'utility-connection', q: 'power_kw', text: '200kW', want: 200 },
    { bundle: 'utility-connection', q: 'power_kw', text: '200千瓦', want: 200 },
    { bundle: 'end-of-life', q: 'death_place', text: '2', want: question('end-of-life', 'death_place').options![1]!.id },
    { bundle: 'birth', q: 'wants', text: '1 3', want: [0, 2].map((i) => question('birth', 'wants').options![i]!.id) },
  ];

  it.each(cases)('$bundle $q 「$text」', async ({ bundle, q, text, want }) => {
    const c = await chatAt(bundle, q);
    const t = await c.say(text);
    const s = await c.state();
    expect(s.answers[q], t.all).toEqual(want);
    expect(s.current).not.toBe(q);
    expect(t.all).not.toContain('没能理解');
  });

  it('a number out of range is refused and the question asked again, nothing recorded', async () => {
    const q = question('birth', 'children');
    expect(q.min).toBeGreaterThan(0);
    const c = await chatAt('birth', 'children');
    const t = await c.say('0个');
    expect(t.texts[0]).toContain(`不应小于${q.min}`);
    expect(t.texts.at(-1)).toContain(q.text);
    const s = await c.state();
    expect(s.current).toBe('children');
    expect(s.answers.children).toBeUndefined();
  });
});

describe('a reply in the options’ own words, and bare yes/no at a choice', () => {
  const SHH: BundleId = 'second-hand-house';
  const signs = question(SHH, 'seller_spouse_signs');

  it('「配偶到场」 picks the option that shares its words, and says which', async () => {
    const c = await chatAt(SHH, 'seller_spouse_signs');
    expect((await c.state()).current).toBe('seller_spouse_signs');
    const t = await c.say('配偶到场');
    const cosign = signs.options!.find((o) => !/不/.test(o.label) && o.label.includes('到场'))!;
    expect((await c.state()).answers.seller_spouse_signs).toBe(cosign.id);
    expect(t.texts[0]).toContain(`按「${cosign.label}」记下了`);
  });

  it('a negated reply picks the option that says no', async () => {
    const c = await chatAt(SHH, 'seller_spouse_signs');
    await c.say('配偶不能到场');
    const no = signs.options!.find((o) => /不能/.test(o.label))!;
    expect((await c.state()).answers.seller_spouse_signs).toBe(no.id);
  });

  it('「没有」 at a choice question answers nothing else and asks again', async () => {
    const c = await chatAt(SHH, 'seller_spouse_signs');
    const before = { ...(await c.state()).answers };
    const t = await c.say('没有');
    const s = await c.state();
    expect(s.answers).toEqual(before);
    expect(s.current).toBe('seller_spouse_signs');
    expect(t.texts.join('\n')).toContain('请点选或回复序号');
    expect(t.texts.join('\n')).toContain(signs.text);
  });

  it('a question mid-interview is still answered as a question', async () => {
    const c = await chatAt(SHH, 'seller_spouse_signs');
    const t = await c.say('配偶必须到场吗');
    expect((await c.state()).answers.seller_spouse_signs).toBeUndefined();
    expect(t.texts.join('\n')).toContain(signs.text);
    expect(t.texts.length).toBeGreaterThan(1);
  });
});

describe('a figure in another unit', () => {
  it('「30天」 at the green-area question is the number of days, not 30 ㎡, and the area is asked again', async () => {
    const c = await chatAt('road-excavation', 'green_area');
    expect((await c.state()).current).toBe('green_area');
    const t = await c.say('30天');
    const s = await c.state();
    expect(s.answers.green_area).toBeUndefined();
    expect(s.current).toBe('green_area');
    expect(t.texts.join('\n')).toContain(question('road-excavation', 'green_area').text);
  });
});
