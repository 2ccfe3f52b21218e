import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import * as engine from '../../src/engine/index.js';
import { buildChecklist, nextQuestion, type Checklist } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

// Transfers that are not sales (issue 15): 继承、赠与、离婚析产 have their own questions, materials and taxes,
// and a sale the law forbids (经济适用房 held under 5 years) stops the case instead of listing materials.
const k = loadKnowledge();
const B = 'second-hand-house';
const today = '2026-11-28';
type A = Record<string, string | number | boolean | string[]>;

/** walks the interview the way the bot does, answering from `given`; fails on a question `given` lacks */
function interview(given: A): { asked: string[]; answers: A } {
  const answers: A = {};
  const asked: string[] = [];
  for (let q = nextQuestion(k, B, answers); q; q = nextQuestion(k, B, answers)) {
    asked.push(q.id);
    const a = given[q.id];
    if (a === undefined) throw new Error(`unexpected question ${q.id} after ${asked.join(', ')}`);
    answers[q.id] = a;
  }
  return { asked, answers };
}

function list(answers: A): Checklist {
  const c = buildChecklist(k, B, answers, { today });
  expect(c.complete).toBe(true);
  expect(c.maybe).toEqual([]);
  return c;
}
const lineOf = (c: Checklist, name: string) => c.charges.lines.filter((l) => l.name === name);
const allKeys = (c: Checklist) => keys([...c.bring, ...c.shared, ...c.maybe]);
const SALE_QUESTIONS = ['seller_type', 'buyer_type', 'price', 'seller_mortgage', 'buyer_loan', 'buyer_homes', 'held_years', 'seller_agent', 'buyer_agent'];
const home: A = { house_usage: 'residential', house_type: 'commodity' };

