import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { answerFaq, buildChecklist, buildForm, findQuestion, compiledBundle, nextQuestion, type Checklist } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'second-hand-house';
const today = '2026-11-28';
type A = Record<string, string | number | boolean | string[]>;

/** a married individual sells a 满五唯一 commodity flat without a mortgage to a first-home buyer; tests vary it */
const base: A = {
  transfer_kind: 'sale',
  seller_type: 'person',
  buyer_type: 'person',
  house_usage: 'residential',
  house_type: 'commodity',
  seller_marital: 'married',
  seller_spouse_signs: 'cosign',
  co_owners: false,
  minor_owner: false,
  seller_agent: false,
  buyer_agent: false,
  buyer_co_buyers: false,
  seller_mortgage: 'none',
  buyer_loan: false,
  held_years: 'ge5',
  seller_only_home: true,
  buyer_homes: 'first',
  buyer_marital: 'married',
  area: 90,
  price: 1_200_000,
  utilities: [],
  // both Xi'an residents, married in Shaanxi: 户口簿 and 结婚证 come from shared data (see the non-local test)
  seller_marriage_reg: 'shaanxi',
  seller_hukou: 'local',
  buyer_hukou: 'local',
  buyer_marriage_reg: 'shaanxi',
};

function list(answers: A): Checklist {
  const c = buildChecklist(k, B, answers, { today });
  expect(c.complete).toBe(true);
  expect(c.maybe).toEqual([]);
  return c;
}
const amounts = (c: Checklist) => Object.fromEntries(c.charges.lines.map((l) => [l.id, l.amount]));
const itemIds = (c: Checklist) => c.items.map((i) => i.id);
const absent = (c: Checklist, ...ks: string[]) => {
  const all = keys([...c.bring, ...c.shared, ...c.maybe]);
  for (const x of ks) expect(all).not.toContain(x);
};
const CORE = ['resale-contract-filing', 'resale-tax-payment', 'resale-transfer-registration'];
const SELLER_BUYER = ['house-title-certificate@卖方', 'id-card@买方', 'id-card@卖方', 'merged-application-form', 'resale-contract'];

