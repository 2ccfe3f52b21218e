import type { CasePort, SubmissionPort } from '../../bot/apply/ports.js';
import type { HandoverStore } from '../../bot/handovers.js';
import type { Telemetry } from '../../bot/telemetry.js';

/**
 * The ports the bot's work passes through, counted where the work happens: an application the outbox
 * took (sent, or queued to be sent), a rating the backend accepted, a 转人工 an operator took or
 * nobody took in time. Like countingUnderstanding, a wrapper keeps Prometheus out of src/bot.
 */

/** Counts an application once the outbox holds it: delivered, or queued (the backend was not reachable). */
export function countingSubmission(port: SubmissionPort, t: Telemetry): SubmissionPort {
  return {
    async submitNow(app, timeoutMs) {
      const outcome = await port.submitNow(app, timeoutMs);
      if (outcome.state !== 'rejected') t.record({ kind: 'submitted', bundle: app.bundle, queued: outcome.state === 'queued' });
      return outcome;
    },
  };
}

/** Counts a 好差评 rating when the backend has accepted it (a refused or failed one is not a rating). */
export function countingCases(port: CasePort, t: Telemetry): CasePort {
  return {
    getCase: (caseNo) => port.getCase(caseNo),
    listCases: (kind, userId) => port.listCases(kind, userId),
    async rate(caseNo, rating) {
      const r = await port.rate(caseNo, rating);
      t.record({ kind: 'rating', level: rating.level });
      return r;
    },
  };
}

/**
 * Counts a 转人工 request's outcome as its status changes, in whichever part changes it (the console's
 * desk, the bot telling the citizen nobody came): taken by an operator is 'answered' (also after it was
 * missed: someone did answer), waiting too long is 'missed'. The store's own calls go through it too.
 */
export function countingHandovers<S extends HandoverStore>(store: S, t: Telemetry): S {
  const update = store.update.bind(store);
  store.update = async (conversationId, change) => {
    let was: string | undefined;
    const after = await update(conversationId, (h) => {
      was = h.status;
      return change(h);
    });
    if (after && after.status !== was) {
      if (after.status === 'taken') t.record({ kind: 'handover', stage: 'answered' });
      else if (after.status === 'missed') t.record({ kind: 'handover', stage: 'missed' });
    }
    return after;
  };
  return store;
}
