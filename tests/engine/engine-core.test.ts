import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';
import {
  buildChecklist,
  buildForm,
  nextQuestion,
  applicableItems,
  reductionReport,
  effectiveAnswers,
  compiledBundle,
  answerFaq,
} from '../../src/engine/index.js';

const k = loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });
const B = 'road-excavation';
const today = '2026-11-28';

describe('engine over a small fixture', () => {
  it('asks questions in order and only while their askIf holds', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('married');
    expect(nextQuestion(k, B, { married: true })?.id).toBe('has_loan');
    expect(nextQuestion(k, B, { married: true, has_loan: false })?.id).toBe('area');
    expect(nextQuestion(k, B, { married: true, has_loan: true })?.id).toBe('loan_bank');
    expect(nextQuestion(k, B, { married: true, has_loan: false, area: 90, price: 1e6 })).toBeNull();
  });

  it('drops answers to questions that stopped applying after a change', () => {
    const cb = compiledBundle(k, B);
    expect(effectiveAnswers(cb, { has_loan: false, loan_bank: '建行', married: false })).toEqual({ has_loan: false, married: false });
  });

  it('merges a material needed by several items into one line with every item and reason', () => {
    const c = buildChecklist(k, B, { married: false, has_loan: true, loan_bank: '建行', area: 90, price: 1_000_000 }, { today });
    const id = c.bring.find((m) => m.key === 'id-card@卖方')!;
    expect(id.items.map((i) => i.id)).toEqual(['contract', 'taxes', 'mortgage']);
    expect(id.reasons).toEqual(['核验卖方', '申报纳税', '核验']);
    expect(c.bring.filter((m) => m.material === 'id-card')).toHaveLength(1);
    const deed = c.bring.find((m) => m.key === 'deed')!;
    expect(deed.formLabel).toBe('原件及复印件');
    expect(deed.copies).toBe(2);
    expect(c.bring.map((m) => m.key).sort()).toEqual(['deed', 'id-card@卖方']);
    expect(c.shared.map((m) => m.key)).toEqual(['tax-receipt']);
    expect(c.notes).toEqual(['有贷款请先联系银行']);
  });

  it('leaves out a material whose condition is false and marks shared ones as not to bring', () => {
    const single = buildChecklist(k, B, { married: false, has_loan: false, area: 90, price: 1e6 }, { today });
    expect([...single.bring, ...single.shared].map((m) => m.key)).not.toContain('marriage');
    const married = buildChecklist(k, B, { married: true, has_loan: false, area: 90, price: 1e6 }, { today });
    expect(married.shared.map((m) => m.key)).toContain('marriage');
    expect(married.bring.map((m) => m.key)).not.toContain('marriage');
    expect(married.shared.find((m) => m.key === 'marriage')?.sharedSource).toBe('婚姻库');
  });

  it('keeps undecided materials apart while questions are open', () => {
    const c = buildChecklist(k, B, {}, { today });
    expect(c.complete).toBe(false);
    expect(c.pending).toEqual(['married', 'has_loan', 'area', 'price']);
    expect(c.maybe.map((m) => m.key)).toContain('marriage');
  });

  it('picks the tax rule in force and by area, and names it', () => {
    const small = buildChecklist(k, B, { married: false, has_loan: false, area: 140, price: 1_000_000 }, { today });
    expect(small.charges.lines.map((l) => [l.id, l.amount])).toEqual([
      ['deed-small', 10000],
      ['reg-fee', 80],
    ]);
    expect(small.charges.total).toBe(10080);
    const big = buildChecklist(k, B, { married: false, has_loan: false, area: 140.5, price: 1_000_000 }, { today });
    expect(big.charges.lines.map((l) => l.id)).toEqual(['deed-big', 'reg-fee']);
    const old = buildChecklist(k, B, { married: false, has_loan: false, area: 90, price: 1_000_000 }, { today: '2024-06-01' });
    expect(old.charges.lines.map((l) => [l.id, l.amount])).toEqual([
      ['deed-old', 30000],
      ['reg-fee', 80],
    ]);
  });

  it('takes the longest chain of items as the promised time, not the sum', () => {
    const c = buildChecklist(k, B, { married: false, has_loan: true, loan_bank: 'x', area: 90, price: 1e6 }, { today });
    expect(c.time.promisedDays).toBe(5); // mortgage (5) runs beside contract→taxes→transfer (4)
    expect(c.time.path).toEqual(['mortgage']);
    expect(c.time.serialDays).toBe(9);
    const noLoan = buildChecklist(k, B, { married: false, has_loan: false, area: 90, price: 1e6 }, { today });
    expect(noLoan.time.promisedDays).toBe(4);
    expect(noLoan.time.path).toEqual(['contract', 'taxes', 'transfer']);
    expect(noLoan.time.legalDays).toBe(30);
  });

  it('builds one form with each field once, prefilled from profile and answers, dropping invalid values', () => {
    const f = buildForm(k, B, { married: true, has_loan: false, area: 90, price: 1_200_000 }, { name: '张三', idNumber: '110105194912310021' });
    expect(f.fields.map((x) => x.id)).toEqual(['seller_name', 'seller_id', 'house_price', 'spouse_name']);
    expect(f.fields.find((x) => x.id === 'seller_id')!.items).toEqual(['contract', 'taxes']);
    expect(f.fields.find((x) => x.id === 'seller_name')!.value).toBe('张三');
    expect(f.fields.find((x) => x.id === 'seller_id')!.value).toBeUndefined(); // bad check digit
    expect(f.fields.find((x) => x.id === 'house_price')!).toMatchObject({ value: 1_200_000, prefilledFrom: 'answer' });
    expect(f.missing).toEqual(['seller_id', 'spouse_name']);
    const f2 = buildForm(k, B, { married: false, has_loan: false, area: 90, price: 1 }, { idNumber: '11010519491231002X' });
    expect(f2.fields.map((x) => x.id)).not.toContain('spouse_name');
    expect(f2.fields.find((x) => x.id === 'seller_id')!.value).toBe('11010519491231002X');
  });

  it('reports items, reduction and faq', () => {
    expect(applicableItems(k, B, { married: false, has_loan: false, area: 1, price: 1 }).map((i) => i.id)).toEqual(['contract', 'taxes', 'transfer']);
    const r = reductionReport(k, B);
    expect(r).toMatchObject({
      items: 4,
      departments: 2,
      materialsBefore: 7,
      materialsAfter: 3,
      sharedMaterials: 1,
      fieldsBefore: 5,
      fieldsAfter: 4,
      visitsBefore: 4,
      visitsAfter: 1,
    });
    expect(answerFaq(k, B, 'presence', {}).map((f) => f.answer)).toEqual(['要']);
  });
});
