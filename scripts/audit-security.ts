import { startAuditServer } from './security/child.js';
import { findingsTable, INPUT_CLASSES, runAudit } from './security/fuzz.js';

/**
 * npm run audit:security [-- --seed N --n COUNT]: starts the server in a child process on loopback (the
 * embedded default, a temporary DATA_DIR), runs the seeded hostile-input pass over every public route,
 * prints the figures and a table of findings, and exits 1 on any finding. AUDIT_SEED / AUDIT_N work too.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('seed') ?? process.env.AUDIT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const n = Number(arg('n') ?? process.env.AUDIT_N ?? 2000);
if (!Number.isInteger(seed) || !Number.isInteger(n) || n <= 0) {
  console.error('用法：npm run audit:security -- --seed 整数 --n 请求数');
  process.exit(2);
}

console.log(`seed ${seed}, ${n} requests (replay with: npm run audit:security -- --seed ${seed} --n ${n})`);
const server = await startAuditServer();
let code = 0;
try {
  const res = await runAudit(server, seed, n);
  console.log(`\ninputs tried: ${res.tried} in ${(res.ms / 1000).toFixed(1)} s`);
  console.log(`by input class: ${INPUT_CLASSES.map((c) => `${c} ${res.byClass.get(c) ?? 0}`).join(', ')}`);
  console.log(
    `statuses: ${[...res.statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, k]) => `${s}×${k}`)
      .join(', ')}`,
  );
  console.log(`crashes: ${res.crashes}, unauthorised console reads: ${res.unauthorisedReads}, responses leaking a stack, path or personal data: ${res.leaks}`);
  console.log(`connections reset before their answer was read (uploads over a route's limit included): ${res.resets}`);
  console.log(`findings: ${res.findings.length}\n`);
  console.log(findingsTable(res.findings));
  code = res.findings.length > 0 ? 1 : 0;
} finally {
  await server.stop();
}
process.exit(code);
