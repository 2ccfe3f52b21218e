import { describe, expect, it } from 'vitest';
import { answerFaq, buildChecklist } from '../../src/engine/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { Chat, realWorld, TODAY } from './chat-helper.js';

/**
 * Side questions asked in the middle of an interview, typed as people type them: each is answered from the
 * knowledge about the thing it names (not the kind of question), and the case and its question stay.
 * Sentences are this file's own, one class of question per test (black-box report of 2026-12-06: B6, B7,
 * B12, D2–D8, E4, B16).
 */
const { k } = realWorld();
const faqAnswer = (bundle: BundleId, id: string) => {
  const f = k.bundles.get(bundle)!.faq.find((x) => x.id === id);
  if (!f) throw new Error(`no faq ${id} in ${bundle}`);
  return f.answer;
};
const windowOf = (bundle: BundleId) => buildChecklist(k, bundle, {}, { today: TODAY }).window;

/** starts a case, then asks each line; every answer must leave the case and its open question as they were */
async function askMid(opening: string, lines: string[]) {
  const c = new Chat();
  await c.say(opening);
  const before = await c.state();
  expect(before.mode).toBe('interview');
  const replies = [];
  for (const line of lines) {
    const t = await c.say(line);
    replies.push(t);
    const now = await c.state();
    expect(now.bundle, line).toBe(before.bundle);
    expect(now.current, line).toBe(before.current);
    expect(now.answers, line).toEqual(before.answers);
  }
  return replies;
}

describe('a place that is not the window is never answered with the window', () => {
  it('火化 and the 殡仪馆, asked two ways, get the funeral-home answer and where to ask, not the service centre', async () => {
    const w = windowOf('end-of-life');
    for (const t of await askMid('老伴前天在家走了 要办后事', ['遗体火化去哪里', '殡仪馆地址是啥', '拉去火化找谁'])) {
      expect(t.texts[0]).toContain(faqAnswer('end-of-life', 'eol-funeral-home'));
      expect(t.texts[0]).toContain('12345');
      expect(t.texts[0]).toContain('依据：');
      expect(t.texts[0]).not.toContain(w.address);
    }
  });

  it('the window itself is still where the bundle is applied for (户口注销在哪办)', async () => {
    const [t] = await askMid('老伴前天在家走了 要办后事', ['销户口去哪办']);
    expect(t!.texts[0]).toContain(windowOf('end-of-life').name);
  });
});

describe('money the family receives is not a fee it pays', () => {
  it('抚恤金 and 丧葬补助 amounts get the benefits answer, never 不收费 or the power-of-attorney paragraph', async () => {
    for (const t of await askMid('我父亲昨天在医院去世了', ['抚恤金能拿多少钱', '丧葬补助大概多少', '丧葬费能领吗', '抚恤金指的是什么'])) {
      expect(t.texts[0]).toContain(faqAnswer('end-of-life', 'eol-benefits'));
      expect(t.texts[0]).not.toMatch(/这件事不收费|不收费；回答完/);
      expect(t.texts[0]).not.toContain(faqAnswer('end-of-life', 'eol-agent'));
    }
  });
});

describe('what a word means is explained from the bundle, never with a time or fee paragraph', () => {
  const cases: [string, string, string][] = [
    ['我要卖房', '网签是什么意思', '网签'],
    ['我要卖房', '什么叫带押过户', '带押过户'],
    ['公司不开了 要注销', '清税证明是啥', '清税证明'],
    ['我明年要从事业单位退休', '什么叫职业年金', '职业年金'],
    ['我明年要从事业单位退休', '视同缴费年限指的是什么', '视同缴费年限'],
  ];
  it.each(cases)('%s → 「%s」', async (opening, line, term) => {
    const [t] = await askMid(opening, [line]);
    const said = t!.texts[0]!;
    expect(said).toContain(term);
    expect(said).not.toMatch(/个工作日内办结|费用如下|不收费|没有确切的答复/);
  });
});

describe('a question the bundle itself asks, asked back, says what it depends on', () => {
  it.each([
    ['要在门口人行道上搭围挡 占道', '要封路吗', 'traffic_affected'],
    ['我要开个小饭馆 有限公司', '需要刻章吗', 'needs_seals'],
  ] as const)('%s → 「%s」', async (opening, line, id) => {
    const bundle = opening.includes('围挡') ? 'road-excavation' : 'business-startup';
    const q = k.dialogs.get(bundle)!.questions.find((x) => x.id === id)!;
    const [t] = await askMid(opening, [line]);
    expect(t!.texts[0]).toContain(q.text);
    expect(t!.texts[0]).toContain(q.why!);
  });
});

describe('days and hours come from the window the checklist shows', () => {
  it('「星期天开门吗」「几点开门」 say the hours; a weekend question says weekends are closed', async () => {
    const w = windowOf('birth');
    const [sunday, hours] = await askMid('宝宝上周出生了 要上户口', ['星期天开门吗', '几点开门']);
    expect(sunday!.texts[0]).toContain(w.hours);
    expect(sunday!.texts[0]).toContain('周六、周日和法定节假日不办公');
    expect(hours!.texts[0]).toContain(w.hours);
    expect(hours!.texts[0]).not.toContain('不办公');
  });
});

describe('who has to come follows the transfer kind', () => {
  it('a gift: 「爷爷走不动 来不了咋办」「孙子也得去吗」 get the gift presence answer, not the sale one', async () => {
    for (const t of await askMid('我想把房子送给我女儿', ['爷爷走不动 来不了咋办', '女儿也得去吗'])) {
      expect(t.texts[0]).toContain(faqAnswer('second-hand-house', 'shh-presence-gift'));
      expect(t.texts[0]).not.toContain(faqAnswer('second-hand-house', 'shh-presence'));
    }
  });
});

