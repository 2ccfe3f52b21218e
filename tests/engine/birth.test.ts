import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'birth';
const today = '2026-11-28';

describe('出生一件事 situations', () => {
  it('asks the payment question only for families who chose 医保, and finishes after 代办', () => {
    const base = {
      parents_married: true,
      household_parent: 'father',
      household_place: 'district',
      marriage_reg: 'shaanxi',
      birth_place: 'city_hospital',
      children: 1,
    };
    expect(nextQuestion(k, B, {})?.id).toBe('parents_married');
    expect(nextQuestion(k, B, { ...base, wants: [] })?.id).toBe('has_agent');
    expect(nextQuestion(k, B, { ...base, wants: ['insurance'] })?.id).toBe('insurance_payment');
    expect(nextQuestion(k, B, { ...base, wants: [], has_agent: false })).toBeNull();
  });

  it("married, 随父落户 in 未央, born in a Xi'an hospital, 医保 paid online and 社保卡", () => {
    const answers = {
      parents_married: true,
      household_parent: 'father',
      household_place: 'district',
      marriage_reg: 'shaanxi',
      birth_place: 'city_hospital',
      children: 1,
      wants: ['insurance', 'social_card'],
      insurance_payment: 'online',
      has_agent: false,
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual([
      'birth-medical-certificate',
      'birth-hukou',
      'vaccination-certificate',
      'child-health-record',
      'birth-medical-insurance',
      'birth-social-security-card',
    ]);
    exactly(c.bring, ['id-card@母亲', 'id-card@父亲', 'merged-application-form']);
    exactly(c.shared, ['birth-medical-certificate@新生儿', 'hospital-vaccination-record@新生儿', 'household-register@父亲', 'marriage-certificate']);
    const all = keys([...c.bring, ...c.shared, ...c.maybe]);
    for (const absent of [
      'non-marital-birth-statement',
      'paternity-test@父亲与孩子',
      'bank-card@监护人',
      'household-register@母亲',
      'foreign-birth-certificate@新生儿',
      'power-of-attorney@父母',
    ]) {
      expect(all).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(6);
    expect(c.time.path).toEqual(['birth-medical-certificate', 'birth-hukou', 'birth-social-security-card']);
    expect(c.charges.lines.map((l) => [l.id, l.amount])).toEqual([['resident-medical-insurance-newborn', 400]]);
    expect(c.outputs).toEqual([
      '出生医学证明',
      '户口簿（孩子的户口页）',
      '公民身份号码',
      '预防接种证',
      '儿童健康管理档案',
      '城乡居民医保参保登记',
      '社会保障卡',
    ]);
    expect(c.outputs).not.toContain('家庭医生签约服务协议');
  });

  it("unmarried, 随父落户 elsewhere in Xi'an, twins born in another city, grandparents act for the parents", () => {
    const answers = {
      parents_married: false,
      household_parent: 'father',
      household_place: 'city',
      birth_place: 'other_hospital',
      children: 2,
      wants: [],
      has_agent: true,
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.items.map((i) => i.id)).toEqual(['birth-hukou', 'vaccination-certificate', 'child-health-record']);
    exactly(c.bring, [
      'birth-medical-certificate@新生儿',
      'hospital-vaccination-record@新生儿',
      'id-card@代理人',
      'id-card@母亲',
      'id-card@父亲',
      'merged-application-form',
      'non-marital-birth-statement',
      'paternity-test@父亲与孩子',
      'power-of-attorney@父母',
    ]);
    exactly(c.shared, ['household-register@父亲']);
    expect(keys([...c.bring, ...c.shared])).not.toContain('marriage-certificate');
    expect(c.time.promisedDays).toBe(1);
    expect(c.charges.lines).toEqual([]);
    expect(c.notes.some((n) => n.includes('双胞胎'))).toBe(true);
    expect(c.notes.some((n) => n.includes('亲子鉴定意见书'))).toBe(true);
    expect(c.notes.some((n) => n.includes('全市通办'))).toBe(true);
    const form = buildForm(k, B, answers).fields.map((f) => f.id);
    expect(form).toEqual(expect.arrayContaining(['child_2_name', 'child_2_sex', 'agent_name', 'father_id_number']));
    expect(form).not.toContain('child_3_name');
  });

  it("unmarried mother with a household outside Xi'an, child born abroad, 医保 by bank deduction", () => {
    const answers = {
      parents_married: false,
      household_parent: 'mother',
      household_place: 'outside',
      birth_place: 'abroad',
      children: 1,
      wants: ['insurance'],
      insurance_payment: 'bank',
      has_agent: false,
    };
    const c = buildChecklist(k, B, answers, { today });
    // 落户 goes to the home town; no 出生医学证明 is issued for a birth abroad
    expect(c.items.map((i) => i.id)).toEqual(['vaccination-certificate', 'child-health-record', 'birth-medical-insurance']);
    exactly(c.bring, ['bank-card@监护人', 'foreign-vaccination-record@新生儿', 'id-card@母亲', 'merged-application-form', 'xa-residence-permit@父母一方']);
    expect(c.shared).toEqual([]);
    const all = keys([...c.bring, ...c.shared]);
    for (const absent of [
      'foreign-birth-certificate@新生儿',
      'child-travel-document@新生儿',
      'id-card@父亲',
      'birth-medical-certificate@新生儿',
      'household-register@母亲',
    ]) {
      expect(all).not.toContain(absent);
    }
    expect(c.time.promisedDays).toBe(0);
    expect(c.outputs).not.toContain('户口簿（孩子的户口页）');
    expect(c.notes.some((n) => n.includes('回户籍所在地派出所'))).toBe(true);
  });

  it('married, 随母落户 in 未央, triplets born at home, with 家庭医生', () => {
    const answers = {
      parents_married: true,
      household_parent: 'mother',
      household_place: 'district',
      marriage_reg: 'shaanxi',
      birth_place: 'outside_hospital',
      children: 3,
      wants: ['family_doctor'],
      has_agent: false,
    };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.items.map((i) => i.id)).toEqual([
      'birth-certificate-outside-hospital',
      'birth-hukou',
      'vaccination-certificate',
      'child-health-record',
      'family-doctor',
    ]);
    exactly(c.bring, ['home-birth-proof', 'id-card@母亲', 'id-card@父亲', 'merged-application-form', 'paternity-test@母亲与孩子', 'postnatal-check-record']);
    // the certificate is issued here after the check, then shared with 公安
    exactly(c.shared, ['birth-medical-certificate@新生儿', 'household-register@母亲', 'marriage-certificate']);
    expect(keys([...c.bring, ...c.shared])).not.toContain('hospital-vaccination-record@新生儿');
    expect(c.time.promisedDays).toBe(11);
    expect(c.time.path).toEqual(['birth-certificate-outside-hospital', 'birth-hukou']);
    expect(c.outputs).toContain('家庭医生签约服务协议');
    expect(buildForm(k, B, answers).fields.map((f) => f.id)).toEqual(expect.arrayContaining(['child_3_name', 'child_birth_place']));
  });

  it('abroad birth registered in 未央 needs the foreign certificate, translation and travel document', () => {
    const c = buildChecklist(
      k,
      B,
      {
        parents_married: true,
        household_parent: 'father',
        household_place: 'district',
        marriage_reg: 'shaanxi',
        birth_place: 'abroad',
        children: 1,
        wants: [],
        has_agent: false,
      },
      { today },
    );
    exactly(c.bring, [
      'child-travel-document@新生儿',
      'foreign-birth-certificate@新生儿',
      'foreign-birth-translation@新生儿',
      'foreign-vaccination-record@新生儿',
      'id-card@母亲',
      'id-card@父亲',
      'merged-application-form',
      'nationality-statement',
    ]);
    exactly(c.shared, ['household-register@父亲', 'marriage-certificate']);
    expect(c.verify).toBe(true);
  });
});
