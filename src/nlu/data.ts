import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { BUNDLE_IDS } from '../knowledge/schema/index.js';

export const OUT_OF_SCOPE = 'out_of_scope';
export const Label = z.enum([...BUNDLE_IDS, OUT_OF_SCOPE]);
export type Label = z.output<typeof Label>;

/** One file of examples: the bundle (or out_of_scope) and its lines grouped by the way people put it. */
const ExamplesFile = z
  .object({
    label: Label,
    /** kind of utterance (plain, colloquial, dialect, typo, mixed, story) → lines */
    examples: z.record(z.string(), z.array(z.string().min(1))),
  })
  .strict();

export interface Example {
  text: string;
  label: Label;
  kind: string;
  file: string;
}

/** train: what the classifier learns from; eval and eval2: two held-out sets written apart (eval2 after the first was known, before any failure on it was looked at). */
export type ExampleSet = 'train' | 'eval' | 'eval2';

export function readExamples(root: string, set: ExampleSet): Example[] {
  const dir = join(root, 'knowledge', 'nlu', set);
  if (!existsSync(dir)) return [];
  const out: Example[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const file = join('knowledge', 'nlu', set, name);
    const r = ExamplesFile.safeParse(parse(readFileSync(join(root, file), 'utf8')));
    if (!r.success) throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    for (const [kind, lines] of Object.entries(r.data.examples)) {
      for (const text of lines) out.push({ text: String(text), label: r.data.label, kind, file });
    }
  }
  return out;
}

const IntentsFile = z.object({ intents: z.record(z.string(), z.array(z.string().min(1))) }).strict();

export function readIntentPatterns(root: string): [string, RegExp[]][] {
  const file = join(root, 'knowledge', 'nlu', 'intents.yaml');
  const data = IntentsFile.parse(parse(readFileSync(file, 'utf8')));
  return Object.entries(data.intents).map(([name, res]) => [name, res.map((s) => new RegExp(s, 'i'))]);
}

const EvidenceFile = z
  .object({
    source: z.string(),
    effective: z.union([z.string(), z.date()]),
    evidence: z.array(z.object({ bundle: z.enum(BUNDLE_IDS), words: z.string(), weight: z.number().positive() }).strict()),
  })
  .strict();

/** Patterns that speak for a bundle like a name said outright (knowledge/nlu/evidence.yaml). */
export function readEvidence(root: string): { bundle: (typeof BUNDLE_IDS)[number]; words: RegExp; weight: number }[] {
  const file = join(root, 'knowledge', 'nlu', 'evidence.yaml');
  if (!existsSync(file)) return [];
  return EvidenceFile.parse(parse(readFileSync(file, 'utf8'))).evidence.map((e) => ({ bundle: e.bundle, words: new RegExp(e.words), weight: e.weight }));
}
