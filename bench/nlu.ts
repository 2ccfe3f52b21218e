/**
 * npm run bench:nlu — start-up training time and parse latency of the understanding.
 * Targets (issue 3): training under 1 s; parse p99 under 2 ms after warm-up.
 * The tokenizer's own dictionary (nodejieba, loaded once per process) is timed on its own line.
 */
import nodejieba from 'nodejieba';
import { loadKnowledge } from '../src/knowledge/load.js';
import { createNlu } from '../src/nlu/index.js';
import { readExamples } from '../src/nlu/data.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

let t = performance.now();
nodejieba.cut('预热');
console.log(`jieba dictionary load (once per process): ${(performance.now() - t).toFixed(0)} ms`);
const k = loadKnowledge();

const trains: number[] = [];
let nlu = createNlu(k);
for (let i = 0; i < 5; i++) {
  t = performance.now();
  nlu = createNlu(k);
  trains.push(performance.now() - t);
}
console.log(`training at start-up (user dictionary, typo index, classifier): median ${pct(trains, 0.5).toFixed(0)} ms, worst ${Math.max(...trains).toFixed(0)} ms over ${trains.length} runs (target < 1000 ms)`);

const texts = readExamples(k.root, 'eval').map((e) => e.text);
const dialog = k.dialogs.get('second-hand-house');
const q = dialog?.questions.find((x) => x.type === 'single') ?? null;
const withCtx = (i: number) => (i % 3 === 0 && dialog ? { bundle: dialog.bundle, question: q } : {});
for (let i = 0; i < 2000; i++) nlu.parse(texts[i % texts.length]!, withCtx(i)); // warm-up
const times: number[] = [];
for (let round = 0; round < 10; round++) {
  texts.forEach((text, i) => {
    const s = performance.now();
    nlu.parse(text, withCtx(i));
    times.push(performance.now() - s);
  });
}
console.log(
  `parse: p50 ${(pct(times, 0.5) * 1000).toFixed(0)} µs, p99 ${(pct(times, 0.99) * 1000).toFixed(0)} µs, max ${(Math.max(...times) * 1000).toFixed(0)} µs over ${times.length} parses of ${texts.length} evaluation lines (target p99 < 2000 µs)`,
);
