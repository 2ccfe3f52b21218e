import { describe, expect, it } from 'vitest';
import { WORDS } from '../../src/nlu/commands.js';
import { askedQuestions, buildChecklist, compiledBundle } from '../../src/engine/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { Chat, chatAt, realWorld, TODAY, readChecklist, tapThrough, tapToEnd, type BotTurn } from './chat-helper.js';

const { k } = realWorld();
const question = (bundle: BundleId, id: string) => k.dialogs.get(bundle)!.questions.find((q) => q.id === id)!;
const name = (bundle: BundleId) => k.bundles.get(bundle)!.name;

async function started(bundle: BundleId): Promise<{ c: Chat; t: BotTurn }> {
  const c = new Chat();
  await c.join();
  return { c, t: await c.say(name(bundle)) };
}

describe('上一步', () => {
  it('takes back the last answer and asks its question again, down to the first', async () => {
    // the first two questions in the bot's order, answered by tapping their first button
    const { c, t: first } = await started('birth');
    const q1 = (await c.state()).current!;
    const t1 = await c.say(first.actions[0]!);
    const q2 = (await c.state()).current!;
    await c.say(t1.actions[0]!);
    const a1 = (await c.state()).answers[q1];
    expect(Object.keys((await c.state()).answers)).toEqual([q1, q2]);

    let t = await c.say(WORDS.back);
    expect(t.texts[0]).toBe('好的，回到上一个问题。');
    expect(t.texts.at(-1)).toContain(question('birth', q2).text);
    expect(await c.state()).toMatchObject({ current: q2, answers: { [q1]: a1 } });

    t = await c.say(WORDS.back);
    expect(t.texts.at(-1)).toContain(question('birth', q1).text);
    expect(await c.state()).toMatchObject({ current: q1, answers: {} });

    t = await c.say(WORDS.back);
    expect(t.texts[0]).toBe('已经是第一个问题了。');
    expect(t.texts.at(-1)).toContain(question('birth', q1).text);
  });

  it('before any bundle says there is nothing to go back to', async () => {
    const c = new Chat();
    await c.join();
    const t = await c.say(WORDS.back);
    expect(t.all).toContain('还没有开始办理事项');
    expect((await c.state()).mode).toBe('idle');
  });
});

describe('修改', () => {
  const SHH: BundleId = 'second-hand-house';

  it('修改 + a topic asks that question again; answers that no longer apply drop and new questions come', async () => {
    const { c, t: first } = await started(SHH);
    await tapThrough(c, first, 'seller_marriage_reg');
    const before = await c.state();
    expect(before.answers.seller_marital).toBe('married');
    expect(before.answers.seller_spouse_signs).toBeDefined();

    let t = await c.say('修改 婚姻状况');
    const marital = question(SHH, 'seller_marital');
    expect(t.texts[0]).toBe(`好的，重新回答「${marital.topic}」。`);
    expect(t.texts.at(-1)).toContain(marital.text);
    expect(t.actions).toContain('离异');
    expect((await c.state()).current).toBe('seller_marital');

    t = await c.say('离异');
    const s = await c.state();
    expect(s.answers.seller_marital).toBe(marital.options!.find((o) => o.label === '离异')!.id);
    // the spouse's signature was only asked of the married; how the divorce was made is asked now
    expect(s.answers.seller_spouse_signs).toBeUndefined();
    expect(s.current).toBe('divorce_way');
    expect(t.texts.at(-1)).toContain(question(SHH, 'divorce_way').text);
  });

  it('修改回答 lists the answers so far as buttons; tapping one asks it again', async () => {
    const c = await chatAt('birth', 'children');
    const s = await c.state();
    const answered = askedQuestions(compiledBundle(k, 'birth'), s.answers).filter((q) => s.answers[q.id] !== undefined);
    let t = await c.say(WORDS.change);
    expect(t.texts[0]).toContain('想改哪一项');
    expect(t.actions).toEqual(answered.map((q) => `修改 ${q.topic}`));
    t = await c.say(t.actions[1]!);
    expect(t.texts.at(-1)).toContain(answered[1]!.text);
    expect((await c.state()).current).toBe(answered[1]!.id);
  });

  it('after the checklist, a changed answer gives the checklist again for the new situation', async () => {
    const c = await chatAt('birth', 'has_agent');
    const agent = question('birth', 'has_agent');
    let t = await tapToEnd(c, await c.say(agent.labels!.yes));
    expect((await c.state()).mode).toBe('done');
    t = await c.say(`修改 ${agent.topic}`);
    expect(t.texts.at(-1)).toContain(agent.text);
    t = await c.say(agent.labels!.no);
    const s = await c.state();
    expect(s).toMatchObject({ mode: 'done', answers: { has_agent: false } });
    const list = buildChecklist(k, 'birth', s.answers, { today: TODAY });
    const shown = readChecklist(t.texts.slice(0, -1));
    expect(shown.bring).toHaveLength(list.bring.length);
    list.bring.forEach((m, i) => {
      expect(shown.bring[i]!.startsWith(`${i + 1}. ${m.name}：`)).toBe(true);
    });
  });
});

