import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSealed, type Keyring, open, seal, sealedKeyId } from './crypto-at-rest.js';
import { mkdirPrivate, writeFilePrivate } from './files.js';

/** What resealing found: no file, a file already sealed under the current key, or one rewritten now. */
export type ResealOutcome = 'absent' | 'current' | 'rewritten';

/**
 * Seals a one-file store under the ring's current key when it is plaintext (written before encryption)
 * or sealed under an older key, so a store opened at start-up, or walked by `npm run rotate-key`, is
 * current without waiting for its next change. A file no configured key opens throws DataKeyError and
 * is left as it is.
 */
export async function resealFile(file: string, ring: Keyring): Promise<ResealOutcome> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  if (isSealed(text) && sealedKeyId(text) === ring.current.id) return 'current';
  const plain = isSealed(text) ? open(ring, text) : text;
  // a plaintext file must at least be JSON: sealing garbage would hide it from whoever repairs it
  JSON.parse(plain);
  await mkdirPrivate(dirname(file));
  await writeFilePrivate(file, `${seal(ring, plain)}\n`);
  return 'rewritten';
}
