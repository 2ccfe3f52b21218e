import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, signIn, startRig, type Rig } from '../console/rig.js';
import { miniKnowledge, noNlu, raw } from './console-helpers.js';

/** `Cookie: yjs_console=%` threw URIError in the cookie reader and ended the whole process. */
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ k: miniKnowledge(), nlu: noNlu });
  await rig.users.set('zhou', 'zhou-password-1');
}, 60_000);
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
});

const COOKIES = [
  'yjs_console=%',
  'yjs_console=%E0%A4%A',
  'yjs_console=%zz%',
  'yjs_console=',
  'yjs_console',
  '=; ; yjs_console=%%%%',
  `yjs_console=${'%'.repeat(4000)}`,
  // UTF-8 bytes of 令牌 as they arrive on the wire
  `yjs_console=${Buffer.from('令牌').toString('latin1')}`,
  'a=%; yjs_console=%C0%AF',
];

describe('console cookie reader', () => {
  it.each(COOKIES)('「%s」 is refused like no cookie, and the server keeps answering', async (cookie) => {
    const api = await raw(rig.url, { path: '/console/api/me', headers: { cookie } });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body).error).toContain('请先登录');
    const page = await raw(rig.url, { path: '/console/', headers: { cookie } });
    expect(page.status).toBe(303);
    const post = await raw(rig.url, {
      method: 'POST',
      path: '/console/api/logout',
      headers: { cookie, 'X-Console-Request': '1', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(401);
    expect((await raw(rig.url, { path: '/healthz' })).status).toBe(200);
  });

  it('a real session still works next to a malformed cookie of another name', async () => {
    const { cookie } = await signIn(rig.url, 'zhou', 'zhou-password-1');
    const r = await raw(rig.url, { path: '/console/api/me', headers: { cookie: `other=%; ${cookie}` } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).user).toBe('zhou');
  });
});
