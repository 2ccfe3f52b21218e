import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createNlu } from '../../src/nlu/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';

const k = loadKnowledge();
const nlu = createNlu(k);
const at = (bundle: BundleId, qid?: string) => ({ bundle, question: qid ? k.dialogs.get(bundle)!.questions.find((q) => q.id === qid)! : null });

describe('facts carry their party, and only sure readings are recorded', () => {
  it('the subject of each clause decides whose fact it is', () => {
    const r = nlu.parse('公司卖', at('second-hand-house'));
    expect(r.answers.seller_type).toBe('org');
    expect(r.answers.buyer_type).toBeUndefined();
    const self = nlu.parse('买家自己来', at('second-hand-house'));
    expect(self.answers).toEqual({ buyer_agent: false });
    expect(self.facts?.find((f) => f.question === 'buyer_agent')?.party).toBe('buyer');
  });
  it('a question asked back records nothing; a hedge or a near miss is only offered', () => {
    expect(nlu.parse('个体户也要刻章吗', at('business-startup')).answers.needs_seals).toBeUndefined();
    const r = nlu.parse('早还清了也解押了', at('second-hand-house', 'seller_mortgage'));
    expect(r.answer).toBeUndefined();
    expect(r.suggestions?.seller_mortgage).toBeDefined();
    expect(nlu.parse('工厂的工人，快退休了', at('public-retirement')).answers.staff_type).toBeUndefined();
  });
  it('two clauses naming an option and the option that includes it (挖掘（含占用）) mean the wider one', () => {
    const r = nlu.parse('他们公司要在凤城八路挖路埋燃气管 大概占道三十平', at('road-excavation'));
    expect(r.answers.work_type).toBe('dig');
    expect(nlu.parse('只是占道堆点料 不挖', at('road-excavation')).answers.work_type).toBe('occupy');
  });
  it('years and places are compared with the conditions, not matched as words', () => {
    expect(nlu.parse('九八年在西安领的证', at('birth', 'marriage_reg')).answer).toBe('other');
    expect(nlu.parse('一八年买的', at('second-hand-house')).answers.held_years).toBe('ge5');
    expect(nlu.parse('住了七八年', at('second-hand-house')).answers.held_years).toBe('ge5');
    expect(nlu.parse('社保在深圳交的', at('public-onboarding', 'insured_where')).answer).toBe('other_city');
    expect(nlu.parse('从宝鸡调来的', at('public-onboarding', 'insured_where')).answer).toBe('other_city');
    const xian = nlu.parse('户口都在西安', at('birth', 'household_place'));
    expect(xian.answer).toBeUndefined();
    expect(xian.suggestions?.household_place).toBe('city');
  });
  it('a number goes to the slot its words name; a negated option is not selected', () => {
    const r = nlu.parse('占道总共大概40平', at('road-excavation'));
    expect(r.answers.area).toBe(40);
    expect(r.answers.green_area).toBeUndefined();
    expect(nlu.parse('挖沟埋管，不占绿地', at('road-excavation')).answers.greenery).toBeUndefined();
  });
  it('short replies at a question', () => {
    expect(nlu.parse('结了', at('second-hand-house', 'seller_marital')).answer).toBe('married');
    expect(nlu.parse('爸爸', at('birth', 'household_parent')).answer).toBe('father');
    expect(nlu.parse('能', at('business-startup', 'needs_seals')).answer).toBe(true);
    expect(nlu.parse('我妈上周走了', at('end-of-life', 'applicant')).answer).toBe('child');
    expect(nlu.parse('不知道', at('second-hand-house', 'held_years')).signal).toBe('unknown');
    expect(nlu.parse('我说错了', at('second-hand-house', 'held_years')).signal).toBe('correction');
    expect(nlu.parse('我不卖了', at('second-hand-house', 'held_years')).signal).toBe('withdraw');
  });
  it('a service next to the bundles gets a pointer, not a bundle', () => {
    const car = nlu.parse('车子过户');
    expect(car.outOfScope).toBe(true);
    expect(car.bundle).toBeNull();
    expect(car.pointer?.say).toMatch(/车管所|12123/);
    expect(nlu.parse('护照过期了咋换').pointer?.id).toBe('passport');
    expect(nlu.parse('我要卖房').pointer).toBeUndefined();
  });
});

