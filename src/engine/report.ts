import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { compiledBundle } from './bundle.js';
import { planTime } from './time.js';

export interface Reduction {
  bundle: BundleId;
  name: string;
  items: number;
  departments: number;
  /** every material every item asks for on its own, summed (before the merge) */
  materialsBefore: number;
  /** distinct materials to hand in after the merge, minus those fetched from shared data */
  materialsAfter: number;
  sharedMaterials: number;
  fieldsBefore: number;
  /** distinct fields of the merged form, minus those prefilled from shared data */
  fieldsAfter: number;
  visitsBefore: number;
  visitsAfter: number;
  /** promised days one item after another vs in parallel */
  daysSerial: number;
  daysParallel: number;
  /** rules this bundle uses that are still marked `verify` (to confirm with the district), each once */
  verify: number;
}

/**
 * The rules a bundle rests on that still say `verify`: the bundle, its answers and blocks, its questions,
 * items, materials (and the needs that narrow shared data), charges and departments, each rule once.
 */
export function verifyCount(k: Knowledge, bundle: BundleId | string): number {
  const cb = compiledBundle(k, bundle);
  const marked = new Set<string>();
  const add = (kind: string, id: string, verify: boolean | undefined) => {
    if (verify) marked.add(`${kind}:${id}`);
  };
  add('bundle', cb.bundle.id, cb.bundle.verify);
  for (const f of cb.faq) add('faq', f.id, f.verify);
  for (const b of cb.blocks) add('block', b.id, b.verify);
  for (const q of cb.questions) add('question', q.id, q.verify);
  for (const d of new Set([...cb.bundle.lead, ...cb.bundle.cooperating, cb.bundle.window])) add('department', d, k.departments.get(d)?.verify);
  for (const ci of cb.items) {
    add('item', ci.item.id, ci.item.verify);
    add('department', ci.item.department, k.departments.get(ci.item.department)?.verify);
    ci.needs.forEach((n, i) => {
      add('material', n.material, k.materials.get(n.material)?.verify);
      add('need', `${ci.item.id}[${i}]`, n.shared?.verify);
    });
    for (const c of ci.charges) add('charge', c.charge.id, c.charge.verify);
  }
  return marked.size;
}

/**
 * The "减材料、减跑动" figures for a bundle, over every item and every situation it covers
 * (the widest case), so the numbers do not depend on one user's answers.
 */
export function reductionReport(k: Knowledge, bundle: BundleId | string): Reduction {
  const cb = compiledBundle(k, bundle);
  const items = cb.items;
  const keys = new Set<string>();
  // shared in every situation: the catalogue shares it unconditionally and no need narrows that
  const alwaysShared = new Map<string, boolean>();
  let materialsBefore = 0;
  for (const ci of items) {
    for (const n of ci.needs) {
      materialsBefore++;
      const mat = k.materials.get(n.material)!;
      const key = n.holder ? `${mat.id}@${n.holder}` : mat.id;
      keys.add(key);
      const always = mat.shared !== undefined && !mat.shared.when && !n.shared;
      alwaysShared.set(key, (alwaysShared.get(key) ?? true) && always);
    }
  }
  const sharedKeys = [...alwaysShared].filter(([, always]) => always);
  const fieldIds = new Set<string>();
  let fieldsBefore = 0;
  for (const ci of items) {
    for (const f of ci.fields) {
      fieldsBefore++;
      fieldIds.add(f.field.id);
    }
  }
  const sharedFields = [...fieldIds].filter((id) => k.fields.get(id)?.shared).length;
  const depts = new Set(items.map((ci) => ci.item.department));
  const time = planTime(items.map((ci) => ci.item));
  return {
    bundle: cb.bundle.id,
    name: cb.bundle.name,
    items: items.length,
    departments: depts.size,
    materialsBefore,
    materialsAfter: keys.size - sharedKeys.length,
    sharedMaterials: sharedKeys.length,
    fieldsBefore,
    fieldsAfter: fieldIds.size - sharedFields,
    visitsBefore: cb.bundle.visits.before,
    visitsAfter: cb.bundle.visits.after,
    daysSerial: time.serialDays,
    daysParallel: time.promisedDays,
    verify: verifyCount(k, bundle),
  };
}
