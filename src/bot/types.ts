import type { ConversationReference } from 'botbuilder';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId } from '../knowledge/schema/index.js';

/** What the bot understands of a message; the contract of src/nlu (kept structural so tests can stub nothing). */
export type IntentName =
  | 'greet' | 'thanks' | 'help' | 'restart' | 'back' | 'change' | 'checklist' | 'fees' | 'place'
  | 'duration' | 'presence' | 'apply' | 'progress' | 'rate' | 'handover' | 'inform' | 'out_of_scope';

export interface Parse {
  text: string;
  intent: { name: IntentName; confidence: number };
  bundle: BundleId | null;
  bundleConfidence: number;
  candidates: { bundle: BundleId; confidence: number }[];
  outOfScope: boolean;
  entities: { type: string; value: unknown; text: string }[];
  answers: Record<string, AnswerValue>;
  answer?: AnswerValue;
  changeTarget?: string;
}

export interface Understanding {
  parse(text: string, ctx?: { bundle?: BundleId | null; question?: import('../knowledge/schema/index.js').Question | null }): Parse;
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
  /** the bundles offered when the bot was not sure, in the order shown */
  offered?: BundleId[];
  /** the values of the numbered choices last shown, so typing "2" picks the second */
  lastChoices?: string[];
  handover?: { at: string; reason: string; resolved?: boolean };
  transcript: TranscriptLine[];
  /** what the bot said unasked but could not deliver (no channel, or the channel refused): shown first at the next message */
  unseen?: import('./reply.js').Reply[];
  /** the application being filled in (一表申报); see src/bot/apply */
  apply?: import('./apply/types.js').ApplyState;
  /** matters put aside while following a link (src/bot/links.ts) */
  links?: import('./links.js').LinkState;
  reference?: Partial<ConversationReference>;
}

export interface UserData {
  v: 1;
  /** remembered across bundles only once the user agreed */
  profile: Record<string, string>;
  profileConsent?: boolean;
  cases: { caseNo: string; bundle: BundleId; at: string; rated?: boolean }[];
  reference?: Partial<ConversationReference>;
}

export function newConversation(): ConversationData {
  return { v: 1, mode: 'idle', answers: {}, history: [], transcript: [] };
}

export function newUser(): UserData {
  return { v: 1, profile: {}, cases: [] };
}
