import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'new-home-certificate';
const today = '2026-11-28';
const charges = (c: ReturnType<typeof buildChecklist>) => c.charges.lines.map((l) => [l.id, l.amount]);

const coupleFirstHome = {
  applicant_role: 'buyer',
  property_use: 'residential',
  ownership: 'with_spouse',
  share_type: 'joint',
  certificate_each: false,
  marriage_reg: 'shaanxi',
  homes: 'first',
  buyer_hukou: 'local',
  area: 100,
  price: 1_090_000,
  mortgage: true,
  fund_paid: true,
  has_agent: false,
};

describe('交房一件事', () => {
  it('asks the buyer and the developer different questions, and only what changes the outcome', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('applicant_role');
    expect(nextQuestion(k, B, { applicant_role: 'developer' })?.id).toBe('dev_project_mortgage');
    expect(nextQuestion(k, B, { applicant_role: 'developer', dev_project_mortgage: false, dev_batch_transfer: true })).toBeNull();
    // a couple on the certificate is married: the marital question is skipped, where they registered is asked
    const couple = { applicant_role: 'buyer', property_use: 'residential', ownership: 'with_spouse', share_type: 'joint', certificate_each: false };
    expect(nextQuestion(k, B, couple)?.id).toBe('marriage_reg');
    expect(nextQuestion(k, B, { ...couple, marriage_reg: 'other' })?.id).toBe('homes');
    // a first or second home: the buyer's 户口簿 is checked, so where the household is registered is asked
    expect(nextQuestion(k, B, { ...couple, marriage_reg: 'other', homes: 'second' })?.id).toBe('buyer_hukou');
    // a third home pays 3% whatever the area, so the area is not asked
    expect(
      nextQuestion(k, B, {
        applicant_role: 'buyer',
        property_use: 'residential',
        ownership: 'sole',
        buyer_marital: 'married',
        marriage_reg: 'shaanxi',
        homes: 'third_plus',
      })?.id,
    ).toBe('price');
    // a shop: no family-home questions at all
    expect(nextQuestion(k, B, { applicant_role: 'buyer', property_use: 'non_residential', ownership: 'sole' })?.id).toBe('price');
    expect(nextQuestion(k, B, coupleFirstHome)).toBeNull();
  });

  it('couple, first home of 100㎡ with a loan and the fund already paid: tax 1%, one certificate, mortgage in the same sitting', () => {
    const c = buildChecklist(k, B, coupleFirstHome, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['nh-deed-tax', 'nh-transfer-registration', 'nh-mortgage-registration']);
    exactly(c.bring, ['id-card@购房人', 'id-card@配偶', 'commodity-house-contract', 'merged-application-form']);
    exactly(c.byBank, ['loan-mortgage-contracts@贷款银行']);
    exactly(c.shared, ['marriage-certificate', 'household-register@购房人', 'purchase-invoice', 'deed-tax-record', 'maintenance-fund-receipt']);
    expect(c.maybe).toEqual([]);
    for (const absent of [
      'marital-status-commitment',
      'co-ownership-shares',
      'id-card@其他共有人',
      'power-of-attorney@购房人',
      'id-card@代理人',
      'business-licence@开发企业',
    ]) {
      expect([...keys(c.bring), ...keys(c.shared)]).not.toContain(absent);
    }
    // 1,090,000 / 1.09 = 1,000,000 without VAT; × 1% = 10,000
    expect(charges(c)).toEqual([
      ['nh-deed-tax-small', 10000],
      ['nh-reg-fee-home', 80],
      ['nh-mortgage-reg-fee-home', 80],
    ]);
    expect(c.charges.total).toBe(10160);
    expect(c.charges.estimate).toBe(true);
    // tax and registration the same day chain: 0 + 1, the mortgage adds nothing
    expect(c.time.promisedDays).toBe(1);
    expect(c.time.path).toEqual(['nh-deed-tax', 'nh-transfer-registration']);
    expect(c.time.legalDays).toBe(30);
    expect(c.outputs).toEqual(['契税完税凭证（电子，推送登记）', '不动产权证书（纸质，可同时领电子证照）', '不动产登记证明（抵押权，交贷款银行）']);
    expect(c.related.map((r) => r.bundle)).toEqual(['utility-connection']);
    expect(c.window.department).toContain('不动产登记');
  });

  it('a shop bought outright through an agent, fund not yet paid: 3% tax, 550 fee, fund item first', () => {
    const c = buildChecklist(
      k,
      B,
      { applicant_role: 'buyer', property_use: 'non_residential', ownership: 'sole', price: 2_180_000, mortgage: false, fund_paid: false, has_agent: true },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['nh-deed-tax', 'nh-maintenance-fund', 'nh-transfer-registration']);
    exactly(c.bring, ['id-card@购房人', 'commodity-house-contract', 'merged-application-form', 'power-of-attorney@购房人', 'id-card@代理人']);
    exactly(c.shared, ['purchase-invoice', 'deed-tax-record', 'maintenance-fund-receipt']);
    for (const absent of [
      'marriage-certificate',
      'household-register@购房人',
      'loan-mortgage-contracts@贷款银行',
      'id-card@配偶',
      'marital-status-commitment',
    ]) {
      expect([...keys(c.bring), ...keys(c.shared)]).not.toContain(absent);
    }
    // 2,180,000 / 1.09 = 2,000,000 × 3% = 60,000
    expect(charges(c)).toEqual([
      ['nh-deed-tax-non-residential', 60000],
      ['nh-reg-fee-nonhome', 550],
    ]);
    expect(c.charges.total).toBe(60550);
    expect(c.time.promisedDays).toBe(1);
    expect(c.outputs).toContain('住宅专项维修资金缴存凭证');
    expect(c.outputs).not.toContain('不动产登记证明（抵押权，交贷款银行）');
  });

  it('single buyer with two relatives, shares written, 150㎡ second home, a certificate each', () => {
    const answers = {
      applicant_role: 'buyer',
      property_use: 'residential',
      ownership: 'with_others',
      owner_count: 3,
      share_type: 'by_share',
      certificate_each: true,
      buyer_marital: 'not_married',
      homes: 'second',
      buyer_hukou: 'local',
      area: 150,
      price: 3_270_000,
      mortgage: false,
      fund_paid: true,
      has_agent: false,
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['nh-deed-tax', 'nh-transfer-registration']);
    exactly(c.bring, [
      'id-card@购房人',
      'id-card@其他共有人',
      'marital-status-commitment',
      'co-ownership-shares',
      'commodity-house-contract',
      'merged-application-form',
    ]);
    exactly(c.shared, ['household-register@购房人', 'purchase-invoice', 'deed-tax-record', 'maintenance-fund-receipt']);
    expect(keys(c.shared)).not.toContain('marriage-certificate');
    // 3,270,000 / 1.09 = 3,000,000 × 2% = 60,000; 80 + 2 extra certificates × 10
    expect(charges(c)).toEqual([
      ['nh-deed-tax-second-large', 60000],
      ['nh-reg-fee-home-others-each', 100],
    ]);
    const form = buildForm(k, B, answers);
    const ids = form.fields.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['nh_co_owners', 'nh_shares', 'nh_house_area', 'nh_price']));
    expect(ids).not.toContain('nh_spouse_name');
    expect(form.fields.find((f) => f.id === 'nh_house_area')?.value).toBe(150);
  });

  it('developer with a construction mortgage handing over with certificates: four items in a chain, 13 days', () => {
    const c = buildChecklist(k, B, { applicant_role: 'developer', dev_project_mortgage: true, dev_batch_transfer: true }, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['nh-survey-filing', 'nh-cadastral-survey', 'nh-first-registration', 'nh-batch-transfer']);
    exactly(c.bring, [
      'house-survey-report',
      'planning-verification',
      'land-use-certificate',
      'merged-application-form',
      'legal-rep-certificate',
      'power-of-attorney@开发企业',
      'id-card@经办人',
      'land-grant-contract',
      'completion-filing',
      'common-parts-list',
      'mortgagee-consent',
      'buyer-authorisations@购房人',
      'handover-buyer-list',
    ]);
    exactly(c.shared, ['business-licence@开发企业', 'deed-tax-record@购房人', 'maintenance-fund-receipt@购房人']);
    expect(keys(c.bring)).not.toContain('id-card@购房人');
    expect(c.charges.lines).toEqual([]);
    expect(c.time.promisedDays).toBe(13);
    expect(c.time.path).toEqual(['nh-survey-filing', 'nh-cadastral-survey', 'nh-first-registration', 'nh-batch-transfer']);
    expect(c.outputs).toEqual(['房产测绘成果备案证明', '不动产单元号', '不动产首次登记完成（开发企业不动产权证明）', '购房人不动产权证书（交房时发放）']);
  });

  it('developer with no mortgage doing the first registration only: 10 days, no buyer papers', () => {
    const c = buildChecklist(k, B, { applicant_role: 'developer', dev_project_mortgage: false, dev_batch_transfer: false }, { today });
    expect(c.items.map((i) => i.id)).toEqual(['nh-survey-filing', 'nh-cadastral-survey', 'nh-first-registration']);
    for (const absent of ['mortgagee-consent', 'buyer-authorisations@购房人', 'handover-buyer-list']) expect(keys(c.bring)).not.toContain(absent);
    exactly(c.shared, ['business-licence@开发企业']);
    expect(c.time.promisedDays).toBe(10);
  });
});
