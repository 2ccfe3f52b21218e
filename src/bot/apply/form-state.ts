import type { Knowledge } from '../../knowledge/load.js';
import { buildForm, missingOrder, validateField, withParties, type FormField, type MergedForm } from '../../engine/index.js';
import type { ConversationData, UserData } from '../types.js';

/** The applicant must always be reachable, even for bundles whose items ask no personal fields. */
const APPLICANT_FIELDS = ['applicant_name', 'applicant_id_number', 'applicant_phone'] as const;

/**
 * The merged form as it stands in this conversation: the engine's fields and prefills, the
 * applicant's contact fields when the items lack them, and what the user typed on top.
 */
export function currentForm(k: Knowledge, conv: ConversationData, user: UserData): MergedForm {
  // consent withdrawn (撤回同意) weighs over an older yes, whatever a profile still holds
  const profile = user.profileConsent && !user.consentWithdrawnAt ? user.profile : {};
  const values = conv.apply?.values ?? {};
  const form = buildForm(k, conv.bundle!, conv.answers, profile);
  const have = new Set(form.fields.map((f) => f.id));
  const haveProfile = new Set(form.fields.map((f) => k.fields.get(f.id)?.profile).filter(Boolean));
  const extra: FormField[] = APPLICANT_FIELDS.filter((id) => !have.has(id) && k.fields.has(id) && !haveProfile.has(k.fields.get(id)!.profile)).map((id) => {
    const f = k.fields.get(id)!;
    const v = f.profile ? profile[f.profile] : undefined;
    return { id, label: f.label, type: f.type, group: f.group, optional: false, items: [], ...(v ? { value: v, prefilledFrom: 'profile' as const } : {}) };
  });
  const typed = [...extra, ...form.fields].map((f) => (values[f.id] !== undefined ? { ...f, value: values[f.id], prefilledFrom: undefined } : f));
  // the applicant the user named (监护人 父亲, 申请人 赠与人) is that party: not typed a second time
  const fields = withParties(k, typed);
  return { bundle: form.bundle, fields, missing: missingOrder(k, fields) };
}

/** Name, ID number and phone of the applicant, read from whichever fields carry those profile keys. */
export function applicantOf(k: Knowledge, form: MergedForm): { name: string; idNumber: string; phone: string } | null {
  const by = (key: string) => form.fields.find((f) => k.fields.get(f.id)?.profile === key && f.value !== undefined)?.value;
  const name = by('name');
  const idNumber = by('idNumber');
  const phone = by('phone');
  return name && idNumber && phone ? { name: String(name), idNumber: String(idNumber), phone: String(phone) } : null;
}

/**
 * The values a linked matter brought (conv.carried) that this form holds and that pass its own check:
 * the form starts with them, so 逝者姓名 typed for 终老 is not asked again for the 继承 path.
 */
export function carriedInto(k: Knowledge, conv: ConversationData, user: UserData): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (!conv.carried) return out;
  for (const f of currentForm(k, conv, user).fields) {
    const v = conv.carried[f.id];
    if (v === undefined) continue;
    const check = validateField(f.type, String(v), k.fields.get(f.id)?.options);
    if (check.ok) out[f.id] = check.value;
  }
  return out;
}
