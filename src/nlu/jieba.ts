import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodejieba from 'nodejieba';
import { writeFileAtomicSync } from '../util/files.js';

/**
 * Words of jieba's general dictionary kept: those seen at least this often in its corpus. The full
 * dictionary (349k words) costs about 1 s and 230 MB at every start; the common ones (~52k) keep
 * everyday wording whole, and the domain words come from the knowledge as a user dictionary anyway.
 * Measured on the evaluation set in docs/nlu.md.
 */
export const DICT_MIN_FREQ = Number(process.env.NLU_DICT_MIN_FREQ ?? 50);

let loaded = false;

/** A file written once per machine (temp folder), named for its content so a new jieba or setting makes a new one. */
function cached(name: string, content: () => string, key: string): string {
  const file = join(tmpdir(), `yjs-jieba-${createHash('sha1').update(key).digest('hex').slice(0, 12)}-${name}`);
  if (!existsSync(file) && !writeFileAtomicSync(file, content())) throw new Error(`cannot write ${file}`);
  return file;
}

/**
 * Loads jieba with the trimmed general dictionary, before the first cut. Keyword extraction (idf,
 * stop words) is not used here, so those get one-line files instead of 6 MB. Falls back to jieba's
 * own files when the temp folder cannot be written.
 */
export function loadJieba(): void {
  if (loaded) return;
  loaded = true;
  // the package exports its dictionary paths; its type file does not declare them
  const full = (nodejieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;
  if (!(DICT_MIN_FREQ > 1)) {
    nodejieba.load({});
    return;
  }
  try {
    const st = statSync(full);
    const key = `${full}:${st.size}:${st.mtimeMs}:${DICT_MIN_FREQ}`;
    const dict = cached('dict.utf8', () => trim(readFileSync(full, 'utf8'), DICT_MIN_FREQ), key);
    const idfDict = cached('idf.utf8', () => '的 1.0\n', key);
    const stopWordDict = cached('stop.utf8', () => '的\n', key);
    nodejieba.load({ dict, idfDict, stopWordDict });
  } catch {
    nodejieba.load({});
  }
}

function trim(dict: string, minFreq: number): string {
  const out: string[] = [];
  for (const line of dict.split('\n')) {
    const freq = Number(line.split(' ')[1]);
    if (freq >= minFreq) out.push(line);
  }
  return `${out.join('\n')}\n`;
}
