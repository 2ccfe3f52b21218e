import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../src/util/env-file.js';

describe('.env file', () => {
  it('is read, and a variable already in the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'envfile-'));
    writeFileSync(join(dir, '.env'), '# comment\nPORT=4000\nHOST=127.0.0.1\nWECHAT_TOKEN="a b#c"\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    const taken = loadEnvFile(dir, env);
    expect(env).toEqual({ PORT: '5000', HOST: '127.0.0.1', WECHAT_TOKEN: 'a b#c' });
    expect(taken.sort()).toEqual(['HOST', 'WECHAT_TOKEN']);
  });

  it('is optional', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(mkdtempSync(join(tmpdir(), 'envfile-')), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
