import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createNlu } from '../../src/nlu/index.js';

const k = loadKnowledge();
const nlu = createNlu(k);
const house = k.dialogs.get('second-hand-house')!;

describe("services next to a bundle get a pointer; a bundle's own words keep the bundle", () => {
  it('business changes, annual reports, tax refunds, civil-service exams and renting out are pointed elsewhere', () => {
    const cases: [string, string][] = [
      ['想把店铺的经营范围改一下', 'business_change'],
      ['给公司换个法人', 'business_change'],
      ['个体户年检在哪弄', 'business_change'],
      ['今年的个税汇算咋弄', 'income_tax'],
      ['我有套空房想租出去要去哪备案', 'house_rental'],
      ['省考啥时候报名', 'civil_service_exam'],
      ['教师编笔试成绩在哪查', 'civil_service_exam'],
    ];
    for (const [text, id] of cases) {
      const r = nlu.parse(text);
      expect(r.outOfScope, text).toBe(true);
      expect(r.pointer?.id, text).toBe(id);
      expect(r.pointer?.say, text).toMatch(/12345|12366|12315/);
    }
  });
  it("the same words with a bundle's own matter stay in that bundle", () => {
    expect(nlu.parse('年报没报能注销公司吗').bundle).toBe('business-deregistration');
    expect(nlu.parse('卖房要交个税吗').bundle).toBe('second-hand-house');
    expect(nlu.parse('考上公务员了要办啥手续').bundle).toBe('public-onboarding');
    expect(nlu.parse('开公司要租个门面吗').bundle).toBe('business-startup');
  });
  it('a property sold by a company is a transfer of that property, not a business opening', () => {
    for (const text of ['公司要卖一个门面房', '厂子要把仓库卖了', '单位想卖几个车位']) expect(nlu.parse(text).bundle, text).toBe('second-hand-house');
    expect(nlu.parse('开个门面卖东西').bundle).toBe('business-startup');
  });
  it('a car transfer said mid-interview is pointed elsewhere at every question, and records nothing', () => {
    for (const q of house.questions) {
      const r = nlu.parse('二手车过户要带啥', { bundle: 'second-hand-house', question: q });
      expect(r.pointer?.id, q.id).toBe('car_transfer');
      expect(r.answers, q.id).toEqual({});
    }
  });
});