describe('重新开始', () => {
  it('clears the bundle and the answers; 上一步 and 查看清单 do not bring the old bundle back', async () => {
    const c = await chatAt('birth', 'birth_place');
    let t = await c.say(WORDS.restart);
    // nothing is wiped without a yes
    expect(t.texts[0]).toContain('重新开始会清空');
    expect((await c.state()).bundle).toBe('birth');
    t = await c.say(WORDS.confirmRestart);
    expect(t.texts[0]).toBe('好的，已清空这件事的回答，我们重新开始。');
    expect(t.texts[1]).toContain('一件事一次办');
    expect(t.actions).toContain(name('second-hand-house'));
    const s = await c.state();
    expect(s).toMatchObject({ mode: 'idle', answers: {}, history: [] });
    expect(s.bundle).toBeUndefined();
    expect(s.current).toBeUndefined();

    t = await c.say(WORDS.back);
    expect(t.all).toContain('还没有开始办理事项');
    t = await c.say(WORDS.checklist);
    expect(t.texts[0]).toContain('请先告诉我您要办什么事');
    expect((await c.state()).bundle).toBeUndefined();
  });
});

describe('查看清单 mid-interview', () => {
  it('shows the checklist for the answers so far, then the same pending question', async () => {
    const c = await chatAt('second-hand-house', 'seller_agent');
    const before = await c.state();
    const t = await c.say(WORDS.checklist);
    expect(t.texts[0]).toContain('按目前的回答');
    expect(t.texts[1]!.startsWith(`【材料清单】${name('second-hand-house')}`)).toBe(true);
    const list = buildChecklist(k, 'second-hand-house', before.answers, { today: TODAY });
    const shown = readChecklist(t.texts.slice(1, -2));
    expect(shown.bring).toHaveLength(list.bring.length);
    // dozens of possibilities are counted, a few listed
    expect(list.maybe.length).toBeGreaterThan(8);
    expect(t.texts.join('\n')).toContain(`还要看您的情况才能确定的有${list.maybe.length}项`);
    expect(shown.maybe).toHaveLength(8);
    list.maybe.slice(0, 8).forEach((m, i) => {
      expect(shown.maybe[i]).toBe(`· ${m.name}`);
    });
    expect(t.texts.at(-2)).toBe('我们接着来：');
    expect(t.texts.at(-1)).toContain(question('second-hand-house', 'seller_agent').text);
    expect(await c.state()).toMatchObject({ mode: 'interview', current: 'seller_agent', answers: before.answers });
  });

  it('before any bundle asks what to do first', async () => {
    const c = new Chat();
    await c.join();
    const t = await c.say(WORDS.checklist);
    expect(t.texts[0]).toContain('请先告诉我您要办什么事');
  });
});

describe('帮助', () => {
  it('lists what can be said, and the interview goes on where it was', async () => {
    const c = await chatAt('birth', 'household_place');
    const t = await c.say(WORDS.help);
    for (const w of [WORDS.back, WORDS.checklist, WORDS.restart, WORDS.handover, '修改']) expect(t.texts[0]).toContain(w);
    expect(t.actions).toEqual([WORDS.back, WORDS.checklist, WORDS.restart, WORDS.handover]);
    expect((await c.state()).current).toBe('household_place');
    const place = question('birth', 'household_place');
    await c.say(place.options![0]!.label);
    expect((await c.state()).answers.household_place).toBe(place.options![0]!.id);
  });
});

describe('转人工 is asked for, not named', () => {
  it('a 12345 operator saying who types (「接线员记录：」「我是接线员」) gets the case, not a hand-over; asking for a person still hands over', async () => {
    for (const opening of ['接线员记录：某科技有限公司法人来电 公司有两个分公司 想注销 问能不能简易注销', '我是接线员 帮市民问 他的公司想注销 账都清了']) {
      const c = new Chat();
      await c.join();
      const r = await c.say(opening);
      expect(r.all, opening).not.toContain('转接人工');
      expect((await c.state()).bundle, opening).toBe('business-deregistration');
      expect(c.handovers).toHaveLength(0);
    }
    for (const ask of ['我要转人工', '找个真人跟我说', '叫接线员来']) {
      const c = new Chat();
      await c.join();
      await c.say(ask);
      expect(c.handovers, ask).toHaveLength(1);
    }
  });
});

describe('「那卖方要带啥」 early in a sale', () => {
  it("lists the seller's lines, counts dozens of possibilities instead of listing them, and never says 不收费 while a tax waits", async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房子');
    await c.say('个人');
    const before = (await c.state()).current;
    const r = await c.say('那卖方要带啥');
    expect(r.all).toMatch(/还要看您的情况才能确定的有\d+项，回答完剩下的问题就能确定/);
    const possible = r.all.slice(r.all.indexOf('还要看您的情况'), r.all.indexOf('二、不用带'));
    expect(possible.match(/^· /gm)?.length).toBeLessThanOrEqual(8);
    // the buyer's possible papers are not the seller's to bring
    expect(possible).not.toContain('（买方）');
    expect(r.all).not.toContain('本事项不收费');
    expect((await c.state()).current).toBe(before);
    // said another way, for the other party: the same list, that party's lines
    const buyer = await c.say('那买方要准备啥');
    expect(buyer.all).toContain('【材料清单】');
    expect((await c.state()).current).toBe(before);
  });
});
