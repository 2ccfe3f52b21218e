import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, nextQuestion } from '../../src/engine/index.js';
import { exactly, keys } from './checklist-keys.js';

const k = loadKnowledge();
const B = 'road-excavation';
const today = '2026-11-28';
// what a company hands in for any road permit, through its 经办人
const companyBase = ['merged-application-form', 'power-of-attorney@申请单位', 'id-card@经办人', 'construction-plan@施工单位', 'site-location-plan'];
const charges = (c: ReturnType<typeof buildChecklist>) => c.charges.lines.map((l) => [l.id, l.amount]);

describe('挖掘占道办理一件事', () => {
  it('asks about pipelines and emergencies only for digging, and about traffic only off the carriageway', () => {
    expect(nextQuestion(k, B, {})?.id).toBe('work_type');
    expect(nextQuestion(k, B, { work_type: 'occupy' })?.id).toBe('road_parts');
    expect(nextQuestion(k, B, { work_type: 'dig' })?.id).toBe('pipeline_kind');
    expect(nextQuestion(k, B, { work_type: 'dig', pipeline_kind: 'new_pipeline' })?.id).toBe('road_parts');
    expect(nextQuestion(k, B, { work_type: 'dig', pipeline_kind: 'repair_pipeline' })?.id).toBe('emergency');
    expect(nextQuestion(k, B, { work_type: 'occupy', road_parts: ['motor'] })?.id).toBe('greenery');
    expect(nextQuestion(k, B, { work_type: 'occupy', road_parts: ['sidewalk'] })?.id).toBe('traffic_affected');
    expect(nextQuestion(k, B, { work_type: 'occupy', road_parts: ['sidewalk'], traffic_affected: false, greenery: [] })?.id).toBe('days');
  });

  it('company laying a new pipeline across the carriageway and moving two trees', () => {
    const c = buildChecklist(
      k,
      B,
      {
        work_type: 'dig',
        pipeline_kind: 'new_pipeline',
        road_parts: ['motor', 'sidewalk'],
        greenery: ['trees'],
        tree_count: 2,
        days: 10,
        area: 50,
        dig_area: 20,
        applicant_type: 'company',
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual([
      'road-permit',
      'road-traffic-permit',
      'road-tree-permit',
      'road-occupation-fee',
      'road-repair-fee',
      'road-green-compensation',
    ]);
    exactly(c.bring, [
      ...companyBase,
      'pipeline-planning-permit',
      'restoration-guarantee',
      'traffic-organisation-plan',
      'tree-list',
      'greening-restoration-plan',
    ]);
    exactly(c.shared, ['business-licence@申请单位']);
    for (const absent of ['emergency-repair-report', 'id-card@申请人', 'id-card@代理人']) expect(keys(c.bring)).not.toContain(absent);
    // 50㎡ × 10 days × 3; 20㎡ × 600; 2 trees × 800
    expect(charges(c)).toEqual([
      ['road-occupation-fee-motor', 1500],
      ['road-repair-fee-motor', 12000],
      ['road-green-compensation-trees', 1600],
    ]);
    expect(c.charges.total).toBe(15100);
    expect(c.charges.lines.every((l) => l.estimate && l.verify)).toBe(true);
    // approvals in parallel: the tree approval (5 days) is the longest, fees follow at once
    expect(c.time.promisedDays).toBe(5);
    expect(c.related.map((r) => r.bundle)).toEqual(['utility-connection']);
    expect(c.notes.some((n) => n.includes('规划许可证'))).toBe(true);
    expect(c.outputs).toContain('城市道路占用（挖掘）许可决定书');
    expect(c.outputs).toContain('占道施工交通安全审批意见');
  });

  it('person occupying the pavement for a month without blocking anyone: one approval, occupation fee only', () => {
    const c = buildChecklist(
      k,
      B,
      {
        work_type: 'occupy',
        road_parts: ['sidewalk'],
        traffic_affected: false,
        greenery: [],
        days: 30,
        area: 20,
        applicant_type: 'individual',
        has_agent: false,
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.items.map((i) => i.id)).toEqual(['road-permit', 'road-occupation-fee']);
    exactly(c.bring, ['merged-application-form', 'id-card@申请人', 'construction-plan@施工单位', 'site-location-plan']);
    expect(c.shared).toEqual([]);
    for (const absent of [
      'restoration-guarantee',
      'traffic-organisation-plan',
      'business-licence@申请单位',
      'pipeline-planning-permit',
      'greening-restoration-plan',
    ]) {
      expect(keys(c.bring)).not.toContain(absent);
    }
    // 20㎡ × 30 days × 1.5
    expect(charges(c)).toEqual([['road-occupation-fee-sidewalk', 900]]);
    expect(c.time.promisedDays).toBe(3);
    expect(c.related).toEqual([]);
    expect(c.outputs).not.toContain('城市道路挖掘修复费缴费票据');
  });

  it('emergency repair of a burst main under the cycle lane, using a patch of green: report instead of planning permit', () => {
    const c = buildChecklist(
      k,
      B,
      {
        work_type: 'dig',
        pipeline_kind: 'repair_pipeline',
        emergency: true,
        road_parts: ['non_motor'],
        traffic_affected: true,
        greenery: ['green'],
        green_area: 10,
        days: 3,
        area: 12,
        dig_area: 6,
        applicant_type: 'company',
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual([
      'road-permit',
      'road-traffic-permit',
      'road-green-occupation',
      'road-occupation-fee',
      'road-repair-fee',
      'road-green-compensation',
    ]);
    exactly(c.bring, [...companyBase, 'emergency-repair-report', 'restoration-guarantee', 'traffic-organisation-plan', 'greening-restoration-plan']);
    expect(keys(c.bring)).not.toContain('pipeline-planning-permit');
    expect(keys(c.bring)).not.toContain('tree-list');
    // 12㎡ × 3 days × 2; 6㎡ × 450; 10㎡ × 100
    expect(charges(c)).toEqual([
      ['road-occupation-fee-non-motor', 72],
      ['road-repair-fee-non-motor', 2700],
      ['road-green-compensation-area', 1000],
    ]);
    expect(c.charges.total).toBe(3772);
    expect(c.notes.some((n) => n.includes('24小时'))).toBe(true);
    expect(c.time.promisedDays).toBe(5);
    expect(c.related).toEqual([]);
  });

  it('person digging the pavement through a builder as agent: no traffic approval', () => {
    const c = buildChecklist(
      k,
      B,
      {
        work_type: 'dig',
        pipeline_kind: 'other',
        road_parts: ['sidewalk'],
        traffic_affected: false,
        greenery: [],
        days: 5,
        area: 8,
        dig_area: 4,
        applicant_type: 'individual',
        has_agent: true,
      },
      { today },
    );
    expect(c.items.map((i) => i.id)).toEqual(['road-permit', 'road-occupation-fee', 'road-repair-fee']);
    exactly(c.bring, [
      'merged-application-form',
      'id-card@申请人',
      'power-of-attorney@申请人',
      'id-card@代理人',
      'construction-plan@施工单位',
      'site-location-plan',
      'restoration-guarantee',
    ]);
    // 8㎡ × 5 days × 1.5; 4㎡ × 260
    expect(charges(c)).toEqual([
      ['road-occupation-fee-sidewalk', 60],
      ['road-repair-fee-sidewalk', 1040],
    ]);
    expect(c.time.promisedDays).toBe(3);
  });
});
