import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { answerFaq, buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'public-retirement';
const today = '2026-11-28';

describe('机关事业单位退休一件事 situations', () => {
  it('asks the six situation questions in order and then stops', () => {
    const order = ['staff_type', 'retire_type', 'one_child', 'housing_fund_withdraw', 'has_annuity', 'medical_years'];
    const values: Record<string, string | boolean> = {
      staff_type: 'institution',
      retire_type: 'normal',
      one_child: true,
      housing_fund_withdraw: true,
      has_annuity: true,
      medical_years: 'enough',
    };
    const answers: Record<string, string | boolean> = {};
    for (const id of order) {
      expect(nextQuestion(k, B, answers)?.id).toBe(id);
      answers[id] = values[id]!;
    }
    expect(nextQuestion(k, B, answers)).toBeNull();
  });

  it('a 事业单位 teacher retiring at the statutory age with 光荣证, 公积金 withdrawal and 职业年金', () => {
    const c = buildChecklist(
      k,
      B,
      {
        staff_type: 'institution',
        retire_type: 'normal',
        one_child: true,
        housing_fund_withdraw: true,
        has_annuity: true,
        medical_years: 'enough',
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual([
      'retirement-approval',
      'staffing-reduction',
      'salary-stop',
      'public-pension-entitlement',
      'occupational-annuity-payout',
      'retiree-medical-insurance',
      'housing-fund-retirement-withdrawal',
      'one-child-parent-reward',
    ]);
    exactly(c.bring, [
      'id-card@本人',
      'retirement-approval-form@单位',
      'retiree-personnel-file@单位',
      'bank-card@本人',
      'one-child-glory-certificate@本人',
      'merged-application-form',
    ]);
    exactly(c.shared, ['retirement-approval-result']);
    const all = keys([...c.bring, ...c.shared]);
    for (const absent of [
      'retirement-request@本人',
      'flexible-delay-agreement@单位',
      'special-work-record@单位',
      'labour-ability-conclusion@本人',
      'medical-topup-application@本人',
    ]) {
      expect(all).not.toContain(absent);
    }
    // the approval result is shared with every later department: one line naming all of them
    expect(c.shared[0]!.items).toHaveLength(7);
    expect(c.time.promisedDays).toBe(30);
    expect(c.time.path).toEqual(['retirement-approval', 'public-pension-entitlement', 'occupational-annuity-payout']);
    expect(c.outputs).toContain('独生子女父母奖励（补助）');
    expect(c.outputs).toContain('公积金账户销户');
    expect(c.notes[0]).toContain('2025年1月1日起渐进式延迟');
    expect(c.notes.some((n) => n.includes('原55周岁一档'))).toBe(true);
    expect(
      buildForm(k, B, {
        staff_type: 'institution',
        retire_type: 'normal',
        one_child: true,
        housing_fund_withdraw: true,
        has_annuity: true,
        medical_years: 'enough',
      }).fields.map((f) => f.id),
    ).toEqual(expect.arrayContaining(['annuity_payout', 'one_child_name', 'retiree_housing_fund_account']));
  });

  it('a 公务员 choosing 弹性提前退休, short of 医保 years, no 光荣证, 公积金 kept, no 年金', () => {
    const c = buildChecklist(
      k,
      B,
      {
        staff_type: 'civil_servant',
        retire_type: 'flexible_early',
        one_child: false,
        housing_fund_withdraw: false,
        has_annuity: false,
        medical_years: 'not_enough',
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual([
      'retirement-approval-cadre',
      'staffing-reduction',
      'salary-stop',
      'public-pension-entitlement',
      'retiree-medical-insurance',
    ]);
    expect(c.items[0]!.department).toBe('中共西安市未央区委组织部');
    exactly(c.bring, [
      'id-card@本人',
      'retirement-approval-form@单位',
      'retiree-personnel-file@单位',
      'retirement-request@本人',
      'bank-card@本人',
      'medical-topup-application@本人',
      'merged-application-form',
    ]);
    exactly(c.shared, ['retirement-approval-result']);
    expect(keys(c.bring)).not.toContain('one-child-glory-certificate@本人');
    expect(c.time.promisedDays).toBe(25);
    expect(c.time.path).toEqual(['retirement-approval-cadre', 'public-pension-entitlement', 'retiree-medical-insurance']);
    expect(c.outputs).not.toContain('职业年金待遇（按选择的方式发放）');
    expect(c.notes.some((n) => n.includes('弹性提前退休须已达到最低缴费年限'))).toBe(true);
    expect(c.notes.some((n) => n.includes('一次性补缴'))).toBe(true);
  });

  it('a 工勤 worker retiring on illness: 劳动能力鉴定 first, its conclusion shared with the approval', () => {
    const answers = {
      staff_type: 'worker',
      retire_type: 'illness',
      one_child: false,
      housing_fund_withdraw: true,
      has_annuity: true,
      medical_years: 'unknown',
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.items.map((i) => i.id)).toEqual([
      'labour-ability-appraisal',
      'retirement-approval',
      'staffing-reduction',
      'salary-stop',
      'public-pension-entitlement',
      'occupational-annuity-payout',
      'retiree-medical-insurance',
      'housing-fund-retirement-withdrawal',
    ]);
    exactly(c.bring, [
      'id-card@本人',
      'illness-medical-records@本人',
      'appraisal-unit-request@单位',
      'retirement-approval-form@单位',
      'retiree-personnel-file@单位',
      'bank-card@本人',
      'merged-application-form',
    ]);
    exactly(c.shared, ['labour-ability-conclusion@本人', 'retirement-approval-result']);
    expect(keys(c.bring)).not.toContain('medical-topup-application@本人');
    expect(c.time.promisedDays).toBe(60);
    expect(c.time.path).toEqual(['labour-ability-appraisal', 'retirement-approval', 'public-pension-entitlement', 'occupational-annuity-payout']);
    expect(c.outputs[0]).toBe('劳动能力鉴定结论书');
    expect(c.notes.some((n) => n.includes('原50周岁一档'))).toBe(true);
    expect(answerFaq(k, B, 'time', answers).map((f) => f.id)).toEqual(['retire-time', 'retire-time-illness']);
  });

  it('特殊工种 and 弹性延迟 each add only their own unit material', () => {
    const rest = { one_child: false, housing_fund_withdraw: false, has_annuity: false, medical_years: 'enough' };
    const special = buildChecklist(k, B, { staff_type: 'worker', retire_type: 'special_work', ...rest }, { today });
    const late = buildChecklist(k, B, { staff_type: 'institution', retire_type: 'flexible_late', ...rest }, { today });
    const base = ['id-card@本人', 'retirement-approval-form@单位', 'retiree-personnel-file@单位', 'bank-card@本人', 'merged-application-form'];
    exactly(special.bring, [...base, 'special-work-record@单位']);
    exactly(late.bring, [...base, 'flexible-delay-agreement@单位']);
    expect(special.time.promisedDays).toBe(25);
  });
});
