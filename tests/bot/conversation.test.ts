import { describe, expect, it } from 'vitest';
import { WORDS } from '../../src/nlu/commands.js';
import { BUNDLE_MAYBE, BUNDLE_SURE, type ApplyFlow } from '../../src/bot/turn.js';
import type { ConversationData } from '../../src/bot/types.js';
import { answerFaq, askedQuestions, buildChecklist, compiledBundle } from '../../src/engine/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { Chat, chatAt, readChecklist, realWorld, tapToEnd, TODAY, type BotTurn } from './chat-helper.js';

const { k, nlu } = realWorld();
const question = (bundle: BundleId, id: string) => k.dialogs.get(bundle)!.questions.find((q) => q.id === id)!;
const names = () => [...k.bundles.values()].map((b) => b.name);

const SHH: BundleId = 'second-hand-house';
type Answers = ConversationData['answers'];
const faq = (topic: Parameters<typeof answerFaq>[2], a: Answers) => answerFaq(k, SHH, topic, a).map((f) => f.answer);
/** the answers that surely hold for the case when there are any (a sale's, not a gift's), else all that may */
const sureFaq = (topic: Parameters<typeof answerFaq>[2], a: Answers) => {
  const sure = answerFaq(k, SHH, topic, a, { sure: true }).map((f) => f.answer);
  return sure.length > 0 ? sure : faq(topic, a);
};
const checklist = (a: Answers) => buildChecklist(k, SHH, a, { today: TODAY });

/** The four questions people ask about a bundle, and what of the knowledge each answer must carry. */
const FAQS: [string, (a: Answers) => string[]][] = [
  ['要交多少税', (a) => [...checklist(a).charges.lines.map((l) => l.name), ...sureFaq('fee', a)]],
  ['在哪办', (a) => [checklist(a).window.name, checklist(a).window.address, checklist(a).window.hours, ...faq('place', a)]],
  ['要多久', (a) => [`承诺${checklist(a).time.promisedDays}个工作日`, ...faq('time', a)]],
  ['本人要到场吗', (a) => sureFaq('presence', a)],
];

describe('a question about the bundle in the middle of the interview', () => {
  it.each(FAQS)('「%s」 is answered from the knowledge, then the same question again', async (text, expected) => {
    // seller_agent is a yes/no question whose no-words include 本人: the question must still win
    const c = await chatAt(SHH, 'seller_agent');
    const before = await c.state();
    const want = expected(before.answers);
    expect(want.length).toBeGreaterThan(0);
    const t = await c.say(text);
    expect(t.texts).toHaveLength(3);
    for (const part of want) expect(t.texts[0]).toContain(part);
    expect(t.texts[1]).toBe('这一题还没回答，我们接着来：');
    expect(t.texts[2]).toContain(question(SHH, 'seller_agent').text);
    expect(await c.state()).toMatchObject({ mode: 'interview', current: 'seller_agent', answers: before.answers });
  });

  it('出生: 本人要到场吗 at the 代办 question is a question, not the answer 否', async () => {
    const c = await chatAt('birth', 'has_agent');
    const t = await c.say('本人要到场吗');
    for (const a of answerFaq(k, 'birth', 'presence', (await c.state()).answers)) expect(t.texts[0]).toContain(a.answer);
    const s = await c.state();
    expect(s.current).toBe('has_agent');
    expect(s.answers.has_agent).toBeUndefined();
  });
});

describe('another bundle named in the middle of the interview', () => {
  const text = '我还想开个公司';

  async function asked() {
    const p = nlu.parse(text, { bundle: SHH });
    expect(p.bundle).toBe('business-startup');
    expect(p.bundleConfidence).toBeGreaterThanOrEqual(BUNDLE_SURE);
    const c = await chatAt(SHH, 'seller_agent');
    const before = await c.state();
    const t = await c.say(text);
    expect(t.texts[0]).toContain(`另办「${k.bundles.get('business-startup')!.name}」`);
    expect(t.texts[0]).toContain('回答会保留');
    expect(t.actions).toEqual(['办企业开办', '继续二手房交易']);
    return { c, t, before };
  }

  it('继续 goes back to the open question with every answer kept', async () => {
    const { c, t, before } = await asked();
    const back = await c.say(t.actions[1]!);
    expect(back.texts.at(-1)).toContain(question(SHH, 'seller_agent').text);
    expect(await c.state()).toMatchObject({ mode: 'interview', bundle: SHH, current: 'seller_agent', answers: before.answers });
  });

  it('typing 2 (继续当前事项) does the same', async () => {
    const { c, before } = await asked();
    await c.say('2');
    expect(await c.state()).toMatchObject({ mode: 'interview', bundle: SHH, current: 'seller_agent', answers: before.answers });
  });

  it('改办 starts the other bundle', async () => {
    const { c, t } = await asked();
    const next = await c.say(t.actions[0]!);
    expect(next.texts[0]).toContain(`「${k.bundles.get('business-startup')!.name}」`);
    const s = await c.state();
    expect(s).toMatchObject({ mode: 'interview', bundle: 'business-startup' });
    // the first case is kept, resumable
    expect(s.cases?.map((x) => x.bundle)).toEqual([SHH]);
    const back = await c.say('回到二手房');
    expect(back.all).toContain(question(SHH, 'seller_agent').text);
    expect((await c.state()).bundle).toBe(SHH);
  });
});

