import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load.js';
import type { BundleId, Question } from '../../src/knowledge/schema/index.js';
import { answerQuestion, createNlu, type Nlu } from '../../src/nlu/index.js';

let k: Knowledge;
let nlu: Nlu;
const question = (bundle: BundleId, id: string): Question => {
  const q = k.dialogs.get(bundle)?.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${bundle}/${id}`);
  return q;
};

beforeAll(() => {
  k = loadKnowledge();
  nlu = createNlu(k);
});

describe('which bundle', () => {
  it.each([
    ['我要卖房，要准备什么？', 'second-hand-house'],
    ['额屋里刚添了个碎娃，户口咋上嘛', 'birth'],
    ['老爷子昨晚在医院走了，后面的手续咋弄', 'end-of-life'],
    ['想跟同学合伙注册个公司搞软件', 'business-startup'],
    ['店开不下去了，执照想注销掉', 'business-deregistration'],
    ['门口人行道要挖开埋根管子，得审批吗', 'road-excavation'],
    ['新开的火锅店要接天然气和电', 'utility-connection'],
    ['期房下个月交房，房本能一起拿到吗', 'new-home-certificate'],
    ['考上区里的公务员了，报到要带啥', 'public-onboarding'],
    ['明年到龄了，退休手续和养老金咋办', 'public-retirement'],
  ])('%s → %s', (text, bundle) => {
    const r = nlu.parse(text);
    expect(r.bundle).toBe(bundle);
    expect(r.outOfScope).toBe(false);
    expect(r.bundleConfidence).toBeGreaterThan(0.3);
    expect(r.candidates[0]!.bundle).toBe(bundle);
  });

  it('gives up to three candidates, best first, for 您是想办哪一件', () => {
    const r = nlu.parse('房子的事');
    expect(r.candidates.length).toBeLessThanOrEqual(3);
    const cs = r.candidates.map((c) => c.confidence);
    expect([...cs].sort((a, b) => b - a)).toEqual(cs);
  });
});

describe('out of scope', () => {
  it.each(['办护照要多久', '驾驶证到期了怎么换', '今天天气咋样', '给我讲个笑话', '结婚登记要带啥', 'tell me a joke'])('%s', (text) => {
    const r = nlu.parse(text);
    expect(r.outOfScope).toBe(true);
    expect(r.bundle).toBeNull();
  });
});

describe('intents', () => {
  it.each([
    ['你好', 'greet'],
    ['谢谢你啊', 'thanks'],
    ['转人工', 'handover'],
    ['WY202611280001 到哪了', 'progress'],
    ['重新开始', 'restart'],
    ['上一步', 'back'],
    ['卖房要交多少税', 'fees'],
    ['在哪里办，几点上班', 'place'],
    ['过户要几天能办完', 'duration'],
    ['本人必须到场吗', 'presence'],
    ['要带啥材料', 'checklist'],
  ])('%s → %s', (text, intent) => {
    const r = nlu.parse(text);
    expect(r.intent.name).toBe(intent);
    expect(r.intent.confidence).toBeGreaterThan(0.5);
  });

  it('a question about fees keeps the bundle it names', () => {
    const r = nlu.parse('卖房要交多少税');
    expect(r.bundle).toBe('second-hand-house');
  });

  it('修改 婚姻状况 names the question to change', () => {
    const r = nlu.parse('修改 婚姻状况', { bundle: 'second-hand-house' });
    expect(r.intent.name).toBe('change');
    expect(r.changeTarget).toBe('seller_marital');
  });
});

describe('facts inside a sentence', () => {
  it('fills every answer the sentence states', () => {
    const r = nlu.parse('我已婚，房子有贷款还没还完，住了六年了，是唯一一套', { bundle: 'second-hand-house' });
    expect(r.answers).toMatchObject({ seller_marital: 'married', held_years: 'ge5', seller_only_home: true });
    // "还没还完" is not "还完了": no payoff read from a negation, and the seller's loan is not the buyer's
    expect(r.answers.seller_mortgage).not.toBe('payoff');
    expect(r.answers.buyer_loan).toBeUndefined();
  });

  it('finds the bundle and its facts together without context', () => {
    const r = nlu.parse('想卖房，90平，两百三十万，离婚了，全款买的');
    expect(r.bundle).toBe('second-hand-house');
    expect(r.answers).toMatchObject({ seller_marital: 'divorced', seller_mortgage: 'none', price: 2_300_000 });
  });

  it('a fact about the buyer goes to the buyer', () => {
    const r = nlu.parse('买方是首套，要贷款', { bundle: 'second-hand-house' });
    expect(r.answers).toMatchObject({ buyer_homes: 'first', buyer_loan: true });
  });
});

describe('the answer to the current question', () => {
  const ctx = (id: string) => ({ bundle: 'second-hand-house' as const, question: question('second-hand-house', id) });
  it('numbers by unit', () => {
    expect(nlu.parse('九十平', ctx('area')).answer).toBe(90);
    expect(nlu.parse('一百二十平米', ctx('area')).answer).toBe(120);
    expect(nlu.parse('两百三十万', ctx('price')).answer).toBe(2_300_000);
  });
  it('a number into the option whose range holds it', () => {
    expect(nlu.parse('住了三年半', ctx('held_years')).answer).toBe('from2to5');
    expect(nlu.parse('满五年了', ctx('held_years')).answer).toBe('ge5');
    expect(nlu.parse('一年多', ctx('held_years')).answer).toBe('lt2');
  });
  it('colloquial yes and no, and the question’s own words', () => {
    expect(nlu.parse('没有', ctx('co_owners')).answer).toBe(false);
    expect(nlu.parse('嗯', ctx('buyer_loan')).answer).toBe(true);
    expect(nlu.parse('全款', ctx('buyer_loan')).answer).toBe(false);
    expect(nlu.parse('不是唯一的', ctx('seller_only_home')).answer).toBe(false);
  });
  it('options by synonym, with negation and several at once', () => {
    expect(nlu.parse('单位分的房', ctx('house_type')).answer).toBe('reform');
    expect(nlu.parse('水电气都要过户，宽带不用', ctx('utilities')).answer).toEqual(['water', 'power', 'gas']);
    expect(nlu.parse('都不用', ctx('utilities')).answer).toEqual([]);
  });
  it('answerQuestion is pure and reads by question type', () => {
    const q = question('second-hand-house', 'seller_marital');
    expect(answerQuestion(q, '离了')).toBe('divorced');
    expect(answerQuestion(q, '老伴走了')).toBe('widowed');
    expect(answerQuestion(q, '今天天气不错')).toBeUndefined();
  });
});
