import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Words around a number or a person that say which question it answers (knowledge/nlu/vocab.yaml). */
const VocabFile = z
  .object({
    source: z.string(),
    effective: z.union([z.string(), z.date()]),
    numbers: z.array(z.object({ words: z.string(), means: z.string(), only: z.boolean().optional() }).strict()),
    dialect: z
      .record(z.string(), z.string())
      .refine((d) => Object.entries(d).every(([a, b]) => a.length === b.length), 'a dialect word and its reading must be of the same length'),
    counts: z.array(z.object({ words: z.string(), value: z.number().int().positive(), means: z.string() }).strict()),
    kin: z.record(z.string(), z.array(z.string().min(1))),
  })
  .strict();

export interface NumberCue {
  words: RegExp;
  means: RegExp;
  /** the sum answers the question `means` names or none at all (a loan's balance is never the price) */
  only?: boolean;
}
export interface Vocab {
  numbers: NumberCue[];
  /** counts said by a word (双胞胎 is 2) for the count question whose topic or text matches `means` */
  counts: { words: RegExp; value: number; means: RegExp }[];
  /** relation → its words, longest first */
  kin: Map<string, string[]>;
  /** dialect words read as Mandarin of the same length (俺 → 我, 找不着 → 找不到), for reading facts */
  standard: (text: string) => string;
  /** every kin word → its relation */
  relationOf: Map<string, string>;
  /** any kin word, longest first */
  kinRe: RegExp;
}

export function readVocab(root: string): Vocab {
  const d = VocabFile.parse(parse(readFileSync(join(root, 'knowledge', 'nlu', 'vocab.yaml'), 'utf8')));
  const kin = new Map<string, string[]>();
  const relationOf = new Map<string, string>();
  for (const [rel, words] of Object.entries(d.kin)) {
    kin.set(
      rel,
      [...words].sort((a, b) => b.length - a.length),
    );
    for (const w of words) if (!relationOf.has(w)) relationOf.set(w, rel);
  }
  const all = [...relationOf.keys()].sort((a, b) => b.length - a.length);
  const dialect = Object.keys(d.dialect).sort((a, b) => b.length - a.length);
  const dialectRe = dialect.length > 0 ? new RegExp(dialect.join('|'), 'g') : null;
  return {
    standard: (text) => (dialectRe ? text.replace(dialectRe, (w) => d.dialect[w]!) : text),
    numbers: d.numbers.map((n) => ({ words: new RegExp(n.words), means: new RegExp(n.means), ...(n.only ? { only: true } : {}) })),
    counts: d.counts.map((n) => ({ words: new RegExp(n.words), value: n.value, means: new RegExp(n.means) })),
    kin,
    relationOf,
    kinRe: new RegExp(`(${all.join('|')})`, 'g'),
  };
}