describe('a service next to a bundle gets its pointer, not the bundle', () => {
  it("a car's transfer is not the house's, even when the typo tolerance hears 二手房 in 二手车", () => {
    for (const t of ['二手车过户', '二手车买卖过户', '我想卖二手车', '车子过户怎么办']) {
      const r = nlu.parse(t, {});
      expect(r.pointer?.id, t).toBe('car_transfer');
      expect(r.bundle, t).toBeNull();
      expect(r.answers, t).toEqual({});
    }
    expect(nlu.parse('二手房过户', {}).bundle).toBe('second-hand-house');
    expect(nlu.parse('二手房过户', {}).pointer).toBeUndefined();
  });
  it('classes fixed on 2026-12-06, each with sentences in neither fact table', () => {
    // 境外, not 外地
    expect(nlu.parse('在台湾那边生的', at('birth', 'birth_place')).answer).toBe('abroad');
    // kin words widen the phrases of a relation, with a possessive before them
    const gift = nlu.parse('房子打算过户给俺闺女', at('second-hand-house'));
    expect(gift.answers).toMatchObject({ transfer_kind: 'gift', gift_relation: 'close' });
    expect(nlu.parse('落她妈妈那边', at('birth', 'household_parent')).answer).toBe('mother');
    // a sum said with when it was paid is the purchase price, the seller's
    const then = nlu.parse('那时候买花了二十八万', at('second-hand-house'));
    expect(then.answers.original_price).toBe(280000);
    expect(then.answers.price).toBeUndefined();
    expect(then.facts?.find((f) => f.question === 'original_price')?.party).toBe('seller');
    // who is named: sold to a company is the buyer; one's own house sold is a person's
    const to = nlu.parse('准备卖给一个单位', at('second-hand-house'));
    expect(to.answers.buyer_type).toBe('org');
    expect(to.answers.seller_type).toBeUndefined();
    expect(nlu.parse('俺那套安置房想卖了', at('second-hand-house')).answers.seller_type).toBe('person');
    expect(nlu.parse('我不卖了', at('second-hand-house')).answers.seller_type).toBeUndefined();
    // a refusal of every option of a list is none of them; of one option, only likely
    expect(nlu.parse('不占草坪也不砍树', at('road-excavation')).answers.greenery).toEqual([]);
    const one = nlu.parse('不占绿地', at('road-excavation'));
    expect(one.answers.greenery).toBeUndefined();
    expect(one.suggestions?.greenery).toEqual([]);
    expect(nlu.parse('水电要装 暖气先不用', at('utility-connection', 'services')).answer).toEqual(['water', 'power']);
    // 是X next to a 不是X synonym
    expect(nlu.parse('买方是本市户口', at('second-hand-house')).answers.buyer_hukou).toBe('local');
    // dialect read as Mandarin for the facts
    expect(nlu.parse('暂时就俺一个', at('business-startup', 'hires_staff')).answer).toBe(false);
  });
});

describe('the one a house goes to', () => {
  it('「过户给儿子 … 儿子25岁单身」 and 「送给我闺女 她已经结婚了」 describe the receiving side, not the owner', () => {
    const a = nlu.parse('我和老婆想把名下一套住宅过户给儿子 赠与 儿子25岁单身', { bundle: 'second-hand-house' });
    expect(a.answers.seller_marital).toBeUndefined();
    expect(a.answers.buyer_marital).toBe('single');
    const b = nlu.parse('我想把房子赠与给我闺女 她已经结婚了', { bundle: 'second-hand-house' });
    expect(b.answers.seller_marital).toBeUndefined();
    expect(b.ruledOut?.seller_marital).toBeUndefined();
  });

  it("a loan's balance is not the price (还有十万左右的商业贷款没有还清); a price said beside a loan still is", () => {
    expect(nlu.parse('我们这边房子还有十万左右的商业贷款没有还清', { bundle: 'second-hand-house' }).answers.price).toBeUndefined();
    expect(nlu.parse('成交价200万 还有30万贷款', { bundle: 'second-hand-house' }).answers.price).toBe(2_000_000);
  });
});

describe('words a tester typed that were not read', () => {
  it('自己买的 (交房), 结过婚的 (出生), 退休职工 (终老), 还欠着税 and a bare 没有 at 「还有没了结的？」 (注销)', () => {
    expect(nlu.parse('我要办交房 新房办证 自己买的', at('new-home-certificate')).answers.applicant_role).toBe('buyer');
    expect(nlu.parse('俺和娃他爸都是未央区户口 结过婚的', at('birth')).answers.parents_married).toBe(true);
    expect(nlu.parse('我爸昨天在家走了 他是退休职工', at('end-of-life')).answers.work_status).toBe('retired');
    expect(nlu.parse('公司不干了 想注销 还欠着税呢', at('business-deregistration')).answers.dues_settled).toBe(false);
    expect(nlu.parse('没有', at('business-deregistration', 'debts_settled')).answer).toBe(true);
  });
});

describe('a correction after the 终老 checklist', () => {
  it('「我说错了 他其实是在家里走的」 gives the place of death', () => {
    expect(nlu.parse('我说错了 他其实是在家里走的', at('end-of-life')).answers.death_place).toBe('home');
  });
});
