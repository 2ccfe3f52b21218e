import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, nextQuestion, answerFaq } from '../../src/engine/index.js';

const k = loadKnowledge();
const B = 'business-deregistration';
const today = '2026-11-28';
const keys = (lines: { key: string }[]) => lines.map((m) => m.key).sort();

const quietCompany = {
  has_staff: false,
  affiliates: [],
  has_bank_account: false,
  has_seals: false,
  licence_lost: false,
  customs_registered: false,
  has_agent: false,
};

describe('企业注销一件事', () => {
  it('asks the blocking-cases question only while simple deregistration is still possible', () => {
    expect(nextQuestion(k, B, { entity_type: 'llc' })?.id).toBe('affiliates');
    expect(nextQuestion(k, B, { entity_type: 'llc', affiliates: [], debts_settled: true, dues_settled: true })?.id).toBe('blocked');
    expect(nextQuestion(k, B, { entity_type: 'llc', affiliates: [], debts_settled: false, dues_settled: true })?.id).toBe('tax_status');
    expect(nextQuestion(k, B, { entity_type: 'llc', affiliates: [], debts_settled: true, dues_settled: false })?.id).toBe('tax_status');
    // investing in other companies already rules simple deregistration out
    expect(nextQuestion(k, B, { entity_type: 'llc', affiliates: ['investments'], debts_settled: true, dues_settled: true })?.id).toBe('tax_status');
    // individual businesses have no branches
    const ind = { entity_type: 'individual_business', debts_settled: true, dues_settled: true, blocked: false, tax_status: 'never', has_staff: false };
    expect(nextQuestion(k, B, ind)?.id).toBe('has_bank_account');
    expect(nextQuestion(k, B, { ...ind, has_staff: true })?.id).toBe('has_housing_fund');
  });

  it('company with nothing outstanding: simple deregistration, 20-day notice then cancellation, no clearance certificate', () => {
    const c = buildChecklist(
      k,
      B,
      { entity_type: 'llc', debts_settled: true, dues_settled: true, blocked: false, tax_status: 'never', ...quietCompany },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['dereg-simple-notice', 'dereg-licence']);
    expect(keys(c.bring)).toEqual(['dereg-commitment@全体投资人', 'id-card@法定代表人', 'licence-originals', 'merged-application-form'].sort());
    expect(c.shared).toEqual([]);
    for (const absent of [
      'liquidation-report',
      'dissolution-resolution',
      'liquidation-members',
      'tax-clearance-certificate',
      'licence-void-statement',
      'unused-invoices',
      'power-of-attorney',
    ]) {
      expect([...keys(c.bring), ...keys(c.shared)]).not.toContain(absent);
    }
    // the 20-day notice is calendar days (taxes-and-fees.md: 自然日): said beside the working day, not added to it
    expect(c.time.promisedDays).toBe(1);
    expect(c.time.calendarDays).toBe(20);
    expect(c.time.promisedText).toBe('承诺1个工作日内办结，另加简易注销公告期20天（按自然日计）');
    expect(c.time.legalText).not.toMatch(/2[03]个工作日/);
    expect(c.time.path).toEqual(['dereg-simple-notice', 'dereg-licence']);
    expect(c.outputs).toEqual(['简易注销公告', '准予注销登记通知书']);
    expect(c.notes.some((n) => n.includes('简易注销') && n.includes('20天'))).toBe(true);
    expect(c.notes.some((n) => n.includes('免于到税务机关办理清税证明'))).toBe(true);
  });

  it('company with debts, invoices, staff, a branch, a lost licence, customs and an agent: ordinary deregistration over the 45-day notice', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'llc',
        debts_settled: false,
        dues_settled: true,
        tax_status: 'invoices',
        has_staff: true,
        has_housing_fund: true,
        affiliates: ['branches', 'investments'],
        has_bank_account: true,
        has_seals: true,
        licence_lost: true,
        customs_registered: true,
        has_agent: true,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual([
      'dereg-branch',
      'dereg-liquidation-filing',
      'dereg-creditor-notice',
      'dereg-tax',
      'dereg-social-insurance',
      'dereg-medical-insurance',
      'dereg-housing-fund',
      'dereg-customs',
      'dereg-licence',
      'dereg-bank',
      'dereg-seals',
    ]);
    expect(keys(c.bring)).toEqual(
      [
        'bank-vouchers',
        'dissolution-resolution',
        'id-card@代理人',
        'id-card@法定代表人',
        'licence-originals@分支机构',
        'licence-void-statement',
        'liquidation-members',
        'liquidation-report',
        'merged-application-form',
        'power-of-attorney',
        'registered-seals',
        'staff-stop-list',
        'unused-invoices',
      ].sort(),
    );
    // the clearance certificate and the cancellation decision travel between departments
    expect(keys(c.shared)).toEqual(['deregistration-notice', 'tax-clearance-certificate']);
    expect(keys(c.bring)).not.toContain('licence-originals');
    expect(keys(c.bring)).not.toContain('dereg-commitment@全体投资人');
    expect(c.time.path).toEqual(['dereg-liquidation-filing', 'dereg-creditor-notice', 'dereg-tax', 'dereg-licence']);
    expect(c.time.promisedDays).toBe(2);
    expect(c.time.calendarDays).toBe(45);
    expect(c.time.promisedText).toBe('承诺2个工作日内办结，另加债权人公告期45天（按自然日计）');
    expect(c.notes.some((n) => n.includes('普通注销') && n.includes('45天'))).toBe(true);
    expect(c.notes.some((n) => n.includes('股权转让'))).toBe(true);
    expect(c.outputs).toEqual(expect.arrayContaining(['清税证明', '海关备案注销', '银行结算账户撤销', '印章缴销登记', '准予注销登记通知书']));
  });

  it('company holding shares in another company cannot use simple deregistration even with everything settled', () => {
    const c = buildChecklist(
      k,
      B,
      { entity_type: 'llc', debts_settled: true, dues_settled: true, tax_status: 'never', ...quietCompany, affiliates: ['investments'] },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['dereg-liquidation-filing', 'dereg-creditor-notice', 'dereg-tax', 'dereg-licence']);
    expect(keys(c.bring)).toEqual(
      ['dissolution-resolution', 'id-card@法定代表人', 'licence-originals', 'liquidation-members', 'liquidation-report', 'merged-application-form'].sort(),
    );
    expect(keys(c.bring)).not.toContain('dereg-commitment@全体投资人');
    expect([c.time.promisedDays, c.time.calendarDays]).toEqual([2, 45]);
    expect(c.notes.some((n) => n.includes('对其他企业有投资的不能走简易注销'))).toBe(true);
  });

  it('blocked company goes the ordinary way even with debts and dues settled', () => {
    const c = buildChecklist(
      k,
      B,
      { entity_type: 'partnership', debts_settled: true, dues_settled: true, blocked: true, tax_status: 'no_invoices', ...quietCompany },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['dereg-liquidation-filing', 'dereg-creditor-notice', 'dereg-tax', 'dereg-licence']);
    expect(keys(c.bring)).toEqual(
      ['dissolution-resolution', 'id-card@执行事务合伙人', 'licence-originals', 'liquidation-members', 'liquidation-report', 'merged-application-form'].sort(),
    );
    expect(keys(c.shared)).toEqual(['tax-clearance-certificate']);
    expect(keys(c.bring)).not.toContain('unused-invoices');
    expect([c.time.promisedDays, c.time.calendarDays]).toEqual([2, 45]);
  });

  it('individual shop with no invoices: simple, no public notice, ten days of department checks', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'individual_business',
        debts_settled: true,
        dues_settled: true,
        blocked: false,
        tax_status: 'no_invoices',
        has_staff: false,
        has_bank_account: false,
        has_seals: false,
        licence_lost: false,
        customs_registered: false,
        has_agent: false,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['dereg-individual-consult', 'dereg-licence']);
    expect(keys(c.bring)).toEqual(['dereg-commitment@经营者', 'id-card@经营者', 'licence-originals', 'merged-application-form'].sort());
    expect(c.shared).toEqual([]);
    expect(c.items.map((i) => i.id)).not.toContain('dereg-simple-notice');
    expect(c.time.promisedDays).toBe(1);
    expect(c.time.promisedText).toBe('承诺1个工作日内办结，另加部门意见征询期10天（按自然日计）');
    expect(c.outputs).toEqual(['准予注销登记通知书']);
  });

  it('individual shop with taxes owed and staff: clearance first, then cancellation and the bank account', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'individual_business',
        debts_settled: true,
        dues_settled: false,
        tax_status: 'invoices',
        has_staff: true,
        has_housing_fund: false,
        has_bank_account: true,
        has_seals: false,
        licence_lost: false,
        customs_registered: false,
        has_agent: false,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['dereg-tax', 'dereg-social-insurance', 'dereg-medical-insurance', 'dereg-licence', 'dereg-bank']);
    expect(keys(c.bring)).toEqual(
      ['bank-vouchers', 'id-card@经营者', 'licence-originals', 'merged-application-form', 'staff-stop-list', 'unused-invoices'].sort(),
    );
    expect(keys(c.shared)).toEqual(['deregistration-notice', 'tax-clearance-certificate']);
    expect(keys(c.bring)).not.toContain('liquidation-report');
    expect(c.time.promisedDays).toBe(2);
    expect(c.time.path).toEqual(['dereg-tax', 'dereg-licence']);
  });

  it('tells the time for the route the answers lead to', () => {
    const simple = answerFaq(k, B, 'time', { entity_type: 'llc', affiliates: [], debts_settled: true, dues_settled: true, blocked: false });
    expect(simple.map((f) => f.id)).toEqual(['dereg-time-simple']);
    const ordinary = answerFaq(k, B, 'time', { entity_type: 'llc', debts_settled: false });
    expect(ordinary.map((f) => f.id)).toEqual(['dereg-time-ordinary']);
  });
});

describe('the notice period after submission', () => {
  it('the submitted-later notice says the calendar-day notice beside the working days', async () => {
    const { deliveredLater } = await import('../../src/bot/apply/notify.js');
    const c = buildChecklist(
      k,
      B,
      { entity_type: 'llc', debts_settled: true, dues_settled: true, blocked: false, tax_status: 'never', ...quietCompany },
      { today },
    );
    const conv = { v: 1, mode: 'done', answers: {}, history: [], transcript: [] } as never;
    const user = { cases: [], profile: {} } as never;
    const said = deliveredLater(k, { id: 'a', bundle: B, checklist: { promisedDays: c.time.promisedDays, waits: c.time.waits } }, 'not-a-case-no', conv, user);
    expect(said[0]!.text).toContain('承诺1个工作日内办结，另加简易注销公告期20天（按自然日计）');
  });
});
