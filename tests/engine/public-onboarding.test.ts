import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';

const k = loadKnowledge();
const B = 'public-onboarding';
const today = '2026-11-28';
const keys = (lines: { key: string }[]) => lines.map((m) => m.key).sort();
const common = ['onb-staffing', 'onb-salary', 'onb-payroll', 'onb-pension', 'onb-medical', 'onb-housing-fund', 'onb-archive'];

describe('机关事业单位入职一件事', () => {
  it('asks about earlier jobs only for recruits, and the graduation year only for first jobs', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('category');
    expect(nextQuestion(k, B, { category: 'civil_servant' })?.id).toBe('prior_job');
    expect(nextQuestion(k, B, { category: 'civil_servant', prior_job: 'first_job' })?.id).toBe('graduation');
    expect(nextQuestion(k, B, { category: 'civil_servant', prior_job: 'first_job', graduation: 'from_2023' })?.id).toBe('fund_account');
    expect(nextQuestion(k, B, { category: 'institution', prior_job: 'had_job' })?.id).toBe('insured_where');
    expect(nextQuestion(k, B, { category: 'transfer' })?.id).toBe('insured_where');
  });

  it('new civil servant, first job, graduated 2024, moving the household to Xi an', () => {
    const c = buildChecklist(
      k,
      B,
      { category: 'civil_servant', prior_job: 'first_job', graduation: 'from_2023', fund_account: 'none', hukou: 'outside_move' },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id).sort()).toEqual(['onb-recruitment-approval', 'onb-hukou', ...common].sort());
    expect(keys(c.bring)).toEqual(
      [
        'bank-card',
        'civil-servant-approval-form@用人单位',
        'diploma',
        'household-register-elsewhere',
        'hukou-destination-proof',
        'id-card',
        'merged-application-form',
        'personnel-archive@学校',
        'photo-1inch',
      ].sort(),
    );
    // the exam at the designated hospital and the approval itself are fetched, not brought
    expect(keys(c.shared)).toEqual(['hiring-decision', 'physical-exam-certificate']);
    for (const absent of [
      'employment-registration-card',
      'pension-payment-certificate@原参保地',
      'personnel-archive@原单位',
      'salary-transfer-letter@原单位',
      'employment-contract@用人单位和本人',
    ]) {
      expect([...keys(c.bring), ...keys(c.shared)]).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(13);
    expect(c.time.path).toEqual(['onb-recruitment-approval', 'onb-archive']);
    expect(c.outputs).toEqual(expect.arrayContaining(['录用通知', '入编通知（实名制登记）', '准予迁入证明', '住房公积金个人账户']));
    expect(c.notes.some((n) => n.includes('不再发放就业报到证'))).toBe(true);
  });

  it('public institution hire who worked elsewhere: social insurance and housing fund move in from another city', () => {
    const c = buildChecklist(
      k,
      B,
      { category: 'institution', prior_job: 'had_job', insured_where: 'other_city', fund_account: 'other_city', hukou: 'xian' },
      { today },
    );
    expect(c.items.map((i) => i.id).sort()).toEqual(['onb-institution-hire', 'onb-pension-transfer', 'onb-fund-transfer', ...common].sort());
    expect(keys(c.bring)).toEqual(
      [
        'bank-card',
        'diploma',
        'employment-contract@用人单位和本人',
        'id-card',
        'institution-hire-form@用人单位',
        'medical-payment-certificate@原参保地',
        'merged-application-form',
        'pension-payment-certificate@原参保地',
        'personnel-archive@原单位',
        'photo-1inch',
      ].sort(),
    );
    expect(keys(c.shared)).toEqual(['hiring-decision', 'physical-exam-certificate']);
    expect(keys(c.bring)).not.toContain('household-register-elsewhere');
    expect(keys(c.bring)).not.toContain('personnel-archive@学校');
    expect(c.time.path).toEqual(['onb-institution-hire', 'onb-staffing', 'onb-pension', 'onb-pension-transfer']);
    expect(c.time.promisedDays).toBe(21);
    expect(c.time.legalDays).toBe(45);
    const form = buildForm(k, B, { category: 'institution', prior_job: 'had_job', insured_where: 'other_city', fund_account: 'other_city', hukou: 'xian' });
    expect(form.fields.map((f) => f.id)).toEqual(expect.arrayContaining(['prior_fund_center', 'prior_fund_account', 'prior_insurance_place']));
    expect(form.fields.filter((f) => f.id === 'applicant_id_number')[0]!.items.length).toBeGreaterThan(5);
  });

  it('transfer within Xi an, household stays where it is: records move inside the system, no household move', () => {
    const c = buildChecklist(k, B, { category: 'transfer', insured_where: 'xian', fund_account: 'xian', hukou: 'outside_stay' }, { today });
    expect(c.items.map((i) => i.id).sort()).toEqual(['onb-transfer-approval', ...common].sort());
    expect(keys(c.bring)).toEqual(
      [
        'bank-card',
        'id-card',
        'merged-application-form',
        'personnel-archive@原单位',
        'photo-1inch',
        'salary-transfer-letter@原单位',
        'transfer-approval-form@原单位',
      ].sort(),
    );
    expect(keys(c.shared)).toEqual(['hiring-decision', 'medical-payment-certificate@原参保地', 'pension-payment-certificate@原参保地']);
    expect(c.shared.find((m) => m.key === 'pension-payment-certificate@原参保地')!.sharedSource).toBe('西安市社保信息系统');
    for (const absent of ['diploma', 'physical-exam-certificate', 'household-register-elsewhere']) {
      expect([...keys(c.bring), ...keys(c.shared)]).not.toContain(absent);
    }
    expect(c.items.map((i) => i.id)).not.toContain('onb-pension-transfer');
    expect(c.time.promisedDays).toBe(15);
    expect(c.time.path).toEqual(['onb-transfer-approval', 'onb-archive']);
  });

  it('military transfer: placement, army insurance and housing fund vouchers, household moves', () => {
    const c = buildChecklist(
      k,
      B,
      { category: 'military', insured_where: 'military_insurance', fund_account: 'military_fund', hukou: 'outside_move' },
      { today },
    );
    expect(c.items.map((i) => i.id).sort()).toEqual(['onb-military-placement', 'onb-pension-transfer', 'onb-hukou', ...common].sort());
    expect(keys(c.bring)).toEqual(
      [
        'bank-card',
        'household-register-elsewhere',
        'hukou-destination-proof',
        'id-card',
        'merged-application-form',
        'military-placement-letter@原部队',
        'military-transfer-vouchers@原部队',
        'personnel-archive@原部队',
        'photo-1inch',
      ].sort(),
    );
    expect(keys(c.shared)).toEqual(['hiring-decision']);
    // one voucher line serves pension, medical insurance and housing fund
    expect(c.bring.find((m) => m.key === 'military-transfer-vouchers@原部队')!.items.map((i) => i.id)).toEqual([
      'onb-pension',
      'onb-medical',
      'onb-housing-fund',
    ]);
    expect(c.items.map((i) => i.id)).not.toContain('onb-fund-transfer');
    expect(c.time.promisedDays).toBe(21);
  });

  it('a graduate from before 2023 still hands in the 报到证', () => {
    const c = buildChecklist(
      k,
      B,
      { category: 'civil_servant_like', prior_job: 'first_job', graduation: 'before_2023', fund_account: 'none', hukou: 'xian' },
      { today },
    );
    expect(keys(c.bring)).toContain('employment-registration-card');
    expect(keys(c.bring)).not.toContain('household-register-elsewhere');
    expect(c.items.map((i) => i.id)).not.toContain('onb-hukou');
  });
});
