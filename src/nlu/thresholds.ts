import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The calibrated confidence bars the bot acts on (knowledge/nlu/thresholds.yaml, written by scripts/cv-nlu.ts --calibrate). */
export const Thresholds = z
  .object({
    source: z.string(),
    effective: z.union([z.string(), z.date()]),
    factSure: z.number().min(0).max(1),
    bundleSure: z.number().min(0).max(1),
    bundleAsk: z.number().min(0).max(1),
    temperature: z.number().positive(),
    /** isotonic map of raw bundle scores to the share right, from cross-validation: [raw, calibrated] points */
    bundleCurve: z.array(z.tuple([z.number(), z.number()])).optional(),
  })
  .strict();
export type Thresholds = z.output<typeof Thresholds>;

export function readThresholds(root: string): Thresholds {
  return Thresholds.parse(parse(readFileSync(join(root, 'knowledge', 'nlu', 'thresholds.yaml'), 'utf8')));
}

/** A raw bundle score through the calibration curve (piecewise linear between its points). */
export function calibrate(t: Thresholds, raw: number): number {
  const c = t.bundleCurve;
  if (!c || c.length === 0) return raw;
  if (raw <= c[0]![0]) return c[0]![1];
  for (let i = 1; i < c.length; i++) {
    const [x1, y1] = c[i]!;
    const [x0, y0] = c[i - 1]!;
    if (raw <= x1) return x1 === x0 ? y1 : y0 + ((raw - x0) / (x1 - x0)) * (y1 - y0);
  }
  return c[c.length - 1]![1];
}
