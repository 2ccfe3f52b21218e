import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KnowledgeError, loadKnowledge, type Knowledge, type Problem } from '../../src/knowledge/load.js';
import { buildChecklist, reductionReport } from '../../src/engine/index.js';
import { keys } from './checklist-keys.js';

const today = '2026-11-28';
const B = 'road-excavation';

/** The mini fixture, with the transfer item also needing the 结婚证 under the given `shared` override. */
function fixtureWith(need: string): { k?: Knowledge; problems: Problem[] } {
  const dir = mkdtempSync(join(tmpdir(), 'yjs-shared-'));
  cpSync(join(import.meta.dirname, '../fixtures/mini'), dir, { recursive: true });
  const file = join(dir, 'knowledge/items/road-excavation.yaml');
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      '      - { material: tax-receipt, why: 完税后才能登记 }',
      `      - { material: tax-receipt, why: 完税后才能登记 }\n      - ${need}`,
    ),
  );
  try {
    return { k: loadKnowledge(dir, { requireAllBundles: false }), problems: [] };
  } catch (e) {
    if (e instanceof KnowledgeError) return { problems: e.problems };
    throw e;
  }
}
const situation = (area: number) => ({ married: true, has_loan: false, area, price: 1_000_000 });

describe("a need's shared override", () => {
  // taxes needs the 结婚证 (shared, no override) before transfer needs it with one
  const { k } = fixtureWith(
    '{ material: marriage, when: married, why: 登记核验, shared: { when: "area > 100", note: 小面积的请带结婚证原件, source: fx, effective: 2020-01-01 } }',
  );

  it('makes the holder bring it where its condition fails, once, with its note, even when another item finds it shared', () => {
    const c = buildChecklist(k!, B, situation(90), { today });
    expect(keys(c.bring)).toContain('marriage');
    expect(keys(c.shared)).not.toContain('marriage');
    const line = c.bring.find((m) => m.key === 'marriage')!;
    expect(line.items.map((i) => i.id)).toEqual(['taxes', 'transfer']);
    expect(line.sharedSource).toBeUndefined();
    expect(line.note).toBe('小面积的请带结婚证原件');
  });

  it('leaves it shared where its condition holds', () => {
    const c = buildChecklist(k!, B, situation(120), { today });
    expect(keys(c.shared)).toContain('marriage');
    expect(keys(c.bring)).not.toContain('marriage');
  });

  it('counts it as not always shared in the reduction figures', () => {
    expect(reductionReport(k!, B)).toMatchObject({ sharedMaterials: 0, materialsAfter: 4 });
  });

  it('is ignored before it takes effect', () => {
    const later = fixtureWith('{ material: marriage, when: married, why: 登记核验, shared: { when: "area > 100", source: fx, effective: 2030-01-01 } }').k!;
    expect(keys(buildChecklist(later, B, situation(90), { today }).shared)).toContain('marriage');
    expect(keys(buildChecklist(later, B, situation(90), { today: '2030-01-01' }).bring)).toContain('marriage');
  });

  it('without a condition, never shared for that need', () => {
    const never = fixtureWith('{ material: marriage, when: married, why: 登记核验, shared: { source: fx, effective: 2020-01-01 } }').k!;
    expect(keys(buildChecklist(never, B, situation(120), { today }).bring)).toContain('marriage');
  });

  it('is checked: its condition against the questions, and only on a material the catalogue shares', () => {
    const typo = fixtureWith('{ material: marriage, why: x, shared: { when: "aera > 100", source: fx, effective: 2020-01-01 } }').problems;
    expect(typo.map((p) => `${p.path} ${p.message}`).join('\n')).toMatch(/「transfer」\.materials\[2\]\.shared\.when.*aera/);
    const notShared = fixtureWith('{ material: deed, why: x, shared: { when: "area > 100", source: fx, effective: 2020-01-01 } }').problems;
    expect(notShared.map((p) => p.message)).toContain('材料「deed」在材料目录中不是共享获取的，这里的 shared 不起作用（只能收窄共享，不能新增）');
    const noSource = fixtureWith('{ material: marriage, why: x, shared: { when: "area > 100" } }').problems;
    expect(noSource.map((p) => p.path)).toContain('items[2].materials[2].shared.source');
  });
});

