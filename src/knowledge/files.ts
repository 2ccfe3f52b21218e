import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { Problem } from './problems.js';
import { writeFileAtomicSync } from '../util/files.js';

export interface DataFile {
  /** path relative to the project root, for messages */
  file: string;
  data: unknown;
}

/** Reads every .yaml/.yml in a folder (sorted, so load order is stable). YAML errors become problems. */
export function readYamlDir(root: string, dir: string, problems: Problem[]): DataFile[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => readYamlFile(root, join(dir, f), problems))
    .filter((d): d is DataFile => d !== null);
}

export function readYamlFile(root: string, rel: string, problems: Problem[]): DataFile | null {
  const abs = join(root, rel);
  const file = relative(root, abs);
  const text = readFileSync(abs, 'utf8');
  const cached = fromCache(text);
  if (cached !== undefined) return { file, data: cached };
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0];
      problems.push({ file, path: '', line: line?.line, message: `YAML 格式错误：${e.message.split('\n')[0]}` });
    }
    return null;
  }
  const data: unknown = doc.toJS();
  toCache(text, data);
  return { file, data };
}

/**
 * Parsed YAML kept as JSON in the temp folder, named for the file's exact content: parsing the
 * knowledge's YAML is most of a start-up's knowledge load, and JSON reads ten times faster. A changed
 * file has a new name, so a stale entry is never read; validation still runs on every load.
 */
const CACHE_DIR = join(tmpdir(), 'yjs-yaml-cache');

function cachePath(text: string): string {
  return join(CACHE_DIR, `${createHash('sha1').update(text).digest('hex')}.json`);
}

function fromCache(text: string): unknown {
  try {
    return JSON.parse(readFileSync(cachePath(text), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function toCache(text: string, data: unknown): void {
  writeFileAtomicSync(cachePath(text), JSON.stringify(data));
}
