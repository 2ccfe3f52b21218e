import { describe, expect, it } from 'vitest';
import { idCardProblem, usccProblem, isMobile, validateField, idCardFacts } from '../../src/engine/validate/index.js';

describe('identifier checks (identifiers.md)', () => {
  it('accepts the documented ID number, lowercase x too, and reads birth date and sex', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(idCardProblem('11010519491231002x')).toBeNull();
    expect(idCardFacts('11010519491231002X')).toEqual({ birthDate: '1949-12-31', sex: '女' });
  });
  it('names what is wrong with a bad ID number', () => {
    expect(idCardProblem('110105194912310021')).toBe('check');
    expect(idCardProblem('1101051949123100')).toBe('length');
    expect(idCardProblem('11010519490231002X')).toBe('birthdate');
    expect(idCardProblem('110105209912310027', new Date('2026-11-28'))).toBe('future');
    expect(validateField('idcard', '110105194912310021')).toEqual({ ok: false, message: expect.stringContaining('校验码') });
  });
  it('checks unified social credit codes', () => {
    expect(usccProblem('91350100M000100Y43')).toBeNull();
    expect(usccProblem('91350100M000100Y44')).toBe('check');
    expect(usccProblem('91350100M000100YI3')).toBe('chars');
  });
  it('checks phones and normalises values', () => {
    expect(isMobile('13812345678')).toBe(true);
    expect(isMobile('+86 138-1234-5678')).toBe(true);
    expect(isMobile('12812345678')).toBe(false);
    expect(validateField('date', '2024年5月1日')).toEqual({ ok: true, value: '2024-05-01' });
    expect(validateField('date', '2024-02-30').ok).toBe(false);
    expect(validateField('money', '1,200,000元')).toEqual({ ok: true, value: 1200000 });
    expect(validateField('name', '阿依古丽·买买提')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(validateField('name', '张3').ok).toBe(false);
  });
});
