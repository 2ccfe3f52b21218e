import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, buildForm, nextQuestion, answerFaq } from '../../src/engine/index.js';

const k = loadKnowledge();
const B = 'business-startup';
const today = '2026-11-28';
const keys = (lines: { key: string }[]) => lines.map((m) => m.key).sort();

const llcFull = {
  entity_type: 'llc',
  investor_kinds: ['natural'],
  premises: 'leased',
  needs_seals: true,
  needs_invoices: true,
  taxpayer_type: 'small_scale',
  hires_staff: true,
  needs_bank: true,
  licensed_scope: ['food'],
  has_agent: false,
};

describe('企业开办一件事', () => {
  it('asks the taxpayer type only when invoices are wanted, and shareholders only for companies and partnerships', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('entity_type');
    expect(nextQuestion(k, B, { entity_type: 'llc' })?.id).toBe('investor_kinds');
    expect(nextQuestion(k, B, { entity_type: 'individual_business' })?.id).toBe('premises');
    const base = { entity_type: 'individual_business', premises: 'owned', needs_seals: false };
    expect(nextQuestion(k, B, { ...base, needs_invoices: true })?.id).toBe('taxpayer_type');
    expect(nextQuestion(k, B, { ...base, needs_invoices: false })?.id).toBe('hires_staff');
    expect(nextQuestion(k, B, llcFull)).toBeNull();
  });

  it('limited company renting its office, with seals, invoices, staff and a bank account: everything in one working day', () => {
    const c = buildChecklist(k, B, llcFull, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual([
      'startup-registration',
      'startup-seal',
      'startup-tax-info',
      'startup-invoice',
      'startup-social-insurance',
      'startup-medical-insurance',
      'startup-housing-fund',
      'startup-bank',
    ]);
    expect(keys(c.bring)).toEqual(
      [
        'articles-of-association',
        'id-card@办税人员',
        'id-card@法定代表人',
        'id-card@自然人股东',
        'lease-contract',
        'merged-application-form',
        'officer-appointment',
        'property-certificate@出租方',
        'staff-roster',
      ].sort(),
    );
    // the licence made in this bundle is pushed to the later steps, never brought
    expect(keys(c.shared)).toEqual(['new-business-licence']);
    expect(c.maybe).toEqual([]);
    const bring = keys(c.bring);
    for (const absent of [
      'address-commitment',
      'property-certificate@产权人',
      'partnership-agreement',
      'power-of-attorney',
      'id-card@代理人',
      'business-licence@法人股东',
      'id-card@经营者',
    ]) {
      expect(bring).not.toContain(absent);
    }
    // one roster line for social insurance, medical insurance and housing fund
    expect(c.bring.find((m) => m.key === 'staff-roster')!.items.map((i) => i.id)).toEqual([
      'startup-social-insurance',
      'startup-medical-insurance',
      'startup-housing-fund',
    ]);
    expect(c.time.promisedDays).toBe(1);
    expect(c.time.path).toEqual(['startup-registration', 'startup-seal']);
    expect(c.time.legalDays).toBe(3);
    expect(c.charges.lines.map((l) => [l.id, l.amount])).toEqual([
      ['business-registration-free', 0],
      ['seal-first-set-free', 0],
    ]);
    expect(c.charges.total).toBe(0);
    expect(c.outputs).toEqual(expect.arrayContaining(['营业执照（纸质正副本）', '电子营业执照', '数电发票开票额度（票种核定）', '银行基本存款账户账号']));
    expect(c.notes.some((n) => n.includes('食品经营许可证'))).toBe(true);
    expect(c.verify).toBe(true);
    expect(c.window.department).toBe('未央区市场监督管理局');
  });

  it('individual shop on a declared address through an agent: licence and tax confirmation only, no seals or insurance', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'individual_business',
        premises: 'declaration',
        needs_seals: false,
        needs_invoices: false,
        hires_staff: false,
        needs_bank: false,
        licensed_scope: [],
        has_agent: true,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['startup-registration', 'startup-tax-info']);
    expect(keys(c.bring)).toEqual(['address-commitment', 'id-card@代理人', 'id-card@经营者', 'merged-application-form', 'power-of-attorney'].sort());
    expect(keys(c.shared)).toEqual(['new-business-licence']);
    for (const absent of ['articles-of-association', 'officer-appointment', 'lease-contract', 'staff-roster', 'id-card@法定代表人', 'id-card@办税人员']) {
      expect(keys(c.bring)).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(0.5);
    expect(c.charges.lines.map((l) => l.id)).toEqual(['business-registration-free']);
    expect(c.outputs).not.toContain('企业印章（公章、财务专用章、发票专用章等，按申请）');
    expect(c.notes.some((n) => n.includes('食品经营'))).toBe(false);
    expect(c.notes.some((n) => n.includes('住所申报承诺制'))).toBe(true);
  });

  it('joint-stock company with a corporate shareholder, own premises, general taxpayer and no staff', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'joint_stock',
        investor_kinds: ['natural', 'corporate'],
        premises: 'owned',
        needs_seals: true,
        needs_invoices: true,
        taxpayer_type: 'general',
        hires_staff: false,
        needs_bank: false,
        licensed_scope: ['drugs'],
        has_agent: false,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['startup-registration', 'startup-seal', 'startup-tax-info', 'startup-invoice', 'startup-general-taxpayer']);
    expect(keys(c.bring)).toEqual(
      [
        'articles-of-association',
        'founders-resolution',
        'id-card@办税人员',
        'id-card@法定代表人',
        'id-card@自然人股东',
        'merged-application-form',
        'officer-appointment',
        'property-certificate@产权人',
      ].sort(),
    );
    // a corporate shareholder's licence comes from the electronic licence library
    expect(keys(c.shared)).toEqual(['business-licence@法人股东', 'new-business-licence']);
    expect(keys(c.bring)).not.toContain('staff-roster');
    expect(keys(c.bring)).not.toContain('lease-contract');
    expect(c.time.promisedDays).toBe(1);
    expect(c.outputs).toContain('增值税一般纳税人登记');
    expect(c.notes.some((n) => n.includes('药品经营许可'))).toBe(true);
  });

  it('branch office renting premises with staff and a bank account: parent licence shared, branch head signs', () => {
    const c = buildChecklist(
      k,
      B,
      {
        entity_type: 'branch',
        premises: 'leased',
        needs_seals: false,
        needs_invoices: true,
        taxpayer_type: 'small_scale',
        hires_staff: true,
        needs_bank: true,
        licensed_scope: [],
        has_agent: false,
      },
      { today },
    );
    expect(keys(c.bring)).toEqual(
      [
        'branch-head-appointment',
        'id-card@分公司负责人',
        'id-card@办税人员',
        'lease-contract',
        'merged-application-form',
        'property-certificate@出租方',
        'staff-roster',
      ].sort(),
    );
    expect(keys(c.shared)).toEqual(['business-licence@隶属公司', 'new-business-licence']);
    expect(keys(c.bring)).not.toContain('articles-of-association');
    expect(c.time.promisedDays).toBe(1);
    // invoices (after tax confirmation) and the bank both wait only for the licence: the chain is not the sum
    expect(c.time.path).toEqual(['startup-registration', 'startup-tax-info', 'startup-invoice']);
    expect(c.time.serialDays).toBe(1.5);
    const form = buildForm(k, B, {
      entity_type: 'branch',
      premises: 'leased',
      needs_seals: false,
      needs_invoices: true,
      taxpayer_type: 'small_scale',
      hires_staff: true,
      needs_bank: true,
      licensed_scope: [],
      has_agent: false,
    });
    const ids = form.fields.map((f) => f.id);
    expect(ids).toContain('parent_company_uscc');
    expect(ids).not.toContain('registered_capital');
    expect(ids).not.toContain('investors');
    expect(ids.filter((id) => id === 'company_uscc')).toHaveLength(1);
  });

  it('answers the fee and time questions from the data, marked to be checked at the window', () => {
    const fee = answerFaq(k, B, 'fee', {});
    expect(fee.map((f) => f.id)).toEqual(['startup-fee']);
    expect(fee[0]!.verify).toBe(true);
    expect(answerFaq(k, B, 'time', {})[0]!.answer).toContain('1个工作日');
  });
});
