import type { CompiledNeed, Knowledge } from '../knowledge/load.js';
import { inForce, type MaterialForm } from '../knowledge/schema/index.js';
import { applies, itemsWith, type Situation } from './items.js';

export const FORM_LABEL: Record<MaterialForm, string> = {
  original: '原件',
  copy: '复印件',
  original_and_copy: '原件及复印件',
  electronic: '电子版',
  generated: '系统生成，核对签字即可',
};

export interface MaterialLine {
  /** material id, plus '@holder' when it belongs to a named person (卖方, 买方 ...) */
  key: string;
  material: string;
  name: string;
  holder?: string;
  form: MaterialForm;
  formLabel: string;
  /** copies of the photocopy to hand in (0: show the original only) */
  copies: number;
  items: { id: string; name: string }[];
  reasons: string[];
  /** where the government fetches it from, when the user need not bring it */
  sharedSource?: string;
  note?: string;
}

export interface MaterialGroups {
  bring: MaterialLine[];
  shared: MaterialLine[];
  /** handed in by the bank's clerk (`brought_by: bank`): shown apart, the citizen prepares none of it */
  byBank: MaterialLine[];
  /** needed or not depending on questions not answered yet */
  maybe: MaterialLine[];
}

function mergeForm(a: MaterialForm, b: MaterialForm): MaterialForm {
  if (a === b) return a;
  if (a === 'generated' || b === 'generated') return 'generated';
  if (a === 'electronic') return b;
  if (b === 'electronic') return a;
  return 'original_and_copy';
}

type Group = keyof MaterialGroups;

/**
 * certain beats uncertain, and bringing beats shared: one item needing it in hand means bring it; the
 * citizen bringing it beats the bank bringing it
 */
const GROUP_RANK: Record<Group, number> = { maybe: 0, shared: 1, byBank: 2, bring: 3 };

/**
 * Whether shared data covers this need here: the catalogue marks the material shared (under its own
 * `when`), and the need's own `shared`, when in force on `today`, does not narrow it away.
 */
function sharedFor(k: Knowledge, s: Situation, need: CompiledNeed, today: string): boolean {
  const mat = k.materials.get(need.material)!;
  if (!mat.shared || applies(need.sharedCond, s.answers, true) !== 'yes') return false;
  const own = need.shared;
  if (!own || !inForce(own.effective, today)) return true;
  return own.when !== undefined && applies(need.needSharedCond, s.answers, true) === 'yes';
}

/** Every material once across all items of the bundle, with the items that need it and why. */
export function mergeMaterials(k: Knowledge, s: Situation, today: string): MaterialGroups {
  const lines = new Map<string, MaterialLine & { group: Group; sure: Set<string> }>();
  for (const ci of [...itemsWith(s, 'yes'), ...itemsWith(s, 'maybe')]) {
    const itemMaybe = applies(ci.cond, s.answers, s.complete) === 'maybe';
    for (const need of ci.needs) {
      const a = applies(need.cond, s.answers, s.complete);
      if (a === 'no') continue;
      const mat = k.materials.get(need.material)!;
      const key = need.holder ? `${mat.id}@${need.holder}` : mat.id;
      const sharedHere = sharedFor(k, s, need, today);
      const certain = a === 'yes' && !itemMaybe;
      const group: Group = !certain ? 'maybe' : sharedHere ? 'shared' : need.brought_by === 'bank' ? 'byBank' : 'bring';
      // a shared line says where it comes from; one to bring says why shared data does not cover it
      const cover = {
        sharedSource: sharedHere ? mat.shared!.source : undefined,
        note: sharedHere ? (mat.shared!.note ?? mat.note) : (need.shared?.note ?? need.note ?? mat.note),
      };
      const form = need.form ?? mat.form;
      const copies = need.copies ?? mat.copies;
      const prev = lines.get(key);
      if (prev) {
        if (!prev.items.some((i) => i.id === ci.item.id)) prev.items.push({ id: ci.item.id, name: ci.item.name });
        if (certain) prev.sure.add(ci.item.id);
        if (!prev.reasons.includes(need.why)) prev.reasons.push(need.why);
        prev.form = mergeForm(prev.form, form);
        prev.formLabel = FORM_LABEL[prev.form];
        prev.copies = Math.max(prev.copies, copies);
        if (GROUP_RANK[group] > GROUP_RANK[prev.group]) Object.assign(prev, { group }, cover);
        continue;
      }
      lines.set(key, {
        key,
        material: mat.id,
        name: need.holder ? `${mat.name}（${need.holder}）` : mat.name,
        holder: need.holder,
        form,
        formLabel: FORM_LABEL[form],
        copies,
        items: [{ id: ci.item.id, name: ci.item.name }],
        reasons: [need.why],
        ...cover,
        group,
        sure: new Set(certain ? [ci.item.id] : []),
      });
    }
  }
  const groups: MaterialGroups = { bring: [], shared: [], byBank: [], maybe: [] };
  for (const { group, sure, ...line } of lines.values()) {
    // 「N个事项共用」 counts the items of this case that need it for certain, not those still open
    if (sure.size > 0) line.items = line.items.filter((i) => sure.has(i.id));
    groups[group].push(line);
  }
  // the generated merged form goes last: it is what they sign, not something to fetch
  groups.bring.sort((a, b) => Number(a.form === 'generated') - Number(b.form === 'generated'));
  return groups;
}
