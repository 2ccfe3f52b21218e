/**
 * npm run bench:engine — median time to load all knowledge and to compute a checklist.
 * Targets (issue 2): checklist under 0.2 ms median, full load under 300 ms.
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { buildChecklist, randomSituation, candidateNumbers, rng } from '../src/engine/index.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const loads: number[] = [];
let k = loadKnowledge();
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  k = loadKnowledge();
  loads.push(performance.now() - t);
}
console.log(`knowledge load: median ${median(loads).toFixed(1)} ms over ${loads.length} loads (target < 300 ms)`);

const r = rng(7);
const cases = [...k.compiled.values()].flatMap((cb) =>
  Array.from({ length: 200 }, () => ({ id: cb.bundle.id, a: randomSituation(cb, r, candidateNumbers(cb)) })),
);
for (const c of cases) buildChecklist(k, c.id, c.a, { today: '2026-11-28' }); // warm-up
const times: number[] = [];
for (let round = 0; round < 5; round++) {
  for (const c of cases) {
    const t = performance.now();
    buildChecklist(k, c.id, c.a, { today: '2026-11-28' });
    times.push(performance.now() - t);
  }
}
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `checklist: median ${(median(times) * 1000).toFixed(0)} µs, p99 ${(sorted[Math.floor(sorted.length * 0.99)]! * 1000).toFixed(0)} µs over ${times.length} computations of ${k.compiled.size} bundles (target median < 200 µs)`,
);
