import type { Telemetry, UnderstandingOutcome } from '../../bot/telemetry.js';
import type { Understanding } from '../../bot/types.js';

/** The understanding, counted: every message it reads adds one outcome to the metrics. */
export function countingUnderstanding(nlu: Understanding, t: Telemetry): Understanding {
  return {
    ...nlu,
    parse(text, ctx) {
      const r = nlu.parse(text, ctx);
      const outcome: UnderstandingOutcome = r.outOfScope
        ? 'out_of_scope'
        : Object.keys(r.answers).length > 0 || r.answer !== undefined
          ? 'answer'
          : r.bundle
            ? 'recognised'
            : 'not_understood';
      t.record({ kind: 'understanding', outcome });
      return r;
    },
  };
}
