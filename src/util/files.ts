import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Files holding personal data or secrets are readable by the service's own user only. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

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

const tmpName = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Creates a folder (and parents) only the owner can enter; an existing one is narrowed to 0700. */
export async function mkdirPrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  await chmod(dir, PRIVATE_DIR);
}

/** Like writeFileAtomicSync, for personal data: folder 0700, file 0600, errors thrown. */
export function writeFilePrivateSync(file: string, content: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR });
    chmodSync(dirname(file), PRIVATE_DIR);
    const tmp = tmpName(file);
    writeFileSync(tmp, content, { mode: PRIVATE_FILE });
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a file of personal data whole or not at all, readable by the owner only (0600). The folder
 * must exist (see mkdirPrivate): a hot path does not pay for a mkdir on every write.
 */
export async function writeFilePrivate(file: string, content: string): Promise<void> {
  const tmp = tmpName(file);
  await writeFile(tmp, content, { mode: PRIVATE_FILE });
  await rename(tmp, file);
}

/** How a file's text is kept on disk: as it is, or sealed (see crypto-at-rest's `sealingCodec`). */
export interface TextCodec {
  encode(text: string): string;
  decode(stored: string): string;
}

const PLAIN: TextCodec = { encode: (t) => t, decode: (t) => t };

/**
 * A lowdb adapter (read/write of one JSON file) that keeps the file 0600 in a 0700 folder; lowdb's own
 * JSONFile writes with the default mode (0644: readable by every user of the machine). A codec may
 * seal the text on its way to disk.
 */
export class PrivateJsonFile<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private dirReady = false;
  constructor(
    private readonly file: string,
    private readonly codec: TextCodec = PLAIN,
  ) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(this.codec.decode(await readFile(this.file, 'utf8'))) as T;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  write(data: T): Promise<void> {
    const content = this.codec.encode(JSON.stringify(data, null, 2));
    const run = this.chain.then(async () => {
      if (!this.dirReady) {
        await mkdirPrivate(dirname(this.file));
        this.dirReady = true;
      }
      await writeFilePrivate(this.file, content);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}
