import type { CompiledBundle, Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';

export class UnknownBundleError extends Error {
  constructor(readonly bundle: string) {
    super(`没有名为「${bundle}」的一件事`);
  }
}

export function compiledBundle(k: Knowledge, id: BundleId | string): CompiledBundle {
  const cb = k.compiled.get(id as BundleId);
  if (!cb) throw new UnknownBundleError(id);
  return cb;
}
