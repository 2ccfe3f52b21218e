import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** A service next to the ten bundles: where to go instead (knowledge/nlu/pointers.yaml, with its source). */
export interface Pointer {
  id: string;
  say: string;
}

const PointersFile = z
  .object({
    source: z.string(),
    effective: z.union([z.string(), z.date()]),
    pointers: z.array(
      z.object({ id: z.string(), firm: z.boolean().optional(), unless: z.string().optional(), words: z.array(z.string()).min(1), say: z.string() }).strict(),
    ),
  })
  .strict();

export interface PointerIndex {
  find(text: string): (Pointer & { firm: boolean }) | undefined;
}

export function readPointers(root: string): PointerIndex {
  const d = PointersFile.parse(parse(readFileSync(join(root, 'knowledge', 'nlu', 'pointers.yaml'), 'utf8')));
  const list = d.pointers.map((p) => ({
    id: p.id,
    say: p.say,
    firm: p.firm ?? false,
    unless: p.unless ? new RegExp(p.unless) : null,
    res: p.words.map((w) => new RegExp(w)),
  }));
  return {
    find(text) {
      const p = list.find((x) => x.res.some((re) => re.test(text)));
      // a bundle's own words next to the service's (年报没报能注销吗) make the pointer a fallback, not a rule
      return p && { id: p.id, say: p.say, firm: p.firm && !p.unless?.test(text) };
    },
  };
}