describe('the greeting', () => {
  it('lists the ten bundles by number; typing a number starts the bundle shown with it', async () => {
    const hello = await new Chat().join();
    const numbered = hello.texts[0]!.split('\n')
      .map((l) => /^(\d+)\. (.+)$/.exec(l))
      .filter((m) => m !== null);
    expect(numbered.map((m) => m[2]).sort()).toEqual(names().sort());
    for (const [line, n, bundleName] of numbered) {
      const c = new Chat();
      await c.join();
      await c.say(n!);
      const s = await c.state();
      expect(k.bundles.get(s.bundle!)?.name, line).toBe(bundleName);
    }
  });
});

describe('messages outside the ten bundles', () => {
  it.each(['我想办护照', '今天天气怎么样'])('「%s」: a polite no, what it can do, and the ten bundles to tap', async (text) => {
    const c = new Chat();
    await c.join();
    const t = await c.say(text);
    expect(t.texts).toHaveLength(1);
    expect(t.texts[0]).toMatch(/^抱歉/);
    for (const n of names()) expect(t.texts[0]).toContain(n.replace('一件事', ''));
    expect(t.texts[0]).toContain('12345');
    expect(t.texts[0]).toContain(WORDS.handover);
    expect([...t.actions].sort()).toEqual(names().sort());
    expect((await c.state()).mode).toBe('idle');
  });

  it('in the middle of an interview it keeps the question open', async () => {
    const c = await chatAt('birth', 'birth_place');
    const t = await c.say('今天天气怎么样');
    expect(t.texts.at(-1)).toContain(question('birth', 'birth_place').text);
    expect((await c.state()).current).toBe('birth_place');
  });

  it('an unclear message offers the top choices; a number or a tap starts one', async () => {
    // whichever of these the understanding is unsure about (more than one bundle, none sure)
    const unclear = ['执照', '社保卡', '契税', '办理登记', '公积金', '医保']
      .map((text) => ({ text, p: nlu.parse(text) }))
      .find(({ p }) => !p.outOfScope && p.bundleConfidence < BUNDLE_SURE && p.candidates.filter((x) => x.confidence >= BUNDLE_MAYBE).length >= 2);
    expect(unclear).toBeDefined();
    const offered = unclear!.p.candidates
      .filter((x) => x.confidence >= BUNDLE_MAYBE)
      .slice(0, 3)
      .map((x) => x.bundle);

    const c = new Chat();
    await c.join();
    let t = await c.say(unclear!.text);
    expect(t.texts[0]).toContain('我不太确定您要办哪一件');
    expect(t.actions).toEqual(offered.map((id) => k.bundles.get(id)!.name));
    t = await c.say('2');
    expect((await c.state()).bundle).toBe(offered[1]);
    expect(t.texts[0]).toContain(`「${k.bundles.get(offered[1]!)!.name}」`);

    const d = new Chat();
    await d.join();
    t = await d.say(unclear!.text);
    await d.say(t.actions[0]!);
    expect(await d.state()).toMatchObject({ bundle: offered[0], mode: 'interview' });
  });
});

describe('转人工', () => {
  it.each(['转人工', '你听不懂，我要找人工客服'])('「%s」: a clear message, the conversation flagged, the answers kept', async (text) => {
    const c = await chatAt('birth', 'birth_place');
    const before = await c.state();
    const t = await c.say(text);
    expect(t.texts).toHaveLength(1);
    expect(t.texts[0]).toContain('人工');
    expect(t.texts[0]).toContain('12345');
    expect(t.texts[0]).toContain('回答都保留');
    expect(c.handovers).toHaveLength(1);
    expect(c.handovers[0]!.reason).toBe(text);
    expect(c.handovers[0]!.conv).toMatchObject({ bundle: 'birth', answers: before.answers });
    const s = await c.state();
    expect(s.handover).toMatchObject({ reason: text });
    expect(Number.isNaN(Date.parse(s.handover!.at))).toBe(false);
    expect(s).toMatchObject({ mode: 'interview', current: 'birth_place', answers: before.answers });
  });
});

