/**
 * `npm start` runs the server from one bundled file, dist/main.cjs, built here with esbuild and loaded
 * by scripts/serve.cjs with V8's code cache.
 *
 * Why: started through tsx from 150 source files and some 1,500 files of dependencies, the server took
 * about 3 s and 240 MB before its first answer (tsx's loader thread alone ~0.3 s and ~35 MB; resolving
 * and compiling botbuilder's module tree ~0.5 s). One pre-built file starts in about 1.5 s, and about
 * 1.3 s once its code cache exists. Tests, the terminal chat and the other scripts still run the
 * TypeScript sources directly.
 *
 * CommonJS rather than an ES module because Node 20 can give a code cache to a vm.Script but not to an
 * ES module (Node 22's module.enableCompileCache does both).
 *
 * The bundle is rebuilt only when a source file, package.json or package-lock.json is newer than it,
 * so a second `npm start` costs a directory walk. `node scripts/build.mjs --force` always rebuilds.
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'main.cjs');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) m = Math.max(m, newest(join(path, name)));
  return m;
}

const inputs = ['src', 'apps', 'package.json', 'package-lock.json', 'scripts/build.mjs'].map((p) => join(root, p)).filter(existsSync);
const upToDate = existsSync(out) && !process.argv.includes('--force') && Math.max(...inputs.map(newest)) < statSync(out).mtimeMs;

if (!upToDate) {
  const started = performance.now();
  await build({
    entryPoints: [join(root, 'src', 'main.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // native addons stay where npm built them; natural's classifier files are required at run time
    external: ['nodejieba', 'dtrace-provider', 'natural'],
    // the sources locate the project (and require natural) from their own URL
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // whitespace and syntax only: names stay readable in stack traces and logs
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // esbuild leaves Chinese inside regular expression literals as it is, and one non-ASCII character
  // makes V8 keep the whole 6 MB source as a two-byte string (12 MB of heap for as long as the
  // server runs); \uXXXX escapes mean the same in strings, templates and regular expressions
  const text = readFileSync(out, 'utf8');
  writeFileSync(
    out,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range names every non-ASCII character, \x00 is its lower bound
    text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  // the old code cache belongs to the old bundle (V8 would reject it anyway, after reading 6 MB)
  rmSync(`${out}.cache`, { force: true });
  console.error(`dist/main.cjs built in ${Math.round(performance.now() - started)} ms`);
}
