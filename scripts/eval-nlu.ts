/**
 * Evaluates the understanding on knowledge/nlu/eval (never trained on): bundle accuracy per bundle and per
 * kind of utterance, out-of-scope precision and recall, and the confusions. Compares the classifiers:
 *   npm run eval:nlu             all configurations, details for the shipped one
 *   npm run eval:nlu -- --errors also list every miss of the shipped one
 *   npm run eval:nlu -- --fast   skip logistic regression (natural trains it densely: minutes)
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { createNlu, type NluOptions } from '../src/nlu/index.js';
import { OUT_OF_SCOPE, readExamples, type Example, type ExampleSet } from '../src/nlu/data.js';

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
}

function run(opts: NluOptions): { outcomes: Outcome[]; trainMs: number } {
  const t0 = performance.now();
  const nlu = createNlu(k, opts);
  const trainMs = performance.now() - t0;
  const outcomes = evalSet.map((e) => {
    const r = nlu.parse(e.text);
    return { e, got: r.outOfScope ? OUT_OF_SCOPE : (r.bundle ?? 'unclear') };
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
console.log(`评测集 ${setName}：${evalSet.length} 句（${evalSet.filter((e) => e.label !== OUT_OF_SCOPE).length} 句属于十件事，${evalSet.filter((e) => e.label === OUT_OF_SCOPE).length} 句不属于）\n`);
console.log('configuration                      bundle acc   oos prec   oos recall   overall   train ms');
for (const [name, opts] of configs) {
  if (skipSlow && opts.classifier === 'logreg') continue;
  const { outcomes, trainMs } = run(opts);
  if (name.includes('shipped')) shipped = outcomes;
  const s = summary(outcomes);
  console.log(`${name.padEnd(34)} ${pct(s.bundleOk, s.inScope).padStart(9)}  ${pct(s.oosHit, s.saidOos).padStart(9)}  ${pct(s.oosHit, s.oos).padStart(11)}  ${(100 * s.overall).toFixed(1).padStart(7)}%  ${trainMs.toFixed(0).padStart(8)}`);
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
