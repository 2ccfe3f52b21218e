import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, buildForm, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'utility-connection';
const today = '2026-11-28';

describe('水电气暖报装一件事', () => {
  it('asks the capacity only for business power, and the building only for businesses', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('services');
    expect(nextQuestion(k, B, { services: ['heating'], customer_type: 'resident' })?.id).toBe('premises');
    expect(nextQuestion(k, B, { services: ['power'], customer_type: 'enterprise', request_kind: 'new' })?.id).toBe('building');
    expect(nextQuestion(k, B, { services: ['power'], customer_type: 'enterprise', request_kind: 'new', building: 'project' })?.id).toBe('power_kw');
    // an increase at an existing address involves no new outside works
    expect(
      nextQuestion(k, B, { services: ['water'], customer_type: 'enterprise', request_kind: 'increase', building: 'existing', premises: 'own' }),
    ).toBeNull();
  });

  it('family in their own new flat: water, power, gas and broadband, ID and property certificate only', () => {
    const c = buildChecklist(
      k,
      B,
      {
        services: ['water', 'power', 'gas', 'broadband'],
        customer_type: 'resident',
        request_kind: 'new',
        premises: 'own',
        external_dig: false,
        has_agent: false,
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['uc-water', 'uc-power-resident', 'uc-gas', 'uc-broadband']);
    exactly(c.bring, ['merged-application-form', 'id-card@申请人', 'property-certificate@产权人']);
    expect(c.shared).toEqual([]);
    for (const absent of [
      'business-licence@申请单位',
      'lease-contract',
      'owner-consent@出租方',
      'power-load-list',
      'gas-appliance-list',
      'construction-planning-permit',
    ]) {
      expect(keys(c.bring)).not.toContain(absent);
    }
    expect(c.charges.lines).toEqual([]);
    expect(c.time.promisedDays).toBe(5);
    expect(c.outputs).toEqual(['用水户号', '水表安装通水', '用电户号', '电表安装送电', '燃气户号', '燃气表安装通气', '宽带（有线电视）开通']);
    expect(c.related).toEqual([]);
    expect(c.notes.some((n) => n.includes('安全检查'))).toBe(true);
  });

  it('small shop renting its premises, 100 kW: 三零 low-voltage power, landlord consent, licence fetched', () => {
    const c = buildChecklist(
      k,
      B,
      {
        services: ['power', 'water'],
        customer_type: 'enterprise',
        request_kind: 'new',
        building: 'existing',
        premises: 'lease',
        power_kw: 100,
        external_dig: false,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['uc-water', 'uc-power-low']);
    exactly(c.bring, [
      'merged-application-form',
      'power-of-attorney@申请单位',
      'id-card@经办人',
      'lease-contract',
      'property-certificate@出租方',
      'owner-consent@出租方',
      'power-load-list',
    ]);
    exactly(c.shared, ['business-licence@申请单位']);
    expect(keys(c.bring)).not.toContain('power-design-docs');
    expect(c.time.promisedDays).toBe(5);
    expect(c.notes.some((n) => n.includes('三零'))).toBe(true);
  });

  it('new factory project of 400 kW with outside works under the road: joint survey first, high voltage, road bundle linked', () => {
    const c = buildChecklist(
      k,
      B,
      {
        services: ['water', 'power', 'gas', 'heating'],
        customer_type: 'enterprise',
        request_kind: 'new',
        building: 'project',
        power_kw: 400,
        external_dig: true,
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['uc-joint-survey', 'uc-water', 'uc-power-high', 'uc-gas', 'uc-heating']);
    exactly(c.bring, [
      'merged-application-form',
      'power-of-attorney@申请单位',
      'id-card@经办人',
      'site-master-plan',
      'pipeline-drawing',
      'power-load-list',
      'power-design-docs',
      'gas-appliance-list',
    ]);
    exactly(c.shared, ['business-licence@申请单位', 'construction-planning-permit']);
    for (const absent of ['property-certificate@产权人', 'lease-contract', 'id-card@申请人']) expect(keys(c.bring)).not.toContain(absent);
    expect(c.time.promisedDays).toBe(17);
    expect(c.time.path).toEqual(['uc-joint-survey', 'uc-power-high']);
    expect(c.related.map((r) => r.bundle)).toEqual(['road-excavation']);
    expect(c.outputs).toContain('供电方案答复书');
  });

  it('tenant raising the power of a rented flat through an agent: old account number on the form', () => {
    const answers = { services: ['power'], customer_type: 'resident', request_kind: 'increase', premises: 'lease', has_agent: true };
    const c = buildChecklist(k, B, answers, { today });
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['uc-power-resident']);
    exactly(c.bring, [
      'merged-application-form',
      'id-card@申请人',
      'lease-contract',
      'property-certificate@出租方',
      'owner-consent@出租方',
      'power-of-attorney@申请人',
      'id-card@代理人',
    ]);
    expect(c.time.promisedDays).toBe(3);
    expect(c.related).toEqual([]);
    expect(buildForm(k, B, answers).fields.map((f) => f.id)).toContain('uc_account_numbers');
  });
});
