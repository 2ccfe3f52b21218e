import type { ConversationReference } from 'botbuilder';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';

/** What the bot understands of a message: the contract of src/nlu, defined there once. */
export type { ParseResult as Parse } from '../nlu/index.js';
import type { ParseResult } from '../nlu/index.js';

export interface Understanding {
  parse(text: string, ctx?: { bundle?: BundleId | null; question?: import('../knowledge/schema/index.js').Question | null }): ParseResult;
}

export type Mode = 'idle' | 'choose' | 'interview' | 'done' | 'apply';

export interface TranscriptLine {
  from: 'user' | 'bot';
  text: string;
  at: string;
}

export interface ConversationData {
  v: 1;
  mode: Mode;
  bundle?: BundleId;
  answers: Record<string, AnswerValue>;
  /** question ids in the order they were answered, for 上一步 */
  history: string[];
  /** the question waiting for an answer */
  current?: string;
  /** questions shown in this case, in order: a question keeps its number when asked again */
  asked?: string[];
  /** the bundles offered when the bot was not sure, in the order shown */
  offered?: BundleId[];
  /** the values of the numbered choices last shown, so typing "2" picks the second */
  lastChoices?: string[];
  handover?: { at: string; reason: string; resolved?: boolean };
  /** likely values the understanding read but was not sure of (在家去世的): offered first when their question comes */
  suggested?: Record<string, AnswerValue>;
  /** questions answered 「不清楚」: their answer is the cautious reading, its lines marked 如不确定请带上 */
  unsure?: string[];
  /** questions 「不清楚」 left open because they have no cautious reading (a price, a date) */
  skipped?: string[];
  /** the party the user speaks for in a two-party bundle (卖, 买): their questions first */
  party?: string;
  /** the other party's questions are left to that party (listed as 请X方准备) */
  otherPartyLater?: boolean;
  /** the user asked for the fee estimate: fee-only questions are asked too */
  withFees?: boolean;
  /** the checklist was given while questions remained (they only change a few lines) */
  provisional?: boolean;
  /** the checklist's lines to bring when it was last shown, so a correction can say what changed */
  shown?: string[];
  /** a yes the bot waits for before doing something that cannot be undone or leaves the case */
  confirm?: { kind: 'restart' } | { kind: 'erase' } | { kind: 'switch'; bundle: BundleId; facts: Record<string, AnswerValue> };
  /** other cases of this conversation, put aside when another bundle was started: resumable */
  cases?: CaseSnapshot[];
  transcript: TranscriptLine[];
  /** what the bot said unasked but could not deliver (no channel, or the channel refused): shown first at the next message */
  unseen?: import('./reply.js').Reply[];
  /** the application being filled in (一表申报); see src/bot/apply */
  apply?: import('./apply/types.js').ApplyState;
  /** form values brought over a link from the linked matter (逝者姓名): the form starts with them */
  carried?: Record<string, string | number>;
  reference?: Partial<ConversationReference>;
  /** the last message handled and its replies: a channel's retry of it after a restart is not run twice */
  lastTurn?: import('./retry.js').LastTurn;
}

/** A bundle's case as it stood when put aside. */
export interface CaseSnapshot {
  bundle: BundleId;
  mode: 'interview' | 'done';
  answers: Record<string, AnswerValue>;
  history: string[];
  current?: string;
  asked?: string[];
  unsure?: string[];
  skipped?: string[];
  party?: string;
  otherPartyLater?: boolean;
  withFees?: boolean;
  carried?: Record<string, string | number>;
  at: string;
}

export interface UserData {
  v: 1;
  /** remembered across bundles only once the user agreed */
  profile: Record<string, string>;
  profileConsent?: boolean;
  /** 撤回同意 (PIPL): when; the profile is neither used for prefill nor saved again until a new 同意并记住 */
  consentWithdrawnAt?: string;
  cases: { caseNo: string; bundle: BundleId; at: string; rated?: boolean }[];
  reference?: Partial<ConversationReference>;
}

export function newConversation(): ConversationData {
  return { v: 1, mode: 'idle', answers: {}, history: [], transcript: [] };
}

export function newUser(): UserData {
  return { v: 1, profile: {}, cases: [] };
}
