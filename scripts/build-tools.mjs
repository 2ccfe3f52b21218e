/**
 * What a container runs beside the bot, each as one file in dist/ (the production image has no
 * TypeScript runner): dist/backend.mjs, the reference acceptance backend alone (compose.yaml's `backend`
 * service), and dist/console-user.mjs, `npm run console:user` (with DATABASE_URL it writes PostgreSQL,
 * so `docker compose exec bot1 node dist/console-user.mjs <name> -` adds an operator every instance knows).
 * ES modules, not CommonJS like dist/main.cjs, because both scripts await at their top level; the banner
 * gives the bundled CommonJS dependencies the `require` an ES module lacks. Plain JavaScript: it runs
 * before anything is compiled.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { backend: join(root, 'apps', 'backend', 'main.ts'), 'console-user': join(root, 'scripts', 'console-user.ts') };
for (const [name, entry] of Object.entries(entries)) {
  await build({
    entryPoints: [entry],
    outfile: join(root, 'dist', `${name}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['nodejieba', 'dtrace-provider', 'natural'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
console.error('dist/backend.mjs and dist/console-user.mjs built');
