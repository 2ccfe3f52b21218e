/**
 * What the conversation reports about itself, for /metrics and the managers' results page. The bot
 * records events; the server decides where they go (prom-client counters and durable daily counts), so
 * nothing in src/bot knows about Prometheus.
 */
export type UnderstandingOutcome = 'recognised' | 'out_of_scope' | 'not_understood' | 'answer' | 'command';

export type TelemetryEvent =
  | { kind: 'turn'; channel: string; ms: number; outcome: UnderstandingOutcome; newConversation: boolean }
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