describe('二手房交易一件事: the interview', () => {
  it('asks only what changes the outcome, in order', () => {
    // why the house changes hands comes first: only a sale has a buyer, a price and the sale taxes
    expect(nextQuestion(k, B, {})?.id).toBe('transfer_kind');
    expect(nextQuestion(k, B, { transfer_kind: 'sale' })?.id).toBe('seller_type');
    // an organisation seller has no marriage, co-owners or minors, and no 个人 tax questions
    const org: A = { transfer_kind: 'sale', seller_type: 'org', buyer_type: 'person', house_usage: 'residential', house_type: 'commodity' };
    expect(nextQuestion(k, B, org)?.id).toBe('seller_agent');
    expect(nextQuestion(k, B, { ...org, seller_agent: true })?.id).toBe('buyer_agent');
    expect(nextQuestion(k, B, { ...org, seller_agent: true, buyer_agent: false, buyer_co_buyers: false, seller_mortgage: 'none', buyer_loan: false })?.id).toBe(
      'buyer_homes',
    );
    // non-residential: no house type, no years held, no buyer home count, no area
    const shop: A = { transfer_kind: 'sale', seller_type: 'person', buyer_type: 'person', house_usage: 'nonresidential' };
    expect(nextQuestion(k, B, shop)?.id).toBe('seller_marital');
    const shopDone: A = {
      ...shop,
      seller_marital: 'single',
      co_owners: false,
      minor_owner: false,
      seller_agent: false,
      buyer_agent: false,
      buyer_co_buyers: false,
      seller_mortgage: 'none',
      buyer_loan: false,
    };
    expect(nextQuestion(k, B, shopDone)?.id).toBe('price');
    expect(nextQuestion(k, B, { ...shopDone, price: 500_000 })?.id).toBe('utilities');
    // 满五唯一 skips the original price; 满五 but not the only home asks for it
    const { utilities: _notYet, ...beforeUtilities } = base;
    expect(nextQuestion(k, B, beforeUtilities)?.id).toBe('utilities');
    expect(nextQuestion(k, B, { ...base, seller_only_home: false })?.id).toBe('original_price_known');
    expect(nextQuestion(k, B, { ...base, seller_only_home: false, original_price_known: true })?.id).toBe('original_price');
    // the spouse's way of signing only for married sellers; the divorce papers only for divorced ones
    expect(
      nextQuestion(k, B, {
        transfer_kind: 'sale',
        seller_type: 'person',
        buyer_type: 'person',
        house_usage: 'residential',
        house_type: 'commodity',
        seller_marital: 'married',
      })?.id,
    ).toBe('seller_spouse_signs');
    expect(
      nextQuestion(k, B, {
        transfer_kind: 'sale',
        seller_type: 'person',
        buyer_type: 'person',
        house_usage: 'residential',
        house_type: 'commodity',
        seller_marital: 'divorced',
      })?.id,
    ).toBe('divorce_way');
    expect(
      nextQuestion(k, B, {
        transfer_kind: 'sale',
        seller_type: 'person',
        buyer_type: 'person',
        house_usage: 'residential',
        house_type: 'commodity',
        seller_marital: 'widowed',
      })?.id,
    ).toBe('spouse_share_settled');
    // where the POA was signed only for an individual with an agent
    const agent: A = {
      transfer_kind: 'sale',
      seller_type: 'person',
      buyer_type: 'person',
      house_usage: 'residential',
      house_type: 'commodity',
      seller_marital: 'single',
      co_owners: false,
      minor_owner: false,
      seller_agent: true,
    };
    expect(nextQuestion(k, B, agent)?.id).toBe('seller_poa_where');
  });

  it('years held are buckets with ranges: 住了六年 is 满 5 年, 两年整 is 满 2 年', () => {
    const q = findQuestion(compiledBundle(k, B), 'held_years')!;
    const bucket = (n: number) => q.options!.find((o) => o.range && n >= o.range[0] && (o.range[1] === null || n < o.range[1]))?.id;
    expect(bucket(6)).toBe('ge5');
    expect(bucket(5)).toBe('ge5');
    expect(bucket(2)).toBe('from2to5');
    expect(bucket(1.5)).toBe('lt2');
    const mortgage = findQuestion(compiledBundle(k, B), 'seller_mortgage')!;
    expect(mortgage.options!.find((o) => o.id === 'none')!.synonyms).toContain('没贷款');
    expect(mortgage.options!.find((o) => o.id === 'carry')!.synonyms).toContain('带押过户');
    const type = findQuestion(compiledBundle(k, B), 'house_type')!;
    expect(type.options!.find((o) => o.id === 'reform')!.synonyms).toEqual(expect.arrayContaining(['房改房', '公房']));
    expect(type.options!.find((o) => o.id === 'affordable')!.synonyms).toContain('经适房');
  });
});

