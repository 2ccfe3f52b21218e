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
  writeFileSync(file, readFileSync(file, 'utf8').replace('      - { material: tax-receipt, why: 完税后才能登记 }', `      - { material: tax-receipt, why: 完税后才能登记 }\n      - ${need}`));
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
  const { k } = fixtureWith('{ material: marriage, when: married, why: 登记核验, shared: { when: "area > 100", note: 小面积的请带结婚证原件, source: fx, effective: 2020-01-01 } }');

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
