/**
 * npm run eval:dialogue — runs the written dialogue corpus (tests/dialogues/data) over the real bot
 * turn and simulates random answer paths per bundle; prints what issue 11 measures.
 */
import { median, questionsToChecklist, readCorpus, runDialogue } from '../tests/dialogues/runner.js';

const corpus = readCorpus();
const totals = { openings: 0, openingsTaken: 0, followups: 0, followupsKept: 0, sides: 0, sidesAnswered: 0, wiped: 0 };
const failed: { id: string; file: string; failures: string[] }[] = [];
for (const d of corpus) {
  const r = await runDialogue(d);
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += r.counts[key];
  if (r.failures.length > 0) failed.push(r);
}
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
console.log(`dialogues: ${corpus.length} (${corpus.length - failed.length} pass, ${failed.length} fail), files: ${new Set(corpus.map((d) => d.file)).size}`);
console.log(`openings taken: ${totals.openingsTaken}/${totals.openings} (${pct(totals.openingsTaken, totals.openings)})`);
console.log(`follow-ups answered without loss: ${totals.followupsKept}/${totals.followups} (${pct(totals.followupsKept, totals.followups)})`);
console.log(`cases wiped: ${totals.wiped}`);
console.log(`side questions answered (question kept, same number): ${totals.sidesAnswered}/${totals.sides} (${pct(totals.sidesAnswered, totals.sides)})`);
const paths = Number(process.env.EVAL_PATHS ?? 40);
console.log(`\nquestions to the first checklist (${paths} random answer paths per bundle; target: second-hand-house median ≤ 12, others ≤ 8)`);
for (const [bundle, xs] of await questionsToChecklist(paths)) {
  const m = median(xs);
  const target = bundle.startsWith('second-hand-house') ? 12 : 8;
  console.log(
    `  ${bundle.padEnd(24)} min ${String(xs[0]).padStart(2)}  median ${String(m).padStart(4)}  max ${String(xs.at(-1)).padStart(2)}  ${m <= target ? 'ok' : 'OVER'}`,
  );
}
if (failed.length > 0) {
  console.log('\nfailures:');
  for (const f of failed) for (const x of f.failures) console.log(`  ${f.file} ${f.id}: ${x}`);
}
process.exitCode = failed.length > 0 || totals.wiped > 0 ? 1 : 0;
