import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { Problem } from './problems.js';

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
  const doc = parseDocument(readFileSync(abs, 'utf8'), { prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0];
      problems.push({ file, path: line ? `第 ${line.line} 行` : '', message: `YAML 格式错误：${e.message.split('\n')[0]}` });
    }
    return null;
  }
  return { file, data: doc.toJS() };
}
