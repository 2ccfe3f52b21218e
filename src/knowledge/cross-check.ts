import type { Knowledge } from './model.js';
import type { Problem } from './problems.js';
import { BUNDLE_IDS, DOCUMENT_BUILTINS, placeholders } from './schema/index.js';

/** References between files: every id named must exist, and every catalogue entry must be used. */
export function crossCheck(k: Knowledge, problems: Problem[], requireAll: boolean): void {
  const at = (kind: string, id: string) => k.origin.get(`${kind}:${id}`) ?? '?';
  const dept = (file: string, path: string, id: string) => {
    if (!k.departments.has(id)) problems.push({ file, path, message: `部门「${id}」不存在（请在 knowledge/departments/ 中定义）` });
  };

  for (const id of BUNDLE_IDS) {
    if (!k.bundles.has(id) && !requireAll) continue;
    if (!k.bundles.has(id)) problems.push({ file: `knowledge/bundles/${id}.yaml`, path: '', message: `缺少一件事「${id}」的定义` });
    else if (!k.dialogs.has(id)) problems.push({ file: `dialogs/${id}.yaml`, path: '', message: `缺少一件事「${id}」的情形问题` });
  }

  const usedItems = new Set<string>();
  for (const b of k.bundles.values()) {
    const file = at('bundle', b.id);
    b.lead.forEach((d, i) => {
      dept(file, `lead[${i}]`, d);
    });
    b.cooperating.forEach((d, i) => {
      dept(file, `cooperating[${i}]`, d);
    });
    dept(file, 'window', b.window);
    b.items.forEach((ref, i) => {
      usedItems.add(ref.item);
      if (!k.items.has(ref.item)) problems.push({ file, path: `items[${i}].item`, message: `事项「${ref.item}」不存在（请在 knowledge/items/ 中定义）` });
    });
    const windowDept = k.departments.get(b.window);
    if (windowDept && !windowDept.window) {
      problems.push({ file, path: 'window', message: `受理部门「${b.window}」没有写窗口地址和办公时间` });
    }
  }

  const usedMaterials = new Set<string>();
  const usedFields = new Set<string>();
  const usedCharges = new Set<string>();
  for (const it of k.items.values()) {
    const file = at('事项', it.id);
    const base = `「${it.id}」`;
    dept(file, `${base}.department`, it.department);
    if (!usedItems.has(it.id)) problems.push({ file, path: base, message: `事项「${it.id}」没有被任何一件事使用` });
    it.after.forEach((a, i) => {
      if (!k.items.has(a)) problems.push({ file, path: `${base}.after[${i}]`, message: `前置事项「${a}」不存在` });
      if (a === it.id) problems.push({ file, path: `${base}.after[${i}]`, message: '事项不能以自己为前置' });
    });
    it.materials.forEach((m, i) => {
      usedMaterials.add(m.material);
      if (!k.materials.has(m.material))
        problems.push({ file, path: `${base}.materials[${i}].material`, message: `材料「${m.material}」不在材料目录中（knowledge/materials/）` });
      else if (m.shared && !k.materials.get(m.material)!.shared) {
        problems.push({
          file,
          path: `${base}.materials[${i}].shared`,
          message: `材料「${m.material}」在材料目录中不是共享获取的，这里的 shared 不起作用（只能收窄共享，不能新增）`,
        });
      }
    });
    it.fields.forEach((f, i) => {
      usedFields.add(f.field);
      if (!k.fields.has(f.field)) problems.push({ file, path: `${base}.fields[${i}]`, message: `表单字段「${f.field}」不存在（knowledge/fields/）` });
    });
    it.charges.forEach((c, i) => {
      usedCharges.add(c);
      if (!k.charges.has(c)) problems.push({ file, path: `${base}.charges[${i}]`, message: `收费规则「${c}」不存在（knowledge/charges/）` });
    });
  }
  for (const m of k.materials.values()) {
    if (!usedMaterials.has(m.id))
      problems.push({ file: at('材料', m.id), path: `「${m.id}」`, message: `材料「${m.name}」没有任何事项需要，请删除或在事项中引用` });
  }
  for (const f of k.fields.values()) {
    if (!usedFields.has(f.id)) problems.push({ file: at('表单字段', f.id), path: `「${f.id}」`, message: `表单字段「${f.label}」没有任何事项使用` });
  }
  for (const c of k.charges.values()) {
    if (!usedCharges.has(c.id)) problems.push({ file: at('收费规则', c.id), path: `「${c.id}」`, message: `收费规则「${c.name}」没有任何事项引用` });
  }

  // a carried form value must be a field of each side's form, or it would be carried to nowhere
  const formOf = (b: string): Set<string> =>
    new Set((k.bundles.get(b as never)?.items ?? []).flatMap((i) => (k.items.get(i.item)?.fields ?? []).map((f) => (typeof f === 'string' ? f : f.field))));
  for (const b of k.bundles.values()) {
    b.related.forEach((r, i) => {
      for (const p of r.carry?.fields ?? []) {
        for (const [side, bundle, field] of [
          ['here', b.id, p.here],
          ['there', r.bundle, p.there],
        ] as const) {
          if (!formOf(bundle).has(field))
            problems.push({
              file: at('bundle', b.id),
              path: `related[${i}].carry.fields`,
              message: `表单字段「${field}」不在「${bundle}」的申请表里（${side}），带不过去`,
            });
        }
      }
    });
  }

  const questionIds = new Set([...k.dialogs.values()].flatMap((dl) => dl.questions.map((q) => q.id)));
  for (const d of k.documents.values()) {
    const file = at('文书', d.id);
    if (!k.materials.has(d.material))
      problems.push({ file, path: `「${d.id}」.material`, message: `材料「${d.material}」不在材料目录中（knowledge/materials/）` });
    // a holder no item names would make a document that is never offered
    if (d.holder && ![...k.items.values()].some((it) => it.materials.some((n) => n.material === d.material && n.holder === d.holder))) {
      problems.push({ file, path: `「${d.id}」.holder`, message: `没有哪个事项要「${d.holder}」带材料「${d.material}」，这份文书不会出现` });
    }
    [...d.paragraphs, ...d.sign].forEach((text) => {
      for (const f of placeholders(text)) {
        if (!k.fields.has(f) && !DOCUMENT_BUILTINS.includes(f) && !questionIds.has(f))
          problems.push({
            file,
            path: `「${d.id}」`,
            message: `文书里的「{${f}}」不是表单字段（knowledge/fields/），不是情形问题（dialogs/），也不是 ${DOCUMENT_BUILTINS.join('、')}`,
          });
      }
    });
  }
}
