import type { Question } from '../knowledge/schema/index.js';
import { clauseAsks, clausesOf, partyOf } from './facts.js';

/**
 * Options a message rules out. An option said in the negative (没有抵押, 没在医院, 不是西安户口) is ruled out by
 * its affirmative (房子有贷款, 在医院生的, 是西安户口) in a clause that tells rather than asks. The bot asks
 * again a question whose recorded answer is ruled out: 「其实房子有贷款」 says 没有抵押 was wrong without saying
 * which of the other options holds, so no value is guessed.
 */
export function ruledOut(questions: Question[], text: string, said: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const clauses = clausesOf(text)
    .map((c) => c.text.trim())
    .filter((c) => c && !clauseAsks(c));
  for (const q of questions) {
    if (q.type !== 'single' || !q.options) continue;
    const party = partyOf(q);
    for (const o of q.options) {
      // the message also says this option outright (以前有贷款，早还清也解押了): not ruled out
      if (said[q.id] === o.id) continue;
      const forms = formsOf(o);
      const hit = clauses.some((c) => !otherParty(c, party) && forms.some((f) => affirmed(c, f)));
      if (hit) (out[q.id] ??= []).push(o.id);
    }
  }
  return out;
}

/** built once per option: the knowledge's options live as long as the process, and parse runs every turn */
const forms = new WeakMap<object, string[]>();
const formsOf = (o: { synonyms: string[] }): string[] => {
  let f = forms.get(o);
  if (!f) forms.set(o, (f = o.synonyms.flatMap(affirmatives)));
  return f;
};

/** the affirmative of a negated synonym: 没有贷款 → 有贷款, 没在医院 → 在医院, 不是西安户口 → 是西安户口 */
function affirmatives(synonym: string): string[] {
  const m = /^(没有|没|无|不是)(.{2,})$/.exec(synonym);
  if (!m) return [];
  const [, neg, rest] = m as unknown as [string, string, string];
  if (neg === '不是') return [`是${rest}`];
  if (neg === '没有' || neg === '无') return [`有${rest}`];
  // 没 before a verb (没在, 没满, 没退休, 没报过) negates the verb; before a noun (没贷款) it means 没有
  return VERB_LEAD.test(rest) ? [rest] : [`有${rest}`];
}
const PAST = /(以前|之前|原来|原先|当初|过去|当时|那会)/;
const VERB_LEAD = /^[在满结退报领开交参算办工去离]/;

/** the form said, and not itself negated (没有贷款 holds 有贷款; 未结婚, 不在医院 hold theirs) */
function affirmed(clause: string, form: string): boolean {
  let at = clause.indexOf(form);
  // 以前有贷款（早还清了）: a past state says nothing against the present one
  if (at >= 0 && PAST.test(clause.slice(0, at))) return false;
  while (at >= 0) {
    if (!/[没无不未别非]$/.test(clause.slice(Math.max(0, at - 2), at).replace(/[还都也]$/, ''))) return true;
    at = clause.indexOf(form, at + 1);
  }
  return false;
}

/** a clause about the buyer says nothing of the seller's options, and the other way round */
function otherParty(clause: string, party: string): boolean {
  // 她已经结婚了 said of the one the house goes to is not the owner's marriage
  if (party === 'seller' && /^(她|他|人家|对方)/.test(clause)) return true;
  if (party === 'seller') return /(买方|买家|下家)/.test(clause) && !/(卖方|卖家|房东|房子)/.test(clause);
  if (party === 'buyer') return /(卖方|卖家|房东)/.test(clause) && !/(买方|买家|下家)/.test(clause);
  return false;
}
