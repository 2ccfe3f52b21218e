/**
 * The environment for a child server on the embedded default (files, in-process backend): the
 * machine's own DATABASE_URL, REDIS_URL, keys and BACKEND_URL removed. Free of vitest, so scripts
 * that spawn a server (npm run audit:security) use the same rule as the tests.
 */
export function embeddedEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_OLD_KEYS', 'BACKEND_URL']) delete env[name];
  return { ...env, ...extra };
}