describe('户口簿 and 结婚证 that shared data cannot supply are to be brought (shipped knowledge)', () => {
  const k = loadKnowledge();
  const shh = {
    transfer_kind: 'sale',
    seller_type: 'person',
    buyer_type: 'person',
    house_usage: 'residential',
    house_type: 'commodity',
    seller_marital: 'married',
    seller_spouse_signs: 'cosign',
    seller_marriage_reg: 'shaanxi',
    co_owners: false,
    minor_owner: false,
    seller_agent: false,
    buyer_agent: false,
    buyer_co_buyers: false,
    seller_mortgage: 'none',
    buyer_loan: false,
    held_years: 'ge5',
    seller_only_home: true,
    seller_hukou: 'local',
    buyer_homes: 'first',
    buyer_hukou: 'local',
    buyer_marital: 'married',
    buyer_marriage_reg: 'shaanxi',
    area: 90,
    price: 1_200_000,
    utilities: [],
  };
  const where = (c: ReturnType<typeof buildChecklist>, key: string) =>
    c.bring.some((m) => m.key === key) ? 'bring' : c.shared.some((m) => m.key === key) ? 'shared' : 'absent';

  it("二手房: a buyer from outside Xi'an married in another province brings both; the local seller brings neither", () => {
    const c = buildChecklist(k, 'second-hand-house', { ...shh, buyer_hukou: 'other', buyer_marriage_reg: 'other' }, { today });
    expect(c.complete).toBe(true);
    expect(where(c, 'household-register@买方')).toBe('bring');
    expect(where(c, 'marriage-certificate@买方')).toBe('bring');
    expect(where(c, 'household-register@卖方')).toBe('shared');
    expect(where(c, 'marriage-certificate@卖方')).toBe('shared');
    expect(c.bring.find((m) => m.key === 'household-register@买方')!.note).toContain('外地户籍');
    expect(c.bring.find((m) => m.key === 'marriage-certificate@买方')!.sharedSource).toBeUndefined();
  });

  it('二手房: a seller married outside Shaanxi brings the 结婚证 once, for both the tax and the transfer items', () => {
    const c = buildChecklist(k, 'second-hand-house', { ...shh, seller_marriage_reg: 'other', seller_hukou: 'other' }, { today });
    const line = c.bring.find((m) => m.key === 'marriage-certificate@卖方')!;
    expect(line.items.map((i) => i.id)).toEqual(['resale-tax-payment', 'resale-transfer-registration']);
    expect(where(c, 'household-register@卖方')).toBe('bring');
    expect(where(c, 'household-register@买方')).toBe('shared');
  });

  it('交房: a non-local buyer of a first home brings the 户口簿', () => {
    const c = buildChecklist(
      k,
      'new-home-certificate',
      {
        applicant_role: 'buyer',
        property_use: 'residential',
        ownership: 'with_spouse',
        share_type: 'joint',
        certificate_each: false,
        marriage_reg: 'shaanxi',
        homes: 'first',
        buyer_hukou: 'other',
        area: 100,
        price: 1_090_000,
        mortgage: false,
        fund_paid: true,
        has_agent: false,
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(where(c, 'household-register@购房人')).toBe('bring');
    expect(where(c, 'marriage-certificate')).toBe('shared');
  });

  it('出生: parents married outside Shaanxi bring the 结婚证', () => {
    const c = buildChecklist(
      k,
      'birth',
      {
        parents_married: true,
        household_parent: 'father',
        household_place: 'district',
        marriage_reg: 'other',
        birth_place: 'city_hospital',
        children: 1,
        wants: [],
        has_agent: false,
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(where(c, 'marriage-certificate')).toBe('bring');
    expect(where(c, 'household-register@父亲')).toBe('shared');
  });

  it('终老: a spouse married before 2003 or elsewhere brings the 结婚证 to claim the balances', () => {
    const c = buildChecklist(
      k,
      'end-of-life',
      {
        death_place: 'hospital',
        deceased_hukou: 'district',
        pension_type: 'none',
        housing_fund: 'none',
        medical_balance: 'has',
        applicant: 'spouse',
        marriage_reg: 'other',
        has_agent: false,
        heir_proof: 'commit',
        cancellations: [],
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(where(c, 'marriage-certificate@申请人')).toBe('bring');
  });
});