describe('二手房: transfers that are not sales', () => {
  it('asks why the house changes hands first, and a sale goes on as before', () => {
    const q = nextQuestion(k, B, {});
    expect(q?.id).toBe('transfer_kind');
    expect(q?.options?.map((o) => o.id)).toEqual(['sale', 'inherit', 'gift', 'divorce_split']);
    expect(nextQuestion(k, B, { transfer_kind: 'sale' })?.id).toBe('seller_type');
    // what a citizen said about a sale before the kind is known is kept, not dropped
    expect(engine.effectiveAnswers(engine.compiledBundle(k, B), { seller_type: 'person', price: 900_000 })).toMatchObject({
      seller_type: 'person',
      price: 900_000,
    });
  });

  it('inheritance with a 继承权公证书: taxes exempt, the 公证书 listed, no sale contract, no 增值税', () => {
    const { asked, answers } = interview({ transfer_kind: 'inherit', ...home, inherit_notarised: true });
    for (const s of SALE_QUESTIONS) expect(asked).not.toContain(s);
    const c = list(answers);
    expect(c.items.map((i) => i.id)).toEqual(['nonsale-tax-declaration', 'inherit-transfer-registration']);
    const ks = allKeys(c);
    expect(ks).toContain('inheritance-notarial-certificate');
    expect(ks).toContain('death-medical-certificate@被继承人');
    expect(ks).not.toContain('resale-contract');
    expect(ks).not.toContain('inheritance-waiver@放弃继承的继承人');
    expect(ks).not.toContain('id-card@全体继承人');
    expect(lineOf(c, '增值税')).toEqual([]);
    for (const tax of ['契税', '个人所得税', '印花税']) {
      const [l] = lineOf(c, tax);
      expect(l?.amount, tax).toBe(0);
      expect(l?.display).toBe('免征');
    }
    expect(c.charges.total).toBe(80); // the registration fee only
  });

  it('inheritance without 公证: every heir comes with kinship proof, those who waive sign a 放弃继承声明', () => {
    const { answers } = interview({ transfer_kind: 'inherit', ...home, inherit_notarised: false, heirs_count: 3 });
    const c = list(answers);
    const ks = allKeys(c);
    for (const m of ['id-card@全体继承人', 'decedent-kinship-proof@全体继承人', 'inheritance-waiver@放弃继承的继承人']) expect(ks).toContain(m);
    expect(ks).not.toContain('inheritance-notarial-certificate');
    // a sole heir has nobody to waive
    const sole = list(interview({ transfer_kind: 'inherit', ...home, inherit_notarised: false, heirs_count: 1 }).answers);
    expect(allKeys(sole)).not.toContain('inheritance-waiver@放弃继承的继承人');
  });

  it('a parent gives the flat to a child: no 个税, 契税 3% of the value, the 赠与合同 and kinship proof', () => {
    const { asked, answers } = interview({ transfer_kind: 'gift', ...home, gift_relation: 'close', gift_value: 1_000_000 });
    expect(asked).toEqual(['transfer_kind', 'house_usage', 'house_type', 'gift_relation', 'gift_value']);
    const c = list(answers);
    expect(lineOf(c, '契税').map((l) => l.amount)).toEqual([30_000]);
    expect(lineOf(c, '个人所得税').map((l) => l.amount)).toEqual([0]);
    expect(lineOf(c, '增值税').map((l) => l.amount)).toEqual([0]);
    const ks = allKeys(c);
    for (const m of ['gift-contract', 'gift-kinship-proof', 'id-card@赠与人', 'id-card@受赠人']) expect(ks).toContain(m);
    expect(ks).not.toContain('resale-contract');
    expect(c.charges.total).toBe(30_080);
  });

  it('a gift to a non-relative: 个税 20% of the value net of the 契税, no kinship proof', () => {
    const c = list(interview({ transfer_kind: 'gift', ...home, gift_relation: 'other', gift_value: 1_000_000 }).answers);
    expect(lineOf(c, '契税').map((l) => l.amount)).toEqual([30_000]);
    // (1,000,000 − 30,000) × 20% = 194,000
    expect(lineOf(c, '个人所得税').map((l) => l.amount)).toEqual([194_000]);
    expect(allKeys(c)).not.toContain('gift-kinship-proof');
  });

  it('a gift between spouses: 契税 exempt, no value asked', () => {
    const { asked, answers } = interview({ transfer_kind: 'gift', ...home, gift_relation: 'spouse' });
    expect(asked).not.toContain('gift_value');
    const c = list(answers);
    expect(lineOf(c, '契税').map((l) => l.display)).toEqual(['免征']);
  });

  it('divorce split by agreement: 离婚证 and 离婚协议, 契税 exempt, no 个税', () => {
    const { asked, answers } = interview({ transfer_kind: 'divorce_split', ...home, split_divorce_way: 'agreement' });
    for (const s of SALE_QUESTIONS) expect(asked).not.toContain(s);
    const c = list(answers);
    expect(c.items.map((i) => i.id)).toEqual(['nonsale-tax-declaration', 'divorce-transfer-registration']);
    expect(lineOf(c, '契税').map((l) => [l.amount, l.display])).toEqual([[0, '免征']]);
    expect(lineOf(c, '个人所得税').map((l) => l.amount)).toEqual([0]);
    const ks = allKeys(c);
    expect(ks).toContain('divorce-agreement');
    expect(ks).toContain('divorce-certificate');
    expect(ks).not.toContain('divorce-judgment');
    const court = list(interview({ transfer_kind: 'divorce_split', ...home, split_divorce_way: 'court' }).answers);
    exactly(
      court.bring.filter((m) => m.key.startsWith('divorce')),
      ['divorce-judgment'],
    );
  });

  it('经济适用房 held under 5 years is blocked, with what to do; at 5 years or unknown it is not', () => {
    const sale: A = {
      transfer_kind: 'sale',
      seller_type: 'person',
      buyer_type: 'person',
      house_usage: 'residential',
      house_type: 'affordable',
    };
    const blocked = engine.blockingFor(k, B, { ...sale, held_years: 'from2to5' }, { today });
    expect(blocked.map((b) => b.id)).toEqual(['affordable-under-5-years']);
    expect(blocked[0]?.message).toContain('不能上市交易');
    expect(blocked[0]?.todo).toContain('回购');
    expect(engine.blockingFor(k, B, { ...sale, held_years: 'lt2' }, { today })).toHaveLength(1);
    expect(engine.blockingFor(k, B, { ...sale, held_years: 'ge5' }, { today })).toEqual([]);
    // not known yet: the interview goes on
    expect(engine.blockingFor(k, B, sale, { today })).toEqual([]);
    expect(engine.blockingFor(k, B, { ...sale, house_type: 'commodity', held_years: 'lt2' }, { today })).toEqual([]);
  });
});
