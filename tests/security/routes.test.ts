import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { parseMessageXml } from '../../src/channels/weixin/xml.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';
import { alive, raw } from './helpers.js';

/** Issue 13's findings on the HTTP surface, one request each. */
describe('hostile requests on the public routes', () => {
  let s: Started;
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('yjs-sec-routes-');
    s = await start(dir);
  });
  afterAll(async () => {
    await s?.stop();
    await removeDir(dir);
  });

  it('an encoded path does not bypass the console sign-in; ambiguous spellings are refused', async () => {
    for (const path of ['/%63onsole/api/handovers', '/%63%6fnsole/api/handovers?x=1']) {
      expect((await raw(s.url, { path })).status, path).toBe(401);
    }
    for (const path of [
      '/console%2fapi/handovers',
      '/x/..%2fconsole/api/handovers',
      '/api/../console/api/handovers',
      '//console/api/handovers',
      '/%2563onsole/api/handovers',
      '/console%5capi',
    ]) {
      const r = await raw(s.url, { path });
      expect(r.status, path).toBe(400);
      expect(r.text).not.toContain('transcript');
    }
  });

  it('/api/messages refuses an activity posing as a WeChat user (or any verified channel)', async () => {
    for (const channelId of ['wechat', 'WeCom', 'console', 'terminal']) {
      const c = new Client(s.url, 'pose-1', 'http://127.0.0.1:9/', channelId);
      const r = await c.say('我的申请到哪了');
      expect(r.status, channelId).toBe(403);
    }
  });

  it('/api/messages anonymous mode refuses a request a proxy forwarded from elsewhere', async () => {
    const c = new Client(s.url, 'fwd-1');
    const r = await raw(s.url, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.7' },
      body: JSON.stringify(c.activity({ text: '你好' })),
    });
    expect(r.status).toBe(403);
    expect(r.json().error).toContain('Emulator');
  });

  it('a serviceUrl outside the allow-list is refused before the bot connects anywhere (SSRF)', async () => {
    for (const url of ['http://169.254.169.254/latest/', 'https://evil.example/', 'http://10.0.0.1:8080/']) {
      const r = await new Client(s.url, 'ssrf-1', url).say('你好');
      expect(r.status, url).toBe(400);
    }
  });

  it('a malformed activity gets 400 naming the field, not 200 with an apology', async () => {
    const r = await raw(s.url, {
      method: 'POST',
      path: '/api/messages',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi' }),
    });
    expect(r.status).toBe(400);
    expect(r.json().error).toContain('conversation');
  });

  it('an oversized body is answered 413 with a message, not a connection reset', async () => {
    const big = JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) });
    const r = await raw(s.url, { method: 'POST', path: '/api/messages', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    expect(r.json().error).toMatch(/太大/);
    const p = await raw(s.url, {
      method: 'POST',
      path: '/api/nlu/parse',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(100 * 1024) }),
    });
    expect(p.status).toBe(413);
    expect(await alive(s.url)).toBe(true);
  });

  it('POST /api/checklist names each unknown key and wrong-typed value', async () => {
    const r = await raw(s.url, {
      method: 'POST',
      path: '/api/checklist',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ bundle: 'second-hand-house', answers: { price: '很多', nonsense_key: true } }),
    });
    expect(r.status).toBe(400);
    expect(r.json().error).toContain('nonsense_key');
    expect(r.json().error).toContain('「price」应为数字');
  });

  it('public routes are rate-limited per address behind a trusted proxy', async () => {
    const t = await tempDir('yjs-sec-limit-');
    const l = await start(t, { TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '12' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 15; i++) codes.push((await raw(l.url, { path: '/api/bundles', headers: { 'X-Forwarded-For': '198.51.100.9' } })).status);
      expect(codes).toContain(429);
      // another address is not affected
      expect((await raw(l.url, { path: '/api/bundles', headers: { 'X-Forwarded-For': '198.51.100.10' } })).status).toBe(200);
    } finally {
      await l.stop();
      await removeDir(t);
    }
  });

  it('deep or prototype-named WeChat XML is refused as bad XML', () => {
    expect(() => parseMessageXml('<xml><__proto__><a>1</a></__proto__></xml>')).toThrow(/标签名/);
    expect(() => parseMessageXml(`<xml>${'<a>'.repeat(1200)}x${'</a>'.repeat(1200)}</xml>`)).toThrow(/嵌套/);
    expect(parseMessageXml('<xml><Content><![CDATA[<a><b>]]></Content></xml>').Content).toBe('<a><b>');
  });
});