describe('a long checklist and what follows it', () => {
  const MAX = 600;

  async function atChecklist(apply?: ApplyFlow) {
    const c = new Chat(apply ? { apply } : {});
    await c.join();
    await c.say(k.bundles.get(SHH)!.name);
    // the fee estimate wanted up front: price and area are asked too
    const last = await tapToEnd(c, await c.say(WORDS.fees));
    return { c, last };
  }

  it('goes out as several messages, whole lines each, sections in order, then the offers', async () => {
    const { c, last } = await atChecklist();
    const parts = last.texts.slice(0, -1);
    const list = buildChecklist(k, SHH, (await c.state()).answers, { today: TODAY });
    expect(list.bring.length).toBeGreaterThan(15);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) if (p.includes('\n')) expect(p.length).toBeLessThanOrEqual(MAX);
    const all = parts.join('\n');
    const headings = [
      '【材料清单】',
      '一、需要携带',
      ...(list.shared.length > 0 ? ['二、不用带'] : []),
      '三、费用',
      '四、办理时间',
      '五、在哪办',
      '六、办好后您会拿到',
    ];
    const at = headings.map((h) => all.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(readChecklist(parts).bring).toHaveLength(list.bring.length);
    for (const l of list.charges.lines) expect(all).toContain(l.name);

    const offer = last.texts.at(-1)!;
    expect(offer).toContain('以上就是全部清单');
    [WORDS.apply, WORDS.change, WORDS.other].forEach((w, i) => {
      expect(offer).toContain(`${i + 1}. ${w}`);
    });
    expect(last.actions).toEqual([WORDS.apply, WORDS.change, WORDS.other, WORDS.handover]);
  });

  it('the offers work: a question about it, change an answer, start the application, another bundle', async () => {
    const started: ConversationData[] = [];
    const apply: ApplyFlow = {
      start: async (conv) => {
        started.push(structuredClone(conv));
        return [{ text: '请核对合并申请表' }];
      },
      again: () => [],
      typing: () => false,
      handle: async () => null,
      progress: async () => [],
      rate: async () => [],
    };
    const { c } = await atChecklist(apply);
    const answers = (await c.state()).answers;

    // 要多久 alone leans a little to 企业开办 in the understanding: after this checklist it is about this bundle
    let t: BotTurn;
    for (const [text, expected] of FAQS) {
      t = await c.say(text);
      for (const part of expected(answers)) expect(t.texts[0], text).toContain(part);
      expect(t.actions).toEqual([WORDS.apply, WORDS.checklist, WORDS.other]);
      expect((await c.state()).bundle).toBe(SHH);
    }

    t = await c.say(WORDS.change);
    const answered = askedQuestions(compiledBundle(k, SHH), answers).filter((q) => answers[q.id] !== undefined);
    expect(t.texts[0]).toContain('想改哪一项');
    expect(t.actions).toEqual(answered.map((q) => `修改 ${q.topic}`));

    t = await c.say(WORDS.apply);
    expect(t.texts).toEqual(['请核对合并申请表']);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ bundle: SHH, mode: 'done', answers });

    t = await c.say(WORDS.other);
    expect(t.texts[0]).toContain('一件事一次办');
    const s = await c.state();
    expect(s).toMatchObject({ mode: 'idle', answers: {} });
    expect(s.bundle).toBeUndefined();
    // put aside, not lost
    expect(s.cases?.map((x) => x.bundle)).toEqual([SHH]);
  });

  it('typing 1 picks the first offer; without online application it says so', async () => {
    const { c } = await atChecklist();
    const t = await c.say('1');
    expect(t.texts[0]).toContain('在线申请暂未开通');
  });
});

describe('fees asked before the answers that decide them', () => {
  it('「要交多少税」 right after starting 二手房 names the taxes that may apply, never 不收费', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房');
    const t = await c.say('要交多少税');
    const text = t.texts.join('\n');
    expect(text).not.toContain('不收费');
    for (const tax of ['契税', '增值税', '个人所得税']) expect(text).toContain(tax);
    expect(text.split('契税（').length).toBeLessThan(3);
    // and the interview goes on with the same question
    expect((await c.state()).mode).toBe('interview');
  });
});

describe('long lists split into messages', () => {
  it('a note never leaves its material for the next message', async () => {
    const { pack } = await import('../../src/bot/render/text.js');
    const parts = pack(['1. 甲', '   甲的说明', '2. 乙', '   乙的说明'], 12);
    expect(parts).toEqual(['1. 甲\n   甲的说明', '2. 乙\n   乙的说明']);
  });
});

describe('tone and scope mid-interview', () => {
  it('a death is met with condolences before the questions', async () => {
    const c = new Chat();
    await c.join();
    const t = await c.say('我爸上个月在医院走了，后事要办哪些手续');
    expect((await c.state()).bundle).toBe('end-of-life');
    expect(t.texts[0]!.startsWith(k.bundles.get('end-of-life')!.opening!)).toBe(true);
  });

  it('an unrelated service asked mid-interview is named out of scope, and the same question comes back', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房');
    const before = (await c.state()).current;
    const t = await c.say('我想办护照');
    expect(t.texts[0]).toContain('不在我能办的十件事里');
    expect((await c.state()).current).toBe(before);
  });
});
