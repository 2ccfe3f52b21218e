import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { blockingFor } from '../engine/index.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import { WORDS } from '../nlu/commands.js';
import type { Reply } from './reply.js';
import type { CaseSnapshot, ConversationData } from './types.js';

/**
 * The cases of one conversation. Starting another bundle puts the one in hand aside, whole; nothing
 * here ever drops a case (only 「重新开始」 after a yes does, in the turn).
 */
const CASE_FIELDS = ['answers', 'history', 'current', 'unsure', 'skipped', 'party', 'otherPartyLater', 'withFees', 'asked', 'carried'] as const;

/** true when the conversation holds a case worth keeping (a bundle with at least one answer or a checklist) */
export function hasCase(conv: ConversationData): boolean {
  return conv.bundle !== undefined && (Object.keys(conv.answers).length > 0 || conv.mode === 'done');
}

/** Puts the case in hand aside (replacing an older one of the same bundle) and clears the hand. */
export function putAside(conv: ConversationData): void {
  if (conv.bundle && hasCase(conv)) {
    const snap: CaseSnapshot = {
      bundle: conv.bundle,
      mode: conv.mode === 'done' || conv.mode === 'apply' ? 'done' : 'interview',
      answers: { ...conv.answers },
      history: [...conv.history],
      at: new Date().toISOString(),
    };
    for (const f of CASE_FIELDS.slice(2)) if (conv[f] !== undefined) (snap as unknown as Record<string, unknown>)[f] = structuredClone(conv[f]);
    conv.cases = [...(conv.cases ?? []).filter((c) => c.bundle !== conv.bundle), snap];
  }
  clearHand(conv);
}

export function clearHand(conv: ConversationData): void {
  for (const f of CASE_FIELDS) delete conv[f];
  conv.answers = {};
  conv.history = [];
  Object.assign(conv, { mode: 'idle', bundle: undefined, offered: undefined, apply: undefined, provisional: undefined, shown: undefined, confirm: undefined });
}

/** Takes a case put aside back into the hand (the one in hand goes aside). */
export function resume(conv: ConversationData, bundle: BundleId): CaseSnapshot | undefined {
  const snap = conv.cases?.find((c) => c.bundle === bundle);
  if (!snap) return undefined;
  putAside(conv);
  conv.cases = (conv.cases ?? []).filter((c) => c.bundle !== bundle);
  conv.bundle = snap.bundle;
  conv.mode = snap.mode;
  conv.answers = snap.answers;
  conv.history = snap.history;
  for (const f of CASE_FIELDS.slice(2)) if (snap[f] !== undefined) (conv as unknown as Record<string, unknown>)[f] = snap[f];
  return snap;
}

/** Which case a 「回到…」 means: a bundle named in the words, else the only (or latest) case put aside. */
export function caseNamed(k: Knowledge, conv: ConversationData, target: string, guess: BundleId | null): BundleId | undefined {
  const cases = conv.cases ?? [];
  const byName = cases.find((c) => {
    const b = k.bundles.get(c.bundle)!;
    const short = b.name.replace(/一件事$/, '');
    return target.includes(short) || short.includes(target) || b.aliases.some((a) => target.includes(a));
  });
  if (byName) return byName.bundle;
  if (guess && cases.some((c) => c.bundle === guess)) return guess;
  if (/^(刚才|之前|上一个|原来|前面|那个)/.test(target) && cases.length > 0) return cases[cases.length - 1]!.bundle;
  return undefined;
}

/** 「我的事项」: the case in hand and those put aside, each with how to get back to it. */
export function listCases(k: Knowledge, conv: ConversationData): Reply {
  const lines: string[] = [];
  const actions: string[] = [];
  // a case stopped by a blocking rule has no checklist: it says so, not 已出清单
  const label = (bundle: BundleId, mode: string, answers: Record<string, AnswerValue>) =>
    blockingFor(k, bundle, answers).length > 0 ? '办不了，原因见上，回答已保留' : mode === 'done' ? '已出清单' : `办理中，已答${Object.keys(answers).length}题`;
  if (conv.bundle) lines.push(`· 正在办：${k.bundles.get(conv.bundle)!.name}（${label(conv.bundle, conv.mode, conv.answers)}）`);
  for (const c of conv.cases ?? []) {
    const name = k.bundles.get(c.bundle)!.name;
    lines.push(`· ${name}（${label(c.bundle, c.mode, c.answers)}）：说「回到${name.replace(/一件事$/, '')}」接着办`);
    actions.push(`回到${name.replace(/一件事$/, '')}`);
  }
  if (lines.length === 0) return { text: '您在这里还没有办理中的事项。说说您要办什么事吧。' };
  return { text: ['您的事项：', ...lines].join('\n'), actions: [...actions, WORDS.other] };
}