describe('taxes follow the transfer kind', () => {
  it('a gift to a child: no buyer or seller paragraphs', async () => {
    const [t] = await askMid('我想把房子送给我女儿', ['要交什么税']);
    expect(t!.texts[0]).toContain(faqAnswer('second-hand-house', 'shh-fee-gift'));
    expect(t!.texts[0]).not.toMatch(/买方交契税|个人卖方/);
  });

  it('adding a spouse to the certificate: 契税 exempt, with the notice it rests on, before the kind is even asked', async () => {
    const c = new Chat();
    await c.say('房子想加上我老公的名字');
    const t = await c.say('契税怎么算');
    const spouse = k.bundles.get('second-hand-house')!.faq.find((f) => f.id === 'shh-fee-gift-spouse')!;
    expect(t.texts[0]).toContain(spouse.answer);
    expect(t.texts[0]).toContain('公告2021年第29号');
    expect(t.texts[0]).not.toMatch(/买方交契税|个人卖方/);
  });

  it('an inheritance, once its kind is known: no sale taxes', async () => {
    const c = new Chat();
    await c.say('我妈走了 房子要继承过户到我名下');
    const s = await c.state();
    if (s.answers.transfer_kind !== 'inherit') await c.say('继承');
    const t = await c.say('继承要交税吗');
    expect(t.texts[0]).toContain(faqAnswer('second-hand-house', 'shh-fee-inherit'));
    expect(t.texts[0]).not.toMatch(/买方交契税|个人卖方/);
  });

  it('the road-works estimate names its own missing inputs, never a sale price or the tax office', async () => {
    const [t] = await askMid('要在门口人行道上搭围挡 占道', ['占道费多少钱']);
    expect(t!.texts[0]).toMatch(/还缺：[^）]*占用面积/);
    expect(t!.texts[0]).not.toMatch(/成交价|税务/);
  });
});

describe('inheritance without a notarial certificate is explained from the bundle', () => {
  it('「公证非办不可吗」 gives the all-heirs route', async () => {
    const [t] = await askMid('我爸去年走了 房子要继承', ['公证非办不可吗 能不能不公证']);
    expect(t!.texts[0]).toContain(faqAnswer('second-hand-house', 'shh-inherit-notary'));
  });
});

describe('insults, frustration and complaints', () => {
  const menu = [...k.bundles.values()].map((b) => b.name);
  it('mid-interview: a calm word, 转人工 and 12345, then the same question; the case is kept', async () => {
    for (const t of await askMid('我要卖房', ['这破系统有什么用', '别问了 烦死了', '你们是不是傻'])) {
      expect(t.texts[0]).toContain('转人工');
      expect(t.texts[0]).toContain('12345');
      expect(t.texts[0]).toContain('二手房交易一件事」的回答都还在');
      expect(t.all).not.toContain('您是要另办');
    }
  });

  it('with no case: no bundle menu and no bundle offered, only a person', async () => {
    const c = new Chat();
    for (const line of ['你们是不是傻', '什么破玩意 气死我了', '垃圾']) {
      const t = await c.say(line);
      expect(t.texts).toHaveLength(1);
      for (const name of menu) expect(t.all, line).not.toContain(name);
      expect(t.actions).toEqual(['转人工']);
      expect((await c.state()).bundle).toBeUndefined();
    }
  });

  it('a complaint gets 12345 and 好差评, never a bundle, with or without a case', async () => {
    const c = new Chat();
    const t = await c.say('我要举报窗口的人吃拿卡要');
    expect(t.all).toContain('12345');
    expect(t.all).toContain('好差评');
    for (const name of menu) expect(t.all).not.toContain(name);
    const [mid] = await askMid('娃刚生下来 要办出生的手续', ['办事员态度太差了 我要投诉']);
    expect(mid!.texts[0]).toContain('好差评');
  });

  it('a road-works sentence about 建筑垃圾 is not an insult', async () => {
    const c = new Chat();
    const t = await c.say('工地的建筑垃圾要堆在人行道上 要办占道');
    expect(t.all).not.toContain('让您生气');
    expect((await c.state()).bundle).toBe('road-excavation');
  });
});

describe('the engine gives only the answers that surely hold when asked to', () => {
  it('a told spouse relation counts before the transfer kind is asked; a relation the kind rules out does not', () => {
    const told = answerFaq(k, 'second-hand-house', 'fee', { gift_relation: 'spouse' }, { today: TODAY, sure: true }).map((f) => f.id);
    expect(told).toContain('shh-fee-gift-spouse');
    expect(told).not.toContain('shh-fee');
    const sale = answerFaq(k, 'second-hand-house', 'fee', { transfer_kind: 'sale', gift_relation: 'spouse' }, { today: TODAY, sure: true }).map((f) => f.id);
    expect(sale).not.toContain('shh-fee-gift-spouse');
    expect(sale).toContain('shh-fee');
  });
});

describe('a house in another district', () => {
  it('「房子在雁塔区 能在你们这办吗」 says registration is where the house is, and the interview goes on', async () => {
    const c = new Chat();
    await c.join();
    await c.say('我要卖房子');
    const before = (await c.state()).current;
    const r = await c.say('房子在雁塔区 能在你们这办吗');
    expect(r.all).toContain('房屋所在区县');
    expect(r.all).toContain('12345');
    expect((await c.state()).current).toBe(before);
  });
});
