import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file whole or not at all (a temp file in the same folder, then a rename), creating the
 * folder. For the caches in the temp folder, which several processes may fill at once: a reader never
 * sees half a file. Returns false when the folder cannot be written; a cache that is not kept only
 * costs speed.
 */
export function writeFileAtomicSync(file: string, content: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, content);
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}
