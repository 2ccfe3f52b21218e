import { checkExpr, ExprTypeError, parseExpr, refs, type Symbol as ExprSymbol } from './expr/index.js';
import type { CompiledBundle, CompiledItem, CompiledQuestion, Cond, Knowledge } from './model.js';
import type { Problem } from './problems.js';
import type { BundleId, Question } from './schema/index.js';

const SYMBOL_TYPE: Record<Question['type'], ExprSymbol['type']> = {
  single: 'choice',
  multi: 'multi',
  yesno: 'bool',
  number: 'num',
  money: 'num',
  area: 'num',
  date: 'str',
  text: 'str',
};

export function symbolOf(q: Question): ExprSymbol {
  return { type: SYMBOL_TYPE[q.type], options: q.options?.map((o) => o.id) };
}

/** Parses and type-checks every condition and amount of each bundle against that bundle's questions. */
export function compileBundles(k: Knowledge, problems: Problem[]): Map<BundleId, CompiledBundle> {
  const out = new Map<BundleId, CompiledBundle>();
  for (const [id, bundle] of k.bundles) {
    const dialog = k.dialogs.get(id);
    if (!dialog) continue;
    const dfile = k.origin.get(`dialog:${id}`) ?? `dialogs/${id}.yaml`;
    const bfile = k.origin.get(`bundle:${id}`) ?? `knowledge/bundles/${id}.yaml`;
    const all = new Map(dialog.questions.map((q) => [q.id, symbolOf(q)]));

    const compile = (src: string | undefined, file: string, path: string, symbols = all, want: 'bool' | 'num' = 'bool'): Cond | undefined => {
      if (src === undefined) return undefined;
      try {
        return { src, expr: checkExpr(src, symbols, want) };
      } catch (e) {
        if (e instanceof ExprTypeError) {
          problems.push({ file, path, message: e.message });
          return undefined;
        }
        throw e;
      }
    };

    // askIf may only look back: a question cannot depend on one asked after it.
    const seen = new Map<string, ExprSymbol>();
    const questions: CompiledQuestion[] = dialog.questions.map((q, i) => {
      if (seen.has(q.id)) problems.push({ file: dfile, path: `questions[${i}].id`, message: `问题编号「${q.id}」重复` });
      let cond: Cond | undefined;
      if (q.askIf) {
        const later = [...safeRefs(q.askIf)].filter((r) => all.has(r) && !seen.has(r));
        if (later.length > 0) {
          problems.push({ file: dfile, path: `questions[${i}].askIf`, message: `条件用到了排在后面（或自身）的问题：${later.join('、')}；请调整顺序` });
        } else cond = compile(q.askIf, dfile, `questions[${i}].askIf`, seen);
      }
      seen.set(q.id, symbolOf(q));
      return { ...q, cond };
    });

    const items: CompiledItem[] = [];
    bundle.items.forEach((ref, i) => {
      const item = k.items.get(ref.item);
      if (!item) return;
      const ifile = k.origin.get(`事项:${item.id}`) ?? '?';
      const base = `「${item.id}」`;
      const needs = item.materials.map((m, j) => {
        const mat = k.materials.get(m.material);
        return {
          ...m,
          cond: compile(m.when, ifile, `${base}.materials[${j}].when（用于 ${id}）`),
          sharedCond: mat?.shared?.when
            ? compile(mat.shared.when, k.origin.get(`材料:${mat.id}`) ?? '?', `「${mat.id}」.shared.when（用于 ${id}）`)
            : undefined,
          needSharedCond: compile(m.shared?.when, ifile, `${base}.materials[${j}].shared.when（用于 ${id}）`),
        };
      });
      const fields = item.fields.flatMap((f, j) => {
        const field = k.fields.get(f.field);
        if (!field) return [];
        if (field.fromAnswer && !all.has(field.fromAnswer)) {
          problems.push({
            file: k.origin.get(`表单字段:${field.id}`) ?? '?',
            path: `「${field.id}」.fromAnswer`,
            message: `一件事「${id}」没有问题「${field.fromAnswer}」`,
          });
        }
        return [{ field, cond: compile(f.when, ifile, `${base}.fields[${j}].when（用于 ${id}）`) }];
      });
      const charges = item.charges.flatMap((cid) => {
        const charge = k.charges.get(cid);
        if (!charge) return [];
        const cfile = k.origin.get(`收费规则:${cid}`) ?? '?';
        const amount = compile(charge.amount, cfile, `「${cid}」.amount（用于 ${id}）`, all, 'num');
        // an unpriced rule has no amount to compile; a priced one whose amount failed is left out (reported)
        if (!amount && charge.amount !== undefined) return [];
        return [{ charge, cond: compile(charge.when, cfile, `「${cid}」.when（用于 ${id}）`), amount: amount?.expr }];
      });
      items.push({ item, cond: compile(ref.when, bfile, `items[${i}].when`), needs, fields, charges });
    });

    out.set(id, {
      bundle,
      questions,
      items,
      notes: bundle.notes.map((n, i) => ({ ...n, cond: compile(n.when, bfile, `notes[${i}].when`) })),
      faq: bundle.faq.map((f, i) => ({ ...f, cond: compile(f.when, bfile, `faq[${i}].when`) })),
      related: bundle.related.map((r, i) => ({ ...r, cond: compile(r.when, bfile, `related[${i}].when`) })),
      blocks: bundle.blocks.map((b, i) => ({ ...b, cond: compile(b.when, bfile, `blocks[${i}].when`) })),
    });
  }
  return out;
}

function safeRefs(src: string): Set<string> {
  try {
    return refs(parseExpr(src));
  } catch {
    return new Set();
  }
}
