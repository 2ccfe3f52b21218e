import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { answerFaq, buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'end-of-life';
const today = '2026-11-28';

describe('终老一件事 situations', () => {
  it('skips 在职/退休 without a pension and 继承权 when there is no balance to inherit', () => {
    const none = { death_place: 'home', deceased_hukou: 'district', pension_type: 'none' };
    expect(nextQuestion(k, B, none)?.id).toBe('housing_fund');
    const noBalances = { ...none, housing_fund: 'none', medical_balance: 'none', applicant: 'spouse', has_agent: false };
    expect(nextQuestion(k, B, noBalances)?.id).toBe('cancellations');
    // a balance to claim: the spouse proves the marriage, so where it was registered matters
    expect(nextQuestion(k, B, { ...noBalances, medical_balance: 'unknown' })?.id).toBe('marriage_reg');
    expect(nextQuestion(k, B, { ...noBalances, medical_balance: 'unknown', marriage_reg: 'shaanxi' })?.id).toBe('heir_proof');
    expect(nextQuestion(k, B, { death_place: 'hospital', deceased_hukou: 'district', pension_type: 'enterprise' })?.id).toBe('work_status');
  });

  it('retired enterprise pensioner who died in hospital, a child applies, heirs sign the commitment', () => {
    const answers = {
      death_place: 'hospital',
      deceased_hukou: 'district',
      pension_type: 'enterprise',
      work_status: 'retired',
      housing_fund: 'has',
      medical_balance: 'has',
      applicant: 'child',
      has_agent: false,
      heir_proof: 'commit',
      cancellations: [],
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual([
      'death-certificate-hospital',
      'hukou-cancellation',
      'cremation-service',
      'pension-death-benefits',
      'deceased-medical-insurance',
      'housing-fund-inheritance',
    ]);
    exactly(c.bring, [
      'bank-card@申请人',
      'death-certificate-funeral-copy@死者',
      'deceased-social-security-card@死者',
      'heirs-commitment',
      'id-card@申请人',
      'id-card@死者',
      'kinship-proof@申请人',
      'merged-application-form',
    ]);
    exactly(c.shared, ['cremation-certificate@死者', 'death-medical-certificate@死者', 'household-register@死者']);
    const all = keys([...c.bring, ...c.shared, ...c.maybe]);
    for (const absent of [
      'marriage-certificate@申请人',
      'inheritance-notarization',
      'police-death-certificate@死者',
      'police-home-death-check',
      'power-of-attorney@申请人',
      'public-unit-death-report@单位',
    ]) {
      expect(all).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(10);
    expect(c.time.path).toEqual(['death-certificate-hospital', 'cremation-service', 'pension-death-benefits']);
    expect(c.charges.lines).toEqual([]);
    expect(c.outputs).toContain('户口注销证明');
    expect(c.outputs).toContain('公积金账户销户');
    expect(c.notes.some((n) => n.includes('养老金从去世的次月起停发'))).toBe(true);
    expect(c.notes.some((n) => n.includes('惠民殡葬'))).toBe(true);
    expect(buildForm(k, B, answers).fields.map((f) => f.id)).toContain('heirs_list');
  });

  it("died at home with a household outside Xi'an, no pension or balances, spouse applies, 驾驶证 and 老年证 to cancel", () => {
    const answers = {
      death_place: 'home',
      deceased_hukou: 'outside',
      pension_type: 'none',
      housing_fund: 'none',
      medical_balance: 'none',
      applicant: 'spouse',
      has_agent: false,
      cancellations: ['driving', 'senior'],
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.items.map((i) => i.id)).toEqual([
      'death-certificate-home',
      'cremation-service',
      'deceased-medical-insurance',
      'senior-card-cancellation',
      'driving-licence-cancellation',
    ]);
    exactly(c.bring, [
      'death-certificate-funeral-copy@死者',
      'deceased-medical-records@死者',
      'driving-licence@死者',
      'id-card@申请人',
      'id-card@死者',
      'merged-application-form',
      'police-home-death-check',
      'senior-privilege-card@死者',
    ]);
    exactly(c.shared, ['death-medical-certificate@死者']);
    const all = keys([...c.bring, ...c.shared]);
    for (const absent of [
      'marriage-certificate@申请人',
      'bank-card@申请人',
      'heirs-commitment',
      'household-register@死者',
      'cremation-certificate@死者',
      'disability-certificate@死者',
    ]) {
      expect(all).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(6);
    expect(c.time.path).toEqual(['death-certificate-home', 'deceased-medical-insurance']);
    expect(c.outputs).not.toContain('户口注销证明');
    expect(c.notes.some((n) => n.includes('户籍所在地派出所'))).toBe(true);
    expect(c.notes.some((n) => n.includes('惠民殡葬'))).toBe(false);
    expect(answerFaq(k, B, 'fee', answers).map((f) => f.id)).toEqual(['eol-fee', 'eol-fee-outside']);
  });

  it('non-natural death of a working civil servant, a relative acts for the heirs through an agent, balances unknown', () => {
    const answers = {
      death_place: 'unnatural',
      deceased_hukou: 'city',
      pension_type: 'public',
      work_status: 'working',
      housing_fund: 'unknown',
      medical_balance: 'unknown',
      applicant: 'other',
      has_agent: true,
      heir_proof: 'notary',
      cancellations: ['disability'],
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.items.map((i) => i.id)).toEqual([
      'death-certificate-police',
      'hukou-cancellation',
      'cremation-service',
      'pension-death-benefits',
      'deceased-medical-insurance',
      'housing-fund-inheritance',
      'disability-certificate-cancellation',
    ]);
    exactly(c.bring, [
      'bank-card@申请人',
      'deceased-social-security-card@死者',
      'disability-certificate@死者',
      'id-card@代理人',
      'id-card@申请人',
      'id-card@死者',
      'inheritance-notarization',
      'kinship-proof@继承人',
      'merged-application-form',
      'police-body-disposal-notice@死者',
      'power-of-attorney@申请人',
      'power-of-attorney@继承人',
      'public-unit-death-report@单位',
    ]);
    exactly(c.shared, ['cremation-certificate@死者', 'household-register@死者', 'police-death-certificate@死者']);
    const all = keys([...c.bring, ...c.shared]);
    for (const absent of ['death-medical-certificate@死者', 'death-certificate-funeral-copy@死者', 'heirs-commitment', 'kinship-proof@申请人']) {
      expect(all).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(13);
    expect(c.time.path).toEqual(['death-certificate-police', 'cremation-service', 'pension-death-benefits']);
    expect(c.notes.some((n) => n.includes('尸体处理通知书'))).toBe(true);
    expect(c.notes.some((n) => n.includes('由原单位申报'))).toBe(true);
    expect(answerFaq(k, B, 'agent', answers).map((f) => f.id)).toEqual(['eol-agent', 'eol-agent-other']);
  });

  it('a spouse claiming only the 医保 balance proves the marriage, shared from 民政', () => {
    const c = buildChecklist(
      k,
      B,
      {
        death_place: 'hospital',
        deceased_hukou: 'district',
        pension_type: 'none',
        housing_fund: 'none',
        medical_balance: 'has',
        applicant: 'spouse',
        marriage_reg: 'shaanxi',
        has_agent: false,
        heir_proof: 'commit',
        cancellations: [],
      },
      { today },
    );
    const med = c.shared.find((m) => m.key === 'marriage-certificate@申请人');
    expect(med?.items.map((i) => i.id)).toEqual(['deceased-medical-insurance']);
    exactly(c.bring, [
      'bank-card@申请人',
      'death-certificate-funeral-copy@死者',
      'heirs-commitment',
      'id-card@申请人',
      'id-card@死者',
      'merged-application-form',
    ]);
    expect(c.time.promisedDays).toBe(5);
  });
});
