import { describe, expect, it } from 'vitest';
import { parseBackendEnv } from '../../apps/backend/env.js';

const good = { BACKEND_SECRET: 'a'.repeat(32), STAFF_TOKEN: 'b'.repeat(32) };

describe('backend settings', () => {
  it('fills the defaults', () => {
    const r = parseBackendEnv(good);
    expect(r.ok && r.env).toMatchObject({ BACKEND_PORT: 3979, BACKEND_DATA_DIR: './data/backend', BACKEND_HOST: '127.0.0.1' });
  });

  it('names each wrong setting in Chinese and English', () => {
    const r = parseBackendEnv({ BACKEND_SECRET: 'short', BACKEND_PORT: 'abc', BOT_WEBHOOK_URL: 'not a url' });
    expect(r.ok).toBe(false);
    const m = r.ok ? '' : r.message;
    expect(m).toContain('BACKEND_SECRET 至少16个字符');
    expect(m).toContain('must be at least 16 characters');
    expect(m).toContain('缺少 STAFF_TOKEN');
    expect(m).toContain('BACKEND_PORT 应为端口号');
    expect(m).toContain('BOT_WEBHOOK_URL 应为完整网址');
  });

  it('treats an empty variable as unset', () => {
    const r = parseBackendEnv({ ...good, BOT_WEBHOOK_URL: '' });
    expect(r.ok && r.env.BOT_WEBHOOK_URL).toBeUndefined();
  });
});
