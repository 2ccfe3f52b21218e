/**
 * What the conversation reports about itself, for /metrics and the managers' results page. The bot
 * records events; the server decides where they go (prom-client counters and durable daily counts), so
 * nothing in src/bot knows about Prometheus.
 */
/** how the understanding read a message: a bundle, a service outside the ten, a fact or answer, or nothing it knows */
export type UnderstandingOutcome = 'recognised' | 'out_of_scope' | 'answer' | 'not_understood';

export type TelemetryEvent =
  | { kind: 'turn'; channel: string; ms: number; newConversation: boolean }
  | { kind: 'understanding'; outcome: UnderstandingOutcome }
  /** first: the conversation's first checklist for this case (the results page counts cases, not re-shows) */
  | { kind: 'checklist'; bundle: string; first: boolean }
  | { kind: 'handover'; stage: 'requested' | 'answered' | 'missed' }
  | { kind: 'submitted'; bundle: string; queued: boolean }
  | { kind: 'rating'; level: string }
  | { kind: 'wechat_send'; ok: boolean; errcode?: number };

export interface Telemetry {
  record(e: TelemetryEvent): void;
}

export const noTelemetry: Telemetry = { record: () => {} };

/** what a turn changed, seen from the state before and after it (the bot never parses its own replies) */
export interface TurnMark {
  lines: number;
  bundle?: string;
  shown: boolean;
  handoverAt?: string;
}

export function markOf(conv: { transcript: unknown[]; bundle?: string; shown?: string[]; handover?: { at: string } }): TurnMark {
  return { lines: conv.transcript.length, bundle: conv.bundle, shown: (conv.shown?.length ?? 0) > 0, handoverAt: conv.handover?.at };
}

/** Records a finished turn: the turn itself, a case's first checklist, a 转人工 asked for. */
export function recordTurn(t: Telemetry, channel: string, ms: number, before: TurnMark, after: TurnMark): void {
  t.record({ kind: 'turn', channel, ms, newConversation: before.lines === 0 });
  if (after.bundle && after.shown && (!before.shown || before.bundle !== after.bundle)) t.record({ kind: 'checklist', bundle: after.bundle, first: true });
  if (after.handoverAt && after.handoverAt !== before.handoverAt) t.record({ kind: 'handover', stage: 'requested' });
}
