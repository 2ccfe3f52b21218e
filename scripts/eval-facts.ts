/**
 * Fact extraction against tests/nlu/facts.tsv and the held-out tests/nlu/facts-heldout.tsv (written apart,
 * never tuned on): `npm run eval:facts [-- --quiet]`. Each row is a sentence (with the bundle
 * and the question on screen) and the exact sure facts expected (question=value@party), or facts that must
 * not be recorded (!question, !question=value). Prints precision and recall per slot kind (question type
 * and the row's tags) and every failing case. Facts recorded that the row does not mention are listed apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { createNlu } from '../src/nlu/index.js';
import type { BundleId } from '../src/knowledge/schema/index.js';

const k = loadKnowledge();
const nlu = createNlu(k);
type Tally = { tp: number; fp: number; fn: number };
const quiet = process.argv.includes('--quiet');
function evaluate(file: string): { tp: number; fp: number; fn: number } {
  const rows = readFileSync(join(k.root, 'tests', 'nlu', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  const by = new Map<string, Tally>();
  const tally = (key: string) => {
    if (!by.has(key)) by.set(key, { tp: 0, fp: 0, fn: 0 });
    return by.get(key)!;
  };
  const fails: string[] = [];
  const unlisted: string[] = [];
  const same = (a: unknown, b: string) => (Array.isArray(a) ? [...a].sort().join(',') === b.split(',').filter(Boolean).sort().join(',') : String(a) === b);
  for (const row of rows) {
    const [bundle, qid, text, expect = '', tags = ''] = row.split('\t');
    const dialog = k.dialogs.get(bundle as BundleId);
    if (!dialog) throw new Error(`unknown bundle in facts.tsv: ${bundle}`);
    const question = qid && qid !== '-' ? dialog.questions.find((q) => q.id === qid) : undefined;
    if (qid && qid !== '-' && !question) throw new Error(`unknown question ${qid} in ${bundle}`);
    const r = nlu.parse(text!, { bundle: bundle as BundleId, question: question ?? null });
    const recorded: Record<string, unknown> = { ...r.answers };
    if (question && r.answer !== undefined) recorded[question.id] = r.answer;
    const partyOf = (id: string) => r.facts?.find((f) => f.question === id)?.party;
    const kinds = (id: string) => [dialog.questions.find((q) => q.id === id)?.type ?? '?', ...tags.replace(/[[\]]/g, '').split(',').filter(Boolean)];
    const mentioned = new Set<string>();
    for (const part of expect
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const neg = part.startsWith('!');
      const m = /^!?([a-z_]+)(?:=([^@]*))?(?:@([a-z]+))?$/.exec(part);
      if (!m) throw new Error(`bad expectation "${part}" in: ${row}`);
      const [, id, value, party] = m as unknown as [string, string, string | undefined, string | undefined];
      mentioned.add(id);
      const got = recorded[id];
      if (neg) {
        const wrong = got !== undefined && (value === undefined || same(got, value));
        for (const kd of kinds(id)) if (wrong) tally(kd).fp++;
        if (wrong) fails.push(`${text}  [${qid}]  recorded ${id}=${JSON.stringify(got)}, must not`);
        continue;
      }
      const ok = got !== undefined && same(got, value ?? '') && (!party || partyOf(id) === party || (question?.id === id && r.answer !== undefined));
      for (const kd of kinds(id)) {
        const t = tally(kd);
        if (ok) t.tp++;
        else {
          t.fn++;
          if (got !== undefined) t.fp++;
        }
      }
      if (!ok)
        fails.push(
          `${text}  [${qid}]  expected ${id}=${value}@${party ?? '?'}, got ${got === undefined ? 'nothing' : `${JSON.stringify(got)}@${partyOf(id)}`}${r.suggestions?.[id] !== undefined ? ` (offered ${JSON.stringify(r.suggestions[id])})` : ''}`,
        );
    }
    for (const id of Object.keys(recorded)) if (!mentioned.has(id)) unlisted.push(`${text}  → ${id}=${JSON.stringify(recorded[id])}`);
  }
  const all = [...by.entries()]
    .filter(([kd]) => ['yesno', 'single', 'multi', 'number', 'money', 'area'].includes(kd))
    .reduce((a, [, t]) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), { tp: 0, fp: 0, fn: 0 });
  const pct = (n: number, d: number) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
  console.log(`\n=== ${file}: ${rows.length} sentences ===\n\nslot kind        precision   recall   (right / recorded wrongly / missed)`);
  for (const [kd, t] of [...by].sort()) console.log(`  ${kd.padEnd(14)} ${pct(t.tp, t.tp + t.fp)}   ${pct(t.tp, t.tp + t.fn)}   (${t.tp} / ${t.fp} / ${t.fn})`);
  console.log(`  ${'ALL'.padEnd(14)} ${pct(all.tp, all.tp + all.fp)}   ${pct(all.tp, all.tp + all.fn)}   (${all.tp} / ${all.fp} / ${all.fn})`);
  if (quiet) return all;
  console.log(`\nfailing (${fails.length}):`);
  for (const f of fails) console.log(`  ${f}`);
  console.log(`\nrecorded but not in the row (${unlisted.length}; check by eye):`);
  for (const u of unlisted) console.log(`  ${u}`);
  return all;
}

const totals = ['facts.tsv', 'facts-heldout.tsv'].map((f) => [f, evaluate(f)] as const);
console.log('\nsummary          precision   recall');
for (const [f, t] of totals) console.log(`  ${f.padEnd(18)} ${((100 * t.tp) / (t.tp + t.fp)).toFixed(1)}%   ${((100 * t.tp) / (t.tp + t.fn)).toFixed(1)}%`);
