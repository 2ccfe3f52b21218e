import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BackendEnv } from '../../apps/backend/env.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { ConfigSchema } from '../../src/server/config.js';

/**
 * compose.yaml cannot be started here (no Docker daemon in CI), so what can go wrong in it without one
 * is checked against the code: every variable a bot or the backend is given is one it reads (a typo
 * would be silently ignored and leave the default), the bots share the stores and the key, each keeps
 * its own data volume, nginx sends requests to every bot at the port it listens on, and every file a
 * service runs or mounts is built or present. `docker compose config` checks the syntax where Docker is.
 */
const root = PROJECT_ROOT;
type Service = { environment?: Record<string, string>; volumes?: string[]; command?: string[]; image?: string; build?: unknown };
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const bots = Object.entries(compose.services).filter(([name]) => /^bot\d+$/.test(name));
const shared = new Set(['DATABASE_URL', 'REDIS_URL']);

describe('compose.yaml', () => {
  it('runs two bots over the same PostgreSQL, Redis, backend and key, each with its own data volume', () => {
    expect(bots.map(([n]) => n)).toEqual(['bot1', 'bot2']);
    const envs = bots.map(([, s]) => s.environment!);
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'BACKEND_URL', 'DATA_ENCRYPTION_KEY', 'BACKEND_SECRET', 'STAFF_TOKEN']) {
      expect(envs[0]![name], name).toBeTruthy();
      expect(envs[1]![name], name).toBe(envs[0]![name]);
    }
    expect(envs[0]!.BACKEND_URL).toMatch(/^http:\/\/backend:/);
    const volumes = bots.map(([, s]) => s.volumes?.find((v) => v.endsWith(':/data')));
    expect(new Set(volumes).size).toBe(2);
  });

  it('gives each service only variables it reads', () => {
    const known = new Set(Object.keys(ConfigSchema.shape));
    for (const [name, s] of bots) for (const v of Object.keys(s.environment!)) expect(known.has(v) || shared.has(v), `${name}: ${v}`).toBe(true);
    const backendKnown = new Set(Object.keys(BackendEnv.shape));
    for (const v of Object.keys(compose.services.backend!.environment!)) expect(backendKnown.has(v), `backend: ${v}`).toBe(true);
  });

  it('sends the proxy to every bot at its port, and names only files that exist or the image builds', () => {
    const nginx = readFileSync(join(root, 'deploy/nginx.conf'), 'utf8');
    const upstream = [...nginx.matchAll(/server (bot\d+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstream).toEqual(bots.map(([n, s]) => `${n}:${s.environment!.PORT}`));
    const mounted = compose.services.proxy!.volumes!.map((v) => v.split(':')[0]!);
    for (const m of mounted) expect(existsSync(join(root, m)), m).toBe(true);
    // dist/backend.mjs is built in the image by scripts/build-tools.mjs
    const run = compose.services.backend!.command!.find((a) => a.startsWith('dist/'))!;
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('scripts/build-tools.mjs');
    expect(readFileSync(join(root, 'scripts/build-tools.mjs'), 'utf8')).toContain(`'${run.replace(/^dist\/|\.mjs$/g, '')}'`);
    // the migrations the bots apply at start are in the image
    expect(dockerfile).toContain('src/server/stores/migrations');
  });
});
