import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { carriedAnswers, carriedValues } from '../engine/index.js';
import { putAside, resume } from './cases.js';
import { askNext, finish, startBundle, type Ctx } from './interview.js';
import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';

const go = (name: string) => `去办「${name}」`;
const back = (name: string) => `回到「${name}」`;

const aside = (conv: ConversationData, b: BundleId) => (conv.cases ?? []).some((c) => c.bundle === b);

function label(k: Knowledge, conv: ConversationData, b: BundleId): string {
  const name = k.bundles.get(b)!.name;
  return aside(conv, b) ? back(name) : go(name);
}

/** The bundles a link of the case in hand leads to: those its knowledge names, and those put aside. */
function linkTargets(k: Knowledge, conv: ConversationData, named: readonly BundleId[]): BundleId[] {
  const asideLinked = (conv.cases ?? [])
    .map((c) => c.bundle)
    .filter((b) => k.bundles.get(b)!.related.some((r) => r.bundle === conv.bundle) || named.includes(b));
  return [...new Set([...asideLinked, ...named])].filter((b) => b !== conv.bundle);
}

/**
 * The buttons under a checklist for the linked matters it names (挖路接水: utility connection ⇄ road
 * works): 「去办…」 for a new one, 「回到…」 for one put aside. Structured choices, not prose to retype.
 */
export function linkActions(ctx: Ctx, conv: ConversationData, named: readonly BundleId[]): string[] {
  if (!conv.bundle) return [];
  return linkTargets(ctx.k, conv, named).map((b) => label(ctx.k, conv, b));
}

/**
 * A tapped link: the case in hand is put aside whole (src/bot/cases.ts), and the linked one starts with
 * every shared answer carried (nothing asked twice), or, when it was put aside earlier, resumes where it
 * was, with what the other matter learned filling only what it lacks. Null when the text is no link here.
 */
export function followLink(ctx: Ctx, conv: ConversationData, text: string): Reply[] | null {
  if (!conv.bundle) return null;
  const from = conv.bundle;
  const related = ctx.k.bundles.get(from)!.related.map((r) => r.bundle);
  const target = linkTargets(ctx.k, conv, related).find((b) => text === label(ctx.k, conv, b));
  if (!target) return null;
  const answers = { ...conv.answers };
  // what this matter's form holds (typed, or itself carried here) goes along for the fields both forms share
  const values = { ...conv.carried, ...conv.apply?.values };
  const fromName = ctx.k.bundles.get(from)!.name;
  const name = ctx.k.bundles.get(target)!.name;
  if (aside(conv, target)) {
    const snap = resume(conv, target)!;
    conv.answers = carriedAnswers(ctx.k, from, target, answers, conv.answers);
    conv.carried = carriedValues(ctx.k, from, target, values, conv.carried);
    const intro: Reply = { text: `好的，回到「${name}」，之前的回答都还在。「${fromName}」也为您保留着。` };
    return [intro, ...(snap.mode === 'done' ? finish(ctx, conv) : askNext(ctx, conv))];
  }
  putAside(conv);
  const replies = startBundle(ctx, conv, target, carriedAnswers(ctx.k, from, target, answers));
  conv.carried = carriedValues(ctx.k, from, target, values);
  return [{ text: `「${fromName}」已为您保留，随时可点${back(fromName)}接着办。` }, ...replies];
}
