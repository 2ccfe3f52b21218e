/**
 * Evaluates the understanding on knowledge/nlu/eval (never trained on): bundle accuracy per bundle and per
 * kind of utterance, out-of-scope precision and recall, and the confusions. Compares the classifiers:
 *   npm run eval:nlu             all configurations, details for the shipped one
 *   npm run eval:nlu -- --errors also list every miss of the shipped one
 *   npm run eval:nlu -- --fast   skip logistic regression (natural trains it densely: minutes)
 * Also prints the reliability table of the bundle confidence (raw and through the curve fitted by
 * `scripts/cv-nlu.ts --calibrate` on the training folds, never on this set), its ECE, and a side-by-side of the
 * shipped understanding with two plain character n-gram models (scripts/nlu-models.ts).
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { createNlu, type NluOptions } from '../src/nlu/index.js';
import { OUT_OF_SCOPE, readExamples, type Example, type ExampleSet } from '../src/nlu/data.js';
import { ece, reliability, type Outcome as Reading } from '../src/nlu/calibration.js';
import { CharLogistic, CharNaiveBayes, type TextModel } from './nlu-models.js';

const k = loadKnowledge();
// the tokenizer's dictionary and the domain words put into it are loaded once per process: loaded here,
// so that "train ms" below is each configuration's own training
createNlu(k, { classifier: 'none' });
const setName = (process.argv.find((a) => a.startsWith('--set='))?.slice(6) ?? 'eval') as ExampleSet;
const evalSet = readExamples(k.root, setName);
const trainSet = new Set(readExamples(k.root, 'train').map((e) => e.text));
const leaked = evalSet.filter((e) => trainSet.has(e.text));
if (leaked.length > 0) console.log(`注意：评测集中有 ${leaked.length} 句与训练集相同：${leaked.map((e) => e.text).join(' / ')}`);

interface Outcome {
  e: Example;
  got: string;
  /** the top bundle and its confidence (calibrated, or raw with calibrated: false) */
  top?: string;
  topConfidence: number;
  /** the confidence of what was decided: the bundle's, or the out-of-scope reading's */
  decidedConfidence: number;
}

function run(opts: NluOptions): { outcomes: Outcome[]; trainMs: number } {
  const t0 = performance.now();
  const nlu = createNlu(k, opts);
  const trainMs = performance.now() - t0;
  const outcomes = evalSet.map((e) => {
    const r = nlu.parse(e.text);
    const got = r.outOfScope ? OUT_OF_SCOPE : (r.bundle ?? 'unclear');
    const c = r.candidates[0];
    return {
      e,
      got,
      top: c?.bundle,
      topConfidence: c?.confidence ?? 0,
      decidedConfidence: r.outOfScope || !r.bundle ? r.intent.confidence : r.bundleConfidence,
    };
  });
  return { outcomes, trainMs };
}

const pct = (n: number, d: number) => (d === 0 ? '  -  ' : `${((100 * n) / d).toFixed(1)}%`);

function summary(outcomes: Outcome[]) {
  const inScope = outcomes.filter((o) => o.e.label !== OUT_OF_SCOPE);
  const oos = outcomes.filter((o) => o.e.label === OUT_OF_SCOPE);
  const bundleOk = inScope.filter((o) => o.got === o.e.label).length;
  const saidOos = outcomes.filter((o) => o.got === OUT_OF_SCOPE);
  const oosHit = oos.filter((o) => o.got === OUT_OF_SCOPE).length;
  return {
    bundleAcc: bundleOk / inScope.length,
    bundleOk,
    inScope: inScope.length,
    oosPrecision: saidOos.length ? oosHit / saidOos.length : 1,
    oosRecall: oosHit / oos.length,
    oosHit,
    saidOos: saidOos.length,
    oos: oos.length,
    overall: outcomes.filter((o) => o.got === o.e.label).length / outcomes.length,
  };
}

const configs: [string, NluOptions][] = [
  ['bayes + aliases (shipped)', {}],
  ['bayes only', { aliasWeight: 0 }],
  ['logistic regression + aliases', { classifier: 'logreg', minCount: 5 }],
  ['logistic regression only', { classifier: 'logreg', aliasWeight: 0, minCount: 5 }],
  ['aliases only', { classifier: 'none' }],
];
const skipSlow = process.argv.includes('--fast');
let shipped: Outcome[] = [];
console.log(
  `评测集 ${setName}：${evalSet.length} 句（${evalSet.filter((e) => e.label !== OUT_OF_SCOPE).length} 句属于十件事，${evalSet.filter((e) => e.label === OUT_OF_SCOPE).length} 句不属于）\n`,
);
console.log('configuration                      bundle acc   oos prec   oos recall   overall   train ms');
for (const [name, opts] of configs) {
  if (skipSlow && opts.classifier === 'logreg') continue;
  const { outcomes, trainMs } = run(opts);
  if (name.includes('shipped')) shipped = outcomes;
  const s = summary(outcomes);
  console.log(
    `${name.padEnd(34)} ${pct(s.bundleOk, s.inScope).padStart(9)}  ${pct(s.oosHit, s.saidOos).padStart(9)}  ${pct(s.oosHit, s.oos).padStart(11)}  ${(100 * s.overall).toFixed(1).padStart(7)}%  ${trainMs.toFixed(0).padStart(8)}`,
  );
}

