import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { removeDir, start, tempDir } from '../server/helpers.js';
import { alive, raw } from './helpers.js';

/** Requests that once threw out of a handler and ended the whole process (issue 13, critical). */
describe('no request ends the process', () => {
  let s: Started;
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('yjs-sec-crash-');
    s = await start(dir);
  });
  afterAll(async () => {
    await s?.stop();
    await removeDir(dir);
  });

  for (const cookie of ['yjs_console=%', 'yjs_console=%E4%B8', 'yjs_console=%zz; other=1', 'a=%; yjs_console=%%%']) {
    it(`a console cookie that is not valid percent-encoding (${cookie}) is no session, and the server lives`, async () => {
      const r = await raw(s.url, { path: '/console/api/handovers', headers: { Cookie: cookie } });
      expect(r.status).toBe(401);
      expect(r.json().error).toMatch(/[\u4e00-\u9fff]/);
      expect(await alive(s.url)).toBe(true);
    });
  }

  it('a path that is not valid percent-encoding answers 400 in Chinese', async () => {
    for (const path of ['/api/%', '/console/%E4', '/%c0%af']) {
      const r = await raw(s.url, { path });
      expect(r.status, path).toBe(400);
      expect(r.json().error).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await alive(s.url)).toBe(true);
  });

  it('an unknown route answers 404 in Chinese, not restify English', async () => {
    const r = await raw(s.url, { path: '/nothing-here' });
    expect(r.status).toBe(404);
    expect(r.json().error).toMatch(/[\u4e00-\u9fff]/);
  });
});
