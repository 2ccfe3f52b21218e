import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { truth } from '../../src/knowledge/expr/index.js';
import { buildChecklist, buildForm, candidateNumbers, compiledBundle, effectiveAnswers, nextQuestion, randomAnswer, rng } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';

const k = loadKnowledge();
const RUNS = 300;

describe.each([...k.compiled.keys()])('properties of %s over random situations', (id) => {
  const cb = compiledBundle(k, id);
  const nums = candidateNumbers(cb);

  it('asks each question only while its condition holds, and ends with nothing pending or undecided', () => {
    const r = rng(id.length * 7919);
    for (let run = 0; run < RUNS; run++) {
      const answers: Record<string, AnswerValue> = {};
      for (let step = 0; ; step++) {
        expect(step).toBeLessThan(cb.questions.length + 1);
        const q = nextQuestion(k, id, answers);
        if (!q) break;
        expect(answers[q.id]).toBeUndefined();
        expect(truth(q.cond?.expr, answers)).toBe(true);
        answers[q.id] = randomAnswer(q, r, nums);
      }
      const c = buildChecklist(k, id, answers, { today: '2026-11-28' });
      expect(c.complete).toBe(true);
      expect(c.pending).toEqual([]);
      expect(c.maybe).toEqual([]);
    }
  });

  it('never lists a material whose condition is false, nor one twice; charges and fields likewise', () => {
    const r = rng(id.length * 104729);
    for (let run = 0; run < RUNS; run++) {
      const answers: Record<string, AnswerValue> = {};
      for (let q = nextQuestion(k, id, answers); q; q = nextQuestion(k, id, answers)) answers[q.id] = randomAnswer(q, r, nums);
      const eff = effectiveAnswers(cb, answers);
      const c = buildChecklist(k, id, answers, { today: '2026-11-28' });
      const lines = [...c.bring, ...c.shared, ...c.byBank];
      expect(new Set(lines.map((m) => m.key)).size).toBe(lines.length);
      for (const m of lines) {
        // some applicable item needs it under a condition that holds here
        const justified = cb.items.some(
          (ci) =>
            truth(ci.cond?.expr, eff) === true &&
            ci.needs.some((n) => (n.holder ? `${n.material}@${n.holder}` : n.material) === m.key && truth(n.cond?.expr, eff) === true),
        );
        expect(justified, `${m.key} is listed without a reason`).toBe(true);
        expect(m.items.length).toBeGreaterThan(0);
      }
      // every material whose condition holds is there
      for (const ci of cb.items.filter((x) => truth(x.cond?.expr, eff) === true)) {
        for (const n of ci.needs.filter((x) => truth(x.cond?.expr, eff) === true)) {
          expect(lines.map((m) => m.key)).toContain(n.holder ? `${n.material}@${n.holder}` : n.material);
        }
      }
      expect(new Set(c.charges.lines.map((l) => l.id)).size).toBe(c.charges.lines.length);
      for (const l of c.charges.lines) {
        if (l.amount !== null) expect(Number.isFinite(l.amount) && l.amount >= 0, `${l.id} = ${l.amount}`).toBe(true);
      }
      const form = buildForm(k, id, answers);
      expect(new Set(form.fields.map((f) => f.id)).size).toBe(form.fields.length);
      expect(c.time.promisedDays).toBeLessThanOrEqual(c.time.serialDays);
    }
  });
});
