import { z } from 'zod';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, basename } from 'node:path';
import { readYamlDir } from './files.js';
import { KnowledgeError, pathText, type Problem } from './problems.js';
import { locate } from './lines.js';
import { plainIssue, valueAt } from './plain-issue.js';
import { Bundle, ChargesFile, DepartmentsFile, DialogFile, DocumentsFile, FieldsFile, ItemsFile, MaterialsFile, type BundleId } from './schema/index.js';
import type { Knowledge } from './model.js';
import { compileBundles } from './compile.js';
import { crossCheck } from './cross-check.js';

export type { Knowledge, CompiledBundle, CompiledItem, CompiledQuestion, CompiledNeed } from './model.js';
export { KnowledgeError, formatProblems, type Problem } from './problems.js';
export { locate } from './lines.js';

z.config(z.locales.zhCN());

/**
 * The folder holding package.json and knowledge/: two levels up from this file in src/, one up from the
 * bundle in dist/ that `npm start` runs, so it is looked for rather than assumed.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'knowledge'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

function parseWith<S extends z.ZodType>(schema: S, file: string, data: unknown, problems: Problem[]): z.output<S> | null {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    // an unknown key is pointed at itself, so its line is the key's own
    const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    problems.push({ file, path: pathText(path), message: plainIssue(issue, valueAt(data, issue.path)) });
  }
  return null;
}

function collect<T extends { id: string }>(
  kind: string,
  files: { file: string; key: string; list: T[] }[],
  problems: Problem[],
  origin: Map<string, string>,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const { file, key, list } of files) {
    list.forEach((x, i) => {
      const prev = origin.get(`${kind}:${x.id}`);
      if (prev) {
        problems.push({ file, path: `${key}[${i}].id`, message: `${kind}「${x.id}」重复，已在 ${prev} 中定义` });
        return;
      }
      origin.set(`${kind}:${x.id}`, file);
      out.set(x.id, x);
    });
  }
  return out;
}

/**
 * Reads, validates and cross-checks all knowledge under `root` (the project folder by default).
 * Throws KnowledgeError listing every problem found, not just the first.
 */
export interface LoadOptions {
  /** the shipped knowledge must have all ten bundles; test fixtures may hold fewer */
  requireAllBundles?: boolean;
}

export function loadKnowledge(root: string = PROJECT_ROOT, opts: LoadOptions = {}): Knowledge {
  const problems: Problem[] = [];
  const origin = new Map<string, string>();
  const listFiles = <S extends z.ZodType>(dir: string, schema: S, key: string) =>
    readYamlDir(root, dir, problems).flatMap(({ file, data }) => {
      const parsed = parseWith(schema, file, data, problems) as Record<string, { id: string }[]> | null;
      return parsed ? [{ file, key, list: parsed[key]! }] : [];
    });

  const departments = collect('部门', listFiles('knowledge/departments', DepartmentsFile, 'departments'), problems, origin);
  const materials = collect('材料', listFiles('knowledge/materials', MaterialsFile, 'materials'), problems, origin);
  const fields = collect('表单字段', listFiles('knowledge/fields', FieldsFile, 'fields'), problems, origin);
  const charges = collect('收费规则', listFiles('knowledge/charges', ChargesFile, 'charges'), problems, origin);
  const items = collect('事项', listFiles('knowledge/items', ItemsFile, 'items'), problems, origin);
  const documents = collect('文书', listFiles('knowledge/documents', DocumentsFile, 'documents'), problems, origin);

  const bundles = new Map<BundleId, Bundle>();
  for (const { file, data } of readYamlDir(root, 'knowledge/bundles', problems)) {
    const b = parseWith(Bundle, file, data, problems);
    if (!b) continue;
    if (basename(file).replace(/\.ya?ml$/, '') !== b.id) {
      problems.push({ file, path: 'id', message: `文件名应与编号一致：${b.id}.yaml` });
    }
    if (bundles.has(b.id)) problems.push({ file, path: 'id', message: `一件事「${b.id}」重复定义` });
    bundles.set(b.id, b);
    origin.set(`bundle:${b.id}`, file);
  }

  const dialogs = new Map<BundleId, { bundle: BundleId; questions: z.output<typeof DialogFile>['questions'] }>();
  for (const { file, data } of readYamlDir(root, 'dialogs', problems)) {
    const d = parseWith(DialogFile, file, data, problems);
    if (!d) continue;
    if (!bundles.has(d.bundle as BundleId)) {
      problems.push({ file, path: 'bundle', message: `对话所属的一件事「${d.bundle}」不存在（knowledge/bundles/ 中没有）` });
      continue;
    }
    dialogs.set(d.bundle as BundleId, { bundle: d.bundle as BundleId, questions: d.questions });
    origin.set(`dialog:${d.bundle}`, file);
  }

  const k: Knowledge = {
    root,
    departments: departments as Knowledge['departments'],
    materials: materials as Knowledge['materials'],
    fields: fields as Knowledge['fields'],
    charges: charges as Knowledge['charges'],
    items: items as Knowledge['items'],
    documents: documents as Knowledge['documents'],
    bundles,
    dialogs,
    compiled: new Map(),
    origin,
  };
  // Checked even when some file failed, so one person's typo does not hide everyone else's problems.
  crossCheck(k, problems, opts.requireAllBundles ?? true);
  k.compiled = compileBundles(k, problems);
  if (problems.length > 0) {
    locate(root, problems);
    throw new KnowledgeError(problems);
  }
  return k;
}
