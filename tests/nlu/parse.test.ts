import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/load.js';
import type { BundleId, Question } from '../../src/knowledge/schema/index.js';
import { answerQuestion, createNlu, type Nlu } from '../../src/nlu/index.js';
import { findEntities } from '../../src/nlu/entities.js';
import { Lexicon } from '../../src/nlu/lexicon.js';

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

describe('a correct domain word is not a slip of another', () => {
  it('我要交房 stays 交房 (an alias of new-home-certificate), not the seller synonym 我要卖房', () => {
    const r = nlu.parse('我要交房');
    expect(r.bundle).toBe('new-home-certificate');
    expect(r.answers.seller_type).toBeUndefined();
    expect(nlu.parse('交房').bundle).toBe('new-home-certificate');
  });

  it('the lexicon leaves a token that is itself a term alone, and still corrects a span that is not one', () => {
    const lx = new Lexicon(['交房', '我要卖房', '户口簿']);
    expect(lx.correct('我要交房', ['我要', '交房']).fixes).toEqual([]);
    expect(lx.correct('户口薄', ['户口', '薄']).text).toBe('户口簿');
  });

  it('几 is a numeral: 推荐几本书 is not 基本户', () => {
    expect(nlu.parse('推荐几本书').outOfScope).toBe(true);
  });
});

describe('a word two bundles share', () => {
  it('公司 alone is not sure of either business bundle: both are offered', () => {
    const r = nlu.parse('公司');
    expect(r.bundleConfidence).toBeLessThan(0.6);
    expect(
      r.candidates
        .slice(0, 2)
        .map((c) => c.bundle)
        .sort(),
    ).toEqual(['business-deregistration', 'business-startup']);
    expect(r.candidates[1]!.confidence).toBeGreaterThanOrEqual(0.2);
  });

  it('a word that says which one still decides', () => {
    expect(nlu.parse('开公司').bundle).toBe('business-startup');
    expect(nlu.parse('注销公司').bundle).toBe('business-deregistration');
  });
});

describe('a bare yes or no answers only the question asked', () => {
  it.each(['没有', '有的', '是', '对', '不是'])('%s at seller_only_home answers nothing else', (text) => {
    const r = nlu.parse(text, { bundle: 'second-hand-house', question: question('second-hand-house', 'seller_only_home') });
    expect(r.answer).toBeTypeOf('boolean');
    expect(Object.keys(r.answers).filter((id) => id !== 'seller_only_home')).toEqual([]);
  });

  it('but answers the question asked, and another one whose topic the text names', () => {
    const asked = nlu.parse('没有', { bundle: 'second-hand-house', question: question('second-hand-house', 'co_owners') });
    expect(asked.answers.co_owners).toBe(false);
    expect(nlu.parse('没有', { bundle: 'second-hand-house' }).answers).toEqual({});
    expect(nlu.parse('我要卖房，没有共有人').answers.co_owners).toBe(false);
  });
});

describe('units in Latin letters', () => {
  it.each([
    ['200kW', 'number', 200],
    ['200 KW', 'number', 200],
    ['90m2', 'area', 90],
    ['90㎡', 'area', 90],
    ['89.5m²', 'area', 89.5],
  ])('%s', (text, type, value) => {
    const e = findEntities(text.toLowerCase()).find((x) => x.type === type);
    expect(e?.value).toBe(value);
    expect(findEntities(text.toLowerCase()).some((x) => x.type === 'money')).toBe(false);
  });

  it('kW is not a thousand of money, and 1.5k元, 20w still are', () => {
    expect(findEntities('1.5k元').find((x) => x.type === 'money')?.value).toBe(1500);
    expect(findEntities('20w').find((x) => x.type === 'money')?.value).toBe(200000);
  });

  it('the power question takes 200kW, and so does the sentence', () => {
    const q = question('utility-connection', 'power_kw');
    expect(answerQuestion(q, '200kW')).toBe(200);
    const r = nlu.parse('200kW', { bundle: 'utility-connection', question: q });
    expect(r.answer).toBe(200);
    expect(nlu.parse('新开的厂子要接电，200kW').answers.power_kw).toBe(200);
  });
});

describe('a fact goes to the right party', () => {
  it('全款买的 at the seller mortgage question is the seller’s history, not the buyer’s loan', () => {
    const r = nlu.parse('全款买的', { bundle: 'second-hand-house', question: question('second-hand-house', 'seller_mortgage') });
    expect(r.answer).toBe('none');
    expect(r.answers.seller_mortgage).toBe('none');
    expect(r.answers.buyer_loan).toBeUndefined();
  });

  it('a party named outright still decides, and a buyer paying in full is the buyer’s loan', () => {
    const atSeller = nlu.parse('买家全款', { bundle: 'second-hand-house', question: question('second-hand-house', 'seller_mortgage') });
    expect(atSeller.answers.buyer_loan).toBe(false);
    expect(nlu.parse('我买房全款', { bundle: 'second-hand-house' }).answers.buyer_loan).toBe(false);
  });
});
