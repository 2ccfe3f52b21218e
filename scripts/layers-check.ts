/**
 * npm run layers:check — reads every import under src/ and apps/ and reports those that go against the
 * layer order in README.md (file:line, what it imports, why not). tests/layers/layers.test.ts runs the
 * same check in `npm test`, so a wrong import fails the suite rather than waiting for a review.
 *
 * Imports are read with TypeScript's own pre-processor (static, dynamic, type-only and re-exports alike),
 * not with a regular expression that a comment or a string could fool. A type-only import counts: it is
 * still a dependency that a move to another framework or another layer would have to follow.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Lowest first: a file may import its own layer and those with a lower rank. */
const RANKED = ['util', 'knowledge', 'engine', 'nlu', 'contract', 'bot', 'channels', 'acceptance', 'server', 'main'] as const;
type Ranked = (typeof RANKED)[number];
type Layer = Ranked | 'backend';

/** The reference backend is a separate app: the contract is all it shares with the bot. */
const BACKEND_MAY_IMPORT: readonly Layer[] = ['util', 'knowledge', 'engine', 'contract', 'backend'];
/** Started beside the bot by `npm start`; nothing below the wiring knows it exists. */
const MAY_IMPORT_BACKEND: readonly Layer[] = ['server', 'main', 'backend'];
/** botbuilder stays in these, so that moving to its successor is one layer's work. */
const MAY_IMPORT_BOTBUILDER: readonly Layer[] = ['bot', 'channels', 'server', 'main'];
const BOTBUILDER = /^(botbuilder|botframework-)/;

export interface LayerProblem {
  file: string;
  line: number;
  imports: string;
  message: string;
}

/** The layer of a project-relative path (forward slashes), or undefined outside src/ and apps/. */
export function layerOf(path: string): Layer | undefined {
  if (path.startsWith('apps/backend/')) return 'backend';
  if (path === 'src/main.ts') return 'main';
  if (path.startsWith('src/acceptance/contract/')) return 'contract';
  const top = /^src\/([^/]+)\//.exec(path)?.[1];
  return (RANKED as readonly string[]).includes(top ?? '') ? (top as Ranked) : undefined;
}

function allowed(from: Layer, to: Layer): boolean {
  if (from === 'backend') return BACKEND_MAY_IMPORT.includes(to);
  if (to === 'backend') return MAY_IMPORT_BACKEND.includes(from);
  return RANKED.indexOf(to) <= RANKED.indexOf(from);
}

function sources(dir: string): string[] {
  let out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out = out.concat(sources(p));
    else if (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every import against the layer order under root/src and root/apps. */
export function layerProblems(root: string): LayerProblem[] {
  const problems: LayerProblem[] = [];
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  for (const abs of [...sources(join(root, 'src')), ...sources(join(root, 'apps'))]) {
    const file = rel(abs);
    const from = layerOf(file);
    if (!from) continue;
    const text = readFileSync(abs, 'utf8');
    const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const spec = ref.fileName;
      if (BOTBUILDER.test(spec)) {
        if (!MAY_IMPORT_BOTBUILDER.includes(from)) {
          problems.push({ file, line: lineAt(ref.pos), imports: spec, message: `botbuilder belongs to src/bot, src/channels and src/server, not to ${from}` });
        }
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = rel(resolve(dirname(abs), spec));
      const to = layerOf(target);
      if (!to) {
        problems.push({ file, line: lineAt(ref.pos), imports: spec, message: 'imports from outside src/ and apps/' });
      } else if (!allowed(from, to)) {
        problems.push({ file, line: lineAt(ref.pos), imports: spec, message: `${from} may not import ${to}` });
      }
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = layerProblems(root);
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.imports} — ${p.message}`);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) against the layer order (README.md, "Layout")`);
    process.exit(1);
  }
  console.log('layers: every import goes downward');
}