describe('二手房交易一件事: checklists and taxes', () => {
  it('契税 table: every cell, at and above 140㎡, on the price without VAT when the seller pays VAT', () => {
    const deed = (a: A) =>
      list({ ...base, ...a })
        .charges.lines.filter((l) => l.name === '契税')
        .map((l) => [l.id, l.amount]);
    const noVat = { price: 1_000_000 };
    expect(deed({ ...noVat, buyer_homes: 'first', area: 140 })).toEqual([['resale-deed-tax-first-small', 10000]]);
    expect(deed({ ...noVat, buyer_homes: 'first', area: 140.5 })).toEqual([['resale-deed-tax-first-large', 15000]]);
    expect(deed({ ...noVat, buyer_homes: 'second', area: 140 })).toEqual([['resale-deed-tax-second-small', 10000]]);
    expect(deed({ ...noVat, buyer_homes: 'second', area: 141 })).toEqual([['resale-deed-tax-second-large', 20000]]);
    expect(deed({ ...noVat, buyer_homes: 'third' })).toEqual([['resale-deed-tax-third', 30000]]);
    // held under 2 years: 1,050,000 ÷ 1.05 = 1,000,000 is the base
    const vat = { price: 1_050_000, held_years: 'lt2', original_price_known: false };
    expect(deed({ ...vat, buyer_homes: 'first', area: 90 })).toEqual([['resale-deed-tax-first-small-vat', 10000]]);
    expect(deed({ ...vat, buyer_homes: 'second', area: 90 })).toEqual([['resale-deed-tax-second-small-vat', 10000]]);
    expect(deed({ ...vat, buyer_homes: 'second', area: 200 })).toEqual([['resale-deed-tax-second-large-vat', 20000]]);
  });

  it('满五唯一, married seller signs with the spouse, first home ≤140㎡: 契税 1%, seller pays nothing', () => {
    const c = list(base);
    expect(itemIds(c)).toEqual(CORE);
    exactly(c.bring, [...SELLER_BUYER, 'id-card@卖方配偶']);
    exactly(c.shared, [
      'family-housing-record@买方',
      'family-housing-record@卖方',
      'household-register@买方',
      'household-register@卖方',
      'marriage-certificate@买方',
      'marriage-certificate@卖方',
      'tax-payment-certificate',
    ]);
    absent(
      c,
      'spouse-sale-consent@卖方配偶',
      'original-purchase-invoice@卖方',
      'power-of-attorney@卖方',
      'mortgage-release-letter@抵押权人',
      'utility-bills-settled@卖方',
      'single-status-statement@买方',
    );
    expect(amounts(c)).toEqual({
      'resale-deed-tax-first-small': 12000,
      'resale-vat-exempt': 0,
      'resale-iit-exempt': 0,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
    expect(c.charges.total).toBe(12080);
    expect(c.time.promisedDays).toBe(1);
    expect(c.time.legalDays).toBe(30);
    expect(c.time.path).toEqual(CORE);
    expect(c.window.department).toContain('不动产登记');
    expect(c.outputs).toContain('不动产权证书（买方，纸质或电子）');
  });

  it('held under 2 years, single seller, first home >140㎡: VAT 5% with 7/3/2% surcharges halved, 契税 on the price without VAT, 个税 20% of the gain net of VAT and surcharges', () => {
    const c = list({
      ...base,
      seller_marital: 'single',
      held_years: 'lt2',
      buyer_marital: 'single',
      area: 150,
      price: 2_100_000,
      original_price_known: true,
      original_price: 1_800_000,
    });
    expect(itemIds(c)).toEqual(CORE);
    exactly(c.bring, [...SELLER_BUYER, 'original-purchase-invoice@卖方', 'single-status-statement@买方', 'single-status-statement@卖方']);
    exactly(c.shared, ['family-housing-record@买方', 'household-register@买方', 'tax-payment-certificate']);
    absent(c, 'id-card@卖方配偶', 'marriage-certificate@卖方', 'marriage-certificate@买方', 'household-register@卖方');
    // 2,100,000 / 1.05 = 2,000,000 without VAT; VAT 100,000; surcharges 12% halved = 6,000 (2023年第12号);
    // 个税 = (2,000,000 − 1,800,000 − 6,000) × 20% = 38,800 (was 60,000 on the VAT-inclusive gain)
    expect(amounts(c)).toEqual({
      'resale-deed-tax-first-large-vat': 30000,
      'resale-vat-lt2': 100000,
      'resale-urban-construction-tax': 3500,
      'resale-education-surcharge': 1500,
      'resale-local-education-surcharge': 1000,
      'resale-iit-gain-vat': 38800,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
    expect(c.charges.total).toBe(174880);
    const iit = c.charges.lines.find((l) => l.id === 'resale-iit-gain-vat')!;
    expect(iit.source).toContain('国税发〔2006〕108号');
    expect(iit.rule).toContain('÷ 1.05');
    expect(c.charges.lines.find((l) => l.id === 'resale-urban-construction-tax')!.source).toContain('2023年第12号');
  });

  it('满 2 不满 5, no proof of the original price, divorced by agreement, second home ≤140㎡: 契税 1%, 个税 核定 1%', () => {
    const c = list({
      ...base,
      seller_marital: 'divorced',
      divorce_way: 'agreement',
      held_years: 'from2to5',
      buyer_homes: 'second',
      area: 120,
      price: 1_500_000,
      original_price_known: false,
    });
    exactly(c.bring, [...SELLER_BUYER, 'divorce-agreement@卖方']);
    exactly(c.shared, [
      'divorce-certificate@卖方',
      'family-housing-record@买方',
      'household-register@买方',
      'marriage-certificate@买方',
      'tax-payment-certificate',
    ]);
    absent(c, 'divorce-judgment@卖方', 'id-card@卖方配偶', 'original-purchase-invoice@卖方');
    expect(amounts(c)).toEqual({
      'resale-deed-tax-second-small': 15000,
      'resale-vat-exempt': 0,
      'resale-iit-deemed': 15000,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
    const deemed = c.charges.lines.find((l) => l.id === 'resale-iit-deemed')!;
    expect(deemed.verify).toBe(true);
    expect(c.verify).toBe(true);
  });

  it('满五 but not the only home, divorced by court, second home >140㎡: 契税 2%, 个税 on the gain', () => {
    const c = list({
      ...base,
      seller_marital: 'divorced',
      divorce_way: 'court',
      seller_only_home: false,
      buyer_homes: 'second',
      area: 160,
      price: 3_000_000,
      original_price_known: true,
      original_price: 1_000_000,
    });
    exactly(c.bring, [...SELLER_BUYER, 'divorce-judgment@卖方', 'original-purchase-invoice@卖方']);
    absent(c, 'divorce-certificate@卖方', 'divorce-agreement@卖方', 'family-housing-record@卖方', 'household-register@卖方');
    expect(amounts(c)).toEqual({
      'resale-deed-tax-second-large': 60000,
      'resale-vat-exempt': 0,
      'resale-iit-gain': 400000,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
  });

  it("widowed seller whose late spouse's share is not inherited yet: 继承登记 first, third home for the buyer at 3%", () => {
    const c = list({
      ...base,
      seller_marital: 'widowed',
      spouse_share_settled: false,
      held_years: 'from2to5',
      buyer_homes: 'third',
      price: 800_000,
      original_price_known: false,
    });
    expect(itemIds(c)).toEqual(['inheritance-registration', ...CORE]);
    exactly(c.bring, [...SELLER_BUYER, 'heirs-kinship-proof@继承人', 'id-card@继承人', 'inheritance-proof@继承人', 'spouse-death-proof@已故配偶']);
    exactly(c.shared, ['tax-payment-certificate']);
    absent(c, 'family-housing-record@买方', 'household-register@买方', 'marriage-certificate@买方');
    expect(amounts(c)).toEqual({
      'resale-inheritance-fee-housing': 80,
      'resale-inheritance-deed-tax-exempt': 0,
      'resale-deed-tax-third': 24000,
      'resale-vat-exempt': 0,
      'resale-iit-deemed': 8000,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
    expect(c.charges.total).toBe(32160);
    expect(c.time.promisedDays).toBe(6);
    expect(c.time.path).toEqual(['inheritance-registration', ...CORE]);
    expect(c.notes.some((n) => n.includes('继承登记'))).toBe(true);
  });

  it("widowed seller already sole owner, held under 2 years, buyer's third home: no 继承登记, 契税 3% on the price without VAT", () => {
    const c = list({
      ...base,
      seller_marital: 'widowed',
      spouse_share_settled: true,
      held_years: 'lt2',
      buyer_homes: 'third',
      price: 1_050_000,
      original_price_known: true,
      original_price: 1_000_000,
    });
    expect(itemIds(c)).toEqual(CORE);
    exactly(c.bring, [...SELLER_BUYER, 'original-purchase-invoice@卖方', 'spouse-death-proof@已故配偶']);
    absent(c, 'inheritance-proof@继承人', 'id-card@继承人');
    expect(amounts(c)).toEqual({
      'resale-deed-tax-third-vat': 30000,
      'resale-vat-lt2': 50000,
      'resale-urban-construction-tax': 1750,
      'resale-education-surcharge': 750,
      'resale-local-education-surcharge': 500,
      'resale-iit-gain-vat': 0,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
    // the gain without VAT is 1,000,000 − 1,000,000 − 3,000 < 0: no 个税 (it was 10,000 on the VAT-inclusive price)
    expect(c.charges.total).toBe(83080);
  });

  it('married seller whose spouse consents in writing, a co-owner and a minor owner, two buyers, 房改房: 上市审核 first', () => {
    const c = list({ ...base, house_type: 'reform', seller_spouse_signs: 'consent', co_owners: true, minor_owner: true, buyer_co_buyers: true });
    expect(itemIds(c)).toEqual(['public-house-listing', ...CORE]);
    exactly(c.bring, [
      ...SELLER_BUYER,
      'co-owner-consent@卖方共有人',
      'guardianship-proof@监护人',
      'id-card@卖方共有人',
      'id-card@卖方配偶',
      'id-card@监护人',
      'id-card@买方共有人',
      'minor-interest-guarantee@监护人',
      'public-house-purchase-contract@卖方',
      'spouse-sale-consent@卖方配偶',
    ]);
    expect(buildForm(k, B, { ...base, buyer_co_buyers: true }).fields.map((f) => f.id)).toContain('buyer_co_owners');
    expect(buildForm(k, B, base).fields.map((f) => f.id)).not.toContain('buyer_co_owners');
    expect(c.time.promisedDays).toBe(6);
    expect(c.time.path).toEqual(['public-house-listing', ...CORE]);
    expect(c.notes.some((n) => n.includes('房改房'))).toBe(true);
    expect(c.charges.total).toBe(12080);
  });

  it('the worked example of the domain review: bought 80万, sold 120万 within 2 years (个税 net of VAT and surcharges, to the yuan)', () => {
    const a = { ...base, seller_marital: 'single', held_years: 'lt2', price: 1_200_000, original_price_known: true, original_price: 800_000 };
    const now = amounts(list(a));
    // VAT 1,200,000 ÷ 1.05 × 5% = 57,142.86; halved surcharges 2,000 + 857.14 + 571.43 = 3,428.57
    expect([now['resale-vat-lt2'], now['resale-urban-construction-tax'], now['resale-education-surcharge'], now['resale-local-education-surcharge']]).toEqual([
      57142.86, 2000, 857.14, 571.43,
    ]);
    // (1,142,857.14 − 800,000 − 3,428.57) × 20% = 67,885.71
    expect(now['resale-iit-gain-vat']).toBe(67885.71);
    // after the relief ends (2027-12-31) the full 12% surcharges: 6,857.14, and 个税 67,200
    const later = buildChecklist(k, B, a, { today: '2028-03-01' });
    const l = Object.fromEntries(later.charges.lines.map((x) => [x.id, x.amount]));
    expect([l['resale-urban-construction-tax-full'], l['resale-education-surcharge-full'], l['resale-local-education-surcharge-full']]).toEqual([
      4000, 1714.29, 1142.86,
    ]);
    expect(l['resale-iit-gain-vat-full']).toBe(67200);
    expect(l['resale-iit-gain-vat']).toBeUndefined();
  });

  it('经济适用房 held under 5 years cannot go to market; at 5 years the 土地收益 note applies', () => {
    const young = list({ ...base, house_type: 'affordable', held_years: 'from2to5', original_price_known: false });
    expect(itemIds(young)).toEqual(['public-house-listing', ...CORE]);
    expect(young.notes.some((n) => n.includes('不满 5 年的不能上市'))).toBe(true);
    const old = list({ ...base, house_type: 'affordable' });
    expect(old.notes.some((n) => n.includes('不满 5 年的不能上市'))).toBe(false);
    expect(old.notes.some((n) => n.includes('补缴土地收益'))).toBe(true);
  });

  it('company sells through its clerk to an individual: licence, 法定代表人身份证明书, resolution; 印花税 for the company only', () => {
    const c = list({
      transfer_kind: 'sale',
      seller_type: 'org',
      buyer_type: 'person',
      house_usage: 'residential',
      house_type: 'commodity',
      seller_agent: true,
      buyer_agent: false,
      buyer_co_buyers: false,
      seller_mortgage: 'none',
      buyer_loan: false,
      buyer_homes: 'first',
      buyer_hukou: 'local',
      buyer_marital: 'married',
      buyer_marriage_reg: 'shaanxi',
      area: 100,
      price: 1_000_000,
      utilities: [],
    });
    expect(itemIds(c)).toEqual(CORE);
    exactly(c.bring, [
      'house-title-certificate@卖方',
      'id-card@买方',
      'id-card@卖方代理人',
      'legal-rep-certificate@卖方',
      'merged-application-form',
      'org-sale-resolution@卖方',
      'power-of-attorney@卖方',
      'property-sale-invoice@卖方',
      'resale-contract',
    ]);
    exactly(c.shared, [
      'business-licence@卖方',
      'family-housing-record@买方',
      'household-register@买方',
      'marriage-certificate@买方',
      'tax-payment-certificate',
    ]);
    absent(c, 'id-card@卖方', 'id-card@卖方法定代表人', 'poa-notarization@卖方', 'marriage-certificate@卖方');
    expect(amounts(c)).toEqual({
      // the company's 销售不动产发票 is VAT-exclusive: 1,000,000 ÷ 1.09 × 1% = 9,174.31, not 10,000
      'resale-deed-tax-first-small-org-seller': 9174.31,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-stamp-duty-seller': 500,
      'resale-registration-fee-housing': 80,
    });
    const note = c.notes.find((n) => n.includes('单位纳税人'))!;
    // the note must not say 印花税 is left out while the list estimates it
    expect(note).toContain('印花税（产权转移书据 0.05%）');
    expect(note).not.toMatch(/印花税等.*不做估算/);
  });

  it('a company buys a 满五唯一 flat with its legal representative present: 契税 3%, its 印花税 0.05%', () => {
    const c = list({
      ...base,
      buyer_type: 'org',
      buyer_homes: undefined as never,
      buyer_marital: undefined as never,
      area: undefined as never,
      price: 2_000_000,
    });
    exactly(c.bring, [
      'house-title-certificate@卖方',
      'id-card@买方法定代表人',
      'id-card@卖方',
      'id-card@卖方配偶',
      'legal-rep-certificate@买方',
      'merged-application-form',
      'resale-contract',
    ]);
    exactly(c.shared, [
      'business-licence@买方',
      'family-housing-record@卖方',
      'household-register@卖方',
      'marriage-certificate@卖方',
      'tax-payment-certificate',
    ]);
    expect(amounts(c)).toEqual({
      'resale-deed-tax-standard': 60000,
      'resale-vat-exempt': 0,
      'resale-iit-exempt': 0,
      'resale-stamp-duty-housing-exempt': 0,
      'resale-stamp-duty-buyer': 1000,
      'resale-land-vat-housing-exempt': 0,
      'resale-registration-fee-housing': 80,
    });
  });

  it("a shop (non-residential) bought with a loan: 契税 3%, 印花税 both sides, 登记费 550 and the bank's 550", () => {
    const c = list({
      transfer_kind: 'sale',
      seller_type: 'person',
      buyer_type: 'person',
      house_usage: 'nonresidential',
      seller_marital: 'single',
      co_owners: false,
      minor_owner: false,
      seller_agent: false,
      buyer_agent: false,
      buyer_co_buyers: false,
      seller_mortgage: 'none',
      buyer_loan: true,
      price: 500_000,
      utilities: [],
    });
    expect(itemIds(c)).toEqual([...CORE, 'mortgage-first-registration']);
    exactly(c.bring, [...SELLER_BUYER, 'single-status-statement@卖方']);
    // the bank's own papers, listed apart: its clerk brings them
    exactly(c.byBank, ['loan-mortgage-contract@抵押权人', 'mortgagee-papers@抵押权人']);
    exactly(c.shared, ['buyer-new-title', 'tax-payment-certificate']);
    expect(amounts(c)).toEqual({
      'resale-deed-tax-standard': 15000,
      'resale-stamp-duty-seller': 250,
      'resale-stamp-duty-buyer': 250,
      'resale-registration-fee-nonhousing': 550,
      'resale-mortgage-fee-nonhousing': 550,
    });
    expect(c.time.promisedDays).toBe(2);
    expect(c.time.path).toEqual([...CORE, 'mortgage-first-registration']);
    expect(c.notes.some((n) => n.includes('非住宅'))).toBe(true);
  });

  it('seller pays the loan off first and signs abroad, buyer borrows and uses a notarised POA', () => {
    const c = list({
      ...base,
      seller_agent: true,
      seller_poa_where: 'abroad',
      buyer_agent: true,
      buyer_poa_where: 'notarized',
      seller_mortgage: 'payoff',
      buyer_loan: true,
    });
    expect(itemIds(c)).toEqual([
      'resale-contract-filing',
      'resale-tax-payment',
      'mortgage-cancellation',
      'resale-transfer-registration',
      'mortgage-first-registration',
    ]);
    exactly(c.bring, [
      ...SELLER_BUYER,
      'id-card@买方代理人',
      'id-card@卖方代理人',
      'id-card@卖方配偶',
      'mortgage-release-letter@抵押权人',
      'poa-consular-authentication@卖方',
      'poa-notarization@买方',
      'power-of-attorney@买方',
      'power-of-attorney@卖方',
    ]);
    exactly(c.byBank, ['loan-mortgage-contract@抵押权人', 'mortgage-registration-proof@抵押权人', 'mortgagee-papers@抵押权人']);
    absent(c, 'poa-notarization@卖方', 'poa-consular-authentication@买方', 'mortgagee-transfer-consent@抵押权人');
    expect(amounts(c)).toMatchObject({ 'resale-mortgage-cancellation-free': 0, 'resale-mortgage-fee-housing': 80, 'resale-registration-fee-housing': 80 });
    expect(c.charges.total).toBe(12160);
    expect(c.time.promisedDays).toBe(2);
    expect(answerFaq(k, B, 'agent', { ...base, seller_agent: true, seller_poa_where: 'abroad' }).map((f) => f.id)).toEqual(['shh-agent', 'shh-agent-abroad']);
  });

  it("带押过户 with the buyer's new loan: 抵押权转移 with the transfer, no 注销", () => {
    const c = list({ ...base, seller_mortgage: 'carry', buyer_loan: true });
    expect(itemIds(c)).toEqual([
      'resale-contract-filing',
      'resale-tax-payment',
      'mortgage-transfer-with-loan',
      'resale-transfer-registration',
      'mortgage-first-registration',
    ]);
    exactly(c.bring, [...SELLER_BUYER, 'id-card@卖方配偶', 'mortgagee-transfer-consent@抵押权人']);
    exactly(c.byBank, ['loan-mortgage-contract@抵押权人', 'mortgage-registration-proof@抵押权人', 'mortgagee-papers@抵押权人']);
    absent(c, 'mortgage-release-letter@抵押权人');
    // two registrations, two fees, both borne by the banks
    expect(amounts(c)).toMatchObject({ 'resale-mortgage-transfer-fee-housing': 80, 'resale-mortgage-fee-housing': 80, 'resale-registration-fee-housing': 80 });
    expect(c.charges.lines.filter((l) => l.payer.includes('银行')).map((l) => l.items)).toEqual([
      ['mortgage-transfer-with-loan'],
      ['mortgage-first-registration'],
    ]);
    expect(c.charges.total).toBe(12240);
    const cash = list({ ...base, seller_mortgage: 'carry', buyer_loan: false });
    expect(itemIds(cash)).toEqual(['resale-contract-filing', 'resale-tax-payment', 'mortgage-transfer-with-loan', 'resale-transfer-registration']);
    absent(cash, 'loan-mortgage-contract@抵押权人');
    expect(c.notes.some((n) => n.includes('带押过户'))).toBe(true);
  });

  it('all five utilities follow the transfer: 户号 for each, one settled-bills line, the new title shared', () => {
    const c = list({ ...base, utilities: ['water', 'power', 'gas', 'heating', 'network'] });
    expect(itemIds(c)).toEqual([...CORE, 'water-transfer', 'power-transfer', 'gas-transfer', 'heating-transfer', 'network-transfer']);
    exactly(c.bring, [
      ...SELLER_BUYER,
      'gas-card@卖方',
      'heating-account-card@卖方',
      'id-card@卖方配偶',
      'network-account@卖方',
      'power-account-number@卖方',
      'utility-bills-settled@卖方',
      'water-account-card@卖方',
    ]);
    expect(keys(c.shared)).toContain('buyer-new-title');
    expect(c.bring.find((m) => m.key === 'utility-bills-settled@卖方')!.items).toHaveLength(5);
    expect(c.time.promisedDays).toBe(4);
    expect(c.time.path).toEqual([...CORE, 'heating-transfer']);
    expect(amounts(c)['resale-utility-transfer-free']).toBe(0);
    const only = list({ ...base, utilities: ['gas'] });
    expect(itemIds(only)).toEqual([...CORE, 'gas-transfer']);
    absent(only, 'water-account-card@卖方', 'heating-account-card@卖方');
  });

  it('the merged form asks each party once and prefills figures from the answers', () => {
    const answers = { ...base, seller_only_home: false, original_price_known: true, original_price: 600_000, utilities: ['water'] };
    const f = buildForm(k, B, answers);
    const ids = f.fields.map((x) => x.id);
    expect(ids.filter((x) => x === 'seller_id_number')).toHaveLength(1);
    expect(ids).toEqual(expect.arrayContaining(['seller_spouse_name', 'buyer_name', 'water_account_number', 'original_purchase_price']));
    expect(ids).not.toContain('seller_org_name');
    expect(ids).not.toContain('seller_agent_name');
    expect(f.fields.find((x) => x.id === 'house_price')?.value).toBe(1_200_000);
    expect(f.fields.find((x) => x.id === 'house_area')?.value).toBe(90);
  });

  it('FAQ answers depend on the situation', () => {
    expect(answerFaq(k, B, 'presence', base).map((f) => f.id)).toEqual(['shh-presence', 'shh-presence-spouse']);
    expect(answerFaq(k, B, 'presence', { ...base, seller_marital: 'single' }).map((f) => f.id)).toEqual(['shh-presence']);
    expect(answerFaq(k, B, 'fee', base).map((f) => f.id)).toEqual(['shh-fee', 'shh-fee-nothing-seller']);
    expect(answerFaq(k, B, 'time', { ...base, house_type: 'reform' }).map((f) => f.id)).toEqual(['shh-time', 'shh-time-public']);
    expect(answerFaq(k, B, 'online', base)).toHaveLength(1);
    expect(answerFaq(k, B, 'place', base)).toHaveLength(1);
  });
});
