/**
 * Calibration of a confidence against what happened: isotonic regression (pool adjacent violators) of
 * "was the reading right" on the raw score, and the reliability table and expected calibration error that
 * show whether a confidence means what it says (among readings at 0.9, about nine in ten right).
 * Pure functions: scripts/cv-nlu.ts fits the curve on the training lines, scripts/eval-nlu.ts measures it.
 */

export interface Outcome {
  confidence: number;
  right: boolean;
}

/**
 * The isotonic fit as [raw, calibrated] points, at most `maxPoints` (the blocks' mean raw score and
 * share right), increasing in both. calibrate() in thresholds.ts interpolates between them.
 */
export function isotonic(outcomes: Outcome[], maxPoints = 16): [number, number][] {
  const sorted = [...outcomes].sort((a, b) => a.confidence - b.confidence);
  const blocks: { x: number; y: number; n: number }[] = [];
  for (const o of sorted) {
    blocks.push({ x: o.confidence, y: o.right ? 1 : 0, n: 1 });
    while (blocks.length >= 2 && blocks[blocks.length - 2]!.y >= blocks[blocks.length - 1]!.y) {
      const b = blocks.pop()!;
      const a = blocks.pop()!;
      const n = a.n + b.n;
      blocks.push({ x: (a.x * a.n + b.x * b.n) / n, y: (a.y * a.n + b.y * b.n) / n, n });
    }
  }
  // merge the smallest neighbours until few points remain: a curve of 300 steps overfits the folds
  while (blocks.length > maxPoints) {
    let best = 0;
    for (let i = 1; i < blocks.length - 1; i++) if (blocks[i]!.n + blocks[i + 1]!.n < blocks[best]!.n + blocks[best + 1]!.n) best = i;
    const a = blocks[best]!;
    const b = blocks[best + 1]!;
    const n = a.n + b.n;
    blocks.splice(best, 2, { x: (a.x * a.n + b.x * b.n) / n, y: (a.y * a.n + b.y * b.n) / n, n });
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  // blocks whose mean raw score rounds the same (many lines read 1.000) are one point
  const out: { x: number; y: number; n: number }[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (last && round(last.x) === round(b.x)) {
      const n = last.n + b.n;
      last.y = (last.y * last.n + b.y * b.n) / n;
      last.n = n;
    } else out.push({ ...b });
  }
  return out.map((b) => [round(b.x), round(b.y)]);
}

export interface Bin {
  lo: number;
  hi: number;
  n: number;
  meanConfidence: number;
  accuracy: number;
}

/** Readings grouped by confidence in `bins` equal-width bins, with each bin's mean confidence and share right. */
export function reliability(outcomes: Outcome[], bins = 10): Bin[] {
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ lo: i / bins, hi: (i + 1) / bins, n: 0, meanConfidence: 0, accuracy: 0 }));
  for (const o of outcomes) {
    const b = out[Math.min(bins - 1, Math.floor(o.confidence * bins))]!;
    b.n++;
    b.meanConfidence += o.confidence;
    b.accuracy += o.right ? 1 : 0;
  }
  for (const b of out) {
    if (b.n === 0) continue;
    b.meanConfidence /= b.n;
    b.accuracy /= b.n;
  }
  return out;
}

/** Expected calibration error: the bins' |accuracy − mean confidence|, weighted by how many readings each holds. */
export function ece(outcomes: Outcome[], bins = 10): number {
  const n = outcomes.length || 1;
  return reliability(outcomes, bins).reduce((s, b) => s + (b.n / n) * Math.abs(b.accuracy - b.meanConfidence), 0);
}