console.log('\n— shipped configuration —\n\nper bundle (accuracy):');
const labels = [...new Set(evalSet.map((e) => e.label))];
for (const l of labels) {
  const rows = shipped.filter((o) => o.e.label === l);
  console.log(`  ${l.padEnd(26)} ${pct(rows.filter((o) => o.got === l).length, rows.length).padStart(7)}  (${rows.length})`);
}
console.log('\nper kind of utterance (accuracy, in-scope and out-of-scope together):');
for (const kind of [...new Set(evalSet.map((e) => e.kind))]) {
  const rows = shipped.filter((o) => o.e.kind === kind);
  console.log(`  ${kind.padEnd(12)} ${pct(rows.filter((o) => o.got === o.e.label).length, rows.length).padStart(7)}  (${rows.length})`);
}
const s = summary(shipped);
console.log(`\nout of scope: precision ${pct(s.oosHit, s.saidOos)}, recall ${pct(s.oosHit, s.oos)}`);
const conf = new Map<string, number>();
for (const o of shipped) if (o.got !== o.e.label) conf.set(`${o.e.label} → ${o.got}`, (conf.get(`${o.e.label} → ${o.got}`) ?? 0) + 1);
console.log('\nconfusions (expected → got):');
for (const [pair, n] of [...conf].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(3)}  ${pair}`);
if (process.argv.includes('--errors')) {
  console.log('\nmisses:');
  for (const o of shipped) if (o.got !== o.e.label) console.log(`  [${o.e.kind}] ${o.e.text}  (${o.e.label} → ${o.got})`);
}

// — calibration: does a confidence mean what it says? —
const table = (name: string, rs: Reading[]) => {
  console.log(`\n${name}: ECE ${ece(rs).toFixed(3)} (${rs.length} readings)\n  bin          n   mean conf   accuracy`);
  for (const b of reliability(rs))
    if (b.n > 0)
      console.log(
        `  ${b.lo.toFixed(1)}–${b.hi.toFixed(1)}  ${String(b.n).padStart(5)}   ${b.meanConfidence.toFixed(3).padStart(9)}   ${b.accuracy.toFixed(3).padStart(8)}`,
      );
};
const rawRun = run({ calibrated: false }).outcomes;
const topRight = (o: Outcome) => o.top !== undefined && o.top === o.e.label;
console.log("\n— reliability of the top bundle's confidence (right = the top bundle is the expected one; out-of-scope lines are never right) —");
table(
  'raw scores',
  rawRun.map((o) => ({ confidence: o.topConfidence, right: topRight(o) })),
);
table(
  'calibrated (curve fitted on the training folds)',
  shipped.map((o) => ({ confidence: o.topConfidence, right: topRight(o) })),
);
const wrongSure = shipped.filter((o) => o.got !== OUT_OF_SCOPE && o.got !== 'unclear' && o.got !== o.e.label && o.decidedConfidence >= 0.9).length;
console.log(`\nwrong bundle at confidence ≥ 0.9: ${wrongSure} of ${shipped.length} (${pct(wrongSure, shipped.length)})`);

// — side by side: the shipped understanding and two plain character n-gram models, trained on the same lines —
console.log('\n— model comparison (trained on knowledge/nlu/train; confidence = probability of the decided label) —');
console.log('model                                  overall   bundle acc   oos recall   ECE');
const line = (name: string, decided: { gold: string; got: string; p: number }[]) => {
  const inScope = decided.filter((d) => d.gold !== OUT_OF_SCOPE);
  const oos = decided.filter((d) => d.gold === OUT_OF_SCOPE);
  const e = ece(decided.map((d) => ({ confidence: d.p, right: d.got === d.gold })));
  console.log(
    `${name.padEnd(38)} ${pct(decided.filter((d) => d.got === d.gold).length, decided.length).padStart(7)}   ${pct(inScope.filter((d) => d.got === d.gold).length, inScope.length).padStart(9)}   ${pct(oos.filter((d) => d.got === d.gold).length, oos.length).padStart(9)}   ${e.toFixed(3)}`,
  );
};
line(
  'shipped (bayes + aliases + rules)',
  shipped.map((o) => ({ gold: o.e.label, got: o.got, p: o.decidedConfidence })),
);
line(
  'shipped, raw scores',
  rawRun.map((o) => ({ gold: o.e.label, got: o.got, p: o.decidedConfidence })),
);
const train = readExamples(k.root, 'train');
for (const m of [new CharNaiveBayes(), new CharLogistic()] as TextModel[]) {
  m.train(train);
  line(
    m.name,
    evalSet.map((e) => {
      const [got, p] = [...m.predict(e.text)].sort((a, b) => b[1] - a[1])[0]!;
      return { gold: e.label, got, p };
    }),
  );
}
