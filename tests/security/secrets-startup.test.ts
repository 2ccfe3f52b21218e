import { describe, expect, it } from 'vitest';
import { parseBackendEnv } from '../../apps/backend/env.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';

const strong = { STAFF_TOKEN: `${'s'.repeat(8)}Xk2pQ9vR7tLm3nB8cD4fG6hJ1wZ5yA0e`, BACKEND_SECRET: 'Qw8eRt5yUi2oPa9sDf3gHj7kLz1xCv4bNm6' };

describe('default and short secrets at start-up', () => {
  it('listens on loopback by default, so a fresh machine starts with no configuration', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
  });

  it('refuses the dev-only defaults when listening beyond loopback, naming each variable in Chinese and English', () => {
    let message = '';
    try {
      loadConfig({ HOST: '0.0.0.0' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain('STAFF_TOKEN 仍是公开的默认值');
    expect(message).toContain('BACKEND_SECRET 仍是公开的默认值');
    expect(message).toContain('is the public default');
    expect(message).toContain('HOST=127.0.0.1');
  });

  it('refuses a secret shorter than 32 characters beyond loopback, accepts real ones', () => {
    expect(() => loadConfig({ HOST: '10.0.0.5', ...strong, STAFF_TOKEN: 'abcdefghijklmnopqrstuvwxyz' })).toThrow(/STAFF_TOKEN 太短/);
    expect(loadConfig({ HOST: '0.0.0.0', ...strong }).HOST).toBe('0.0.0.0');
  });

  it('on loopback starts with the defaults and logs a warning naming them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    const env = { DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0' };
    const s = await startServer(loadConfig(env), log as never, { env });
    try {
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      const warned = lines.join('\n');
      expect(warned).toContain('STAFF_TOKEN 仍是公开的默认值');
      expect(warned).toContain('BACKEND_SECRET 仍是公开的默认值');
    } finally {
      await s.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses shared stores without DATA_ENCRYPTION_KEY: a key generated per instance would lock each out of the others' records", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'secrets-'));
    // unreachable on purpose: the refusal comes before any connection
    const env = { DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1' };
    try {
      await expect(startServer(loadConfig(env), pino({ level: 'silent' }) as never, { env })).rejects.toThrow(/必须设置 DATA_ENCRYPTION_KEY/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the standalone backend refuses weak secrets on a public address and warns on loopback', () => {
    const pub = parseBackendEnv({ BACKEND_HOST: '0.0.0.0', BACKEND_SECRET: 'dev-only-backend-secret-change-me', STAFF_TOKEN: 'x'.repeat(20) });
    expect(pub.ok).toBe(false);
    expect(pub.ok ? '' : pub.message).toMatch(/BACKEND_SECRET 仍是公开的默认值[\s\S]*STAFF_TOKEN 太短/);
    const local = parseBackendEnv({ BACKEND_SECRET: 'dev-only-backend-secret-change-me', STAFF_TOKEN: 'x'.repeat(20) });
    expect(local.ok && local.warnings.length).toBe(2);
    expect(parseBackendEnv({ BACKEND_HOST: '0.0.0.0', ...strong }).ok).toBe(true);
  });
});
