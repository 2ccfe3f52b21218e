import type { AnswerValue } from '../knowledge/expr/index.js';
import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { carriedAnswers } from '../engine/index.js';
import type { ApplyState } from './apply/types.js';
import { askNext, finish, startBundle, type Ctx } from './interview.js';
import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';

/** A matter put aside while the citizen follows a link: everything needed to pick it up where it was. */
export interface ParkedCase {
  answers: Record<string, AnswerValue>;
  history: string[];
  mode: ConversationData['mode'];
  current?: string;
  apply?: ApplyState;
}

export interface LinkState {
  parked: Partial<Record<BundleId, ParkedCase>>;
}

const go = (name: string) => `去办「${name}」`;
const back = (name: string) => `回到「${name}」`;

/**
 * The buttons under a checklist for the linked matters it names (挖路接水: utility connection ⇄ road
 * works): 「去办…」 for a new one, 「回到…」 for one put aside. Structured choices, not prose to retype.
 */
export function linkActions(ctx: Ctx, conv: ConversationData, named: readonly BundleId[]): string[] {
  if (!conv.bundle) return [];
  const parked = Object.keys(conv.links?.parked ?? {}) as BundleId[];
  return [...new Set([...parked, ...named])].filter((b) => b !== conv.bundle).map((b) => label(ctx.k, conv, b));
}

function label(k: Knowledge, conv: ConversationData, b: BundleId): string {
  const name = k.bundles.get(b)!.name;
  return conv.links?.parked[b] ? back(name) : go(name);
}

/**
 * A tapped link: the matter in hand is put aside whole, and the linked one starts with every shared
 * answer carried (nothing asked twice), or, when it was put aside earlier, resumes where it was with
 * what the other matter learned in the meantime. Null when the text is not a link of this conversation.
 */
export function followLink(ctx: Ctx, conv: ConversationData, text: string): Reply[] | null {
  if (!conv.bundle) return null;
  const from = conv.bundle;
  const target = linkTargets(ctx, conv).find((b) => text === label(ctx.k, conv, b));
  if (!target) return null;
  const links: LinkState = conv.links ?? { parked: {} };
  const resumed = links.parked[target];
  const carried = carriedAnswers(ctx.k, from, target, conv.answers, resumed?.answers ?? {});
  links.parked[from] = { answers: { ...conv.answers }, history: [...conv.history], mode: conv.mode, ...(conv.current ? { current: conv.current } : {}), ...(conv.apply ? { apply: conv.apply } : {}) };
  const fromName = ctx.k.bundles.get(from)!.name;
  if (!resumed) {
    const replies = startBundle(ctx, conv, target, carried);
    delete links.parked[target];
    conv.links = links;
    return [{ text: `「${fromName}」已为您保留，随时可点${back(fromName)}接着办。` }, ...replies];
  }
  delete links.parked[target];
  conv.links = links;
  conv.bundle = target;
  conv.answers = carried;
  conv.history = resumed.history.filter((id) => carried[id] !== undefined);
  conv.current = resumed.current;
  conv.apply = resumed.apply;
  conv.offered = undefined;
  const name = ctx.k.bundles.get(target)!.name;
  const intro: Reply = { text: `好的，回到「${name}」，之前的回答都还在。「${fromName}」也为您保留着。` };
  if (resumed.mode === 'apply' && resumed.apply) {
    conv.mode = 'apply';
    return [intro, { text: '您的申请表填到一半，接着填就好；也可说「退出申请」。' }];
  }
  return [intro, ...(resumed.mode === 'done' ? finish(ctx, conv) : askNext(ctx, conv))];
}

function linkTargets(ctx: Ctx, conv: ConversationData): BundleId[] {
  const related = ctx.k.bundles.get(conv.bundle!)!.related.map((r) => r.bundle);
  return [...new Set([...(Object.keys(conv.links?.parked ?? {}) as BundleId[]), ...related])].filter((b) => b !== conv.bundle);
}
