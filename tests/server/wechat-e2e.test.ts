import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { APP_ID, FakeWeixinApi, OPENID, TOKEN, post, replyContent, signedQuery, textXml } from '../channels/helpers.js';
import { askedField, formFields, removeDir, staff, start, tempDir, valueFor } from './helpers.js';

/**
 * The Official Account end to end on loopback: the whole server as `npm start` runs it with WeChat
 * configured, a stand-in for api.weixin.qq.com, a citizen who applies from WeChat, and staff who
 * approve: the change reaches the citizen through the customer-service API, unasked.
 */
let s: Started;
let dir: string;
const api = new FakeWeixinApi();
beforeAll(async () => {
  await api.start();
  dir = await tempDir('yjs-wechat-e2e-');
  s = await start(dir, { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'app-secret-for-tests', WECHAT_API_BASE: api.base });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await api.close();
  await removeDir(dir);
});

/** What the citizen sees for one message: the passive reply and what followed through the API. */
async function say(text: string): Promise<string> {
  const before = api.sends().length;
  const r = await post(`${s.url}/wechat?${signedQuery()}`, textXml(text));
  expect(r.status).toBe(200);
  const passive = r.text === 'success' ? '' : replyContent(r.text);
  const more = api
    .sends()
    .slice(before)
    .map((c) => (c.body as { text?: { content?: string } }).text?.content ?? '');
  return [passive, ...more].join('\n');
}

const sendsWith = (part: string) => api.sends().filter((c) => JSON.stringify(c.body).includes(part));

describe('applying from the Official Account', () => {
  it('interview, checklist, form, submission, then the approval arrives as a 客服消息', async () => {
    let seen = await say('孩子刚出生，要办哪些手续？');
    expect(seen).toContain('出生一件事');
    for (let i = 0; i < 30 && !seen.includes('【材料清单】'); i++) {
      // the first option of each question: typing its number works on WeChat
      seen = await say('1');
    }
    expect(seen).toContain('【材料清单】');

    seen = await say('现在申请');
    const fields = await formFields(s.app.storage, 'wechat', OPENID);
    for (let i = 0; i < 60 && !seen.includes('请核对申请表'); i++) {
      const f = askedField(fields, [seen]);
      expect(f, `no field asked in: ${seen}`).toBeDefined();
      seen = await say(valueFor(f!));
    }
    expect(seen).toContain('请核对申请表');
    seen = await say('确认无误');
    seen = await say('1');
    if (seen.includes('邮寄地址')) seen = await say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
    seen = await say('同意并提交');
    const caseNo = /受理编号 (WY\d+)/.exec(seen)?.[1];
    expect(caseNo, seen).toBeDefined();

    const tasks = (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string }[];
    const sentBefore = api.sends().length;
    await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${tasks[0]!.id}`, { status: 'accepted' });
    s.backend!.wakeWebhooks();
    await api.waitForSends(sentBefore + 1);
    const told = sendsWith('【办件进度】');
    expect(told.length).toBeGreaterThan(0);
    const body = told[0]!.body as { touser: string; msgtype: string; text: { content: string } };
    expect(body.touser).toBe(OPENID);
    expect(body.msgtype).toBe('text');
    expect(body.text.content).toContain(caseNo!);
    // the API was called with a token fetched with the configured AppID
    expect((api.tokenCalls()[0]!.body as { appid?: string }).appid).toBe(APP_ID);

    // past WeChat's 48 hours the API refuses: the notice is kept and read at the citizen's next message
    api.refuseSends = 1;
    const refusedBefore = api.sends().length;
    await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${tasks[1]!.id}`, { status: 'correction', reason: '请补充户口簿首页复印件' });
    s.backend!.wakeWebhooks();
    await api.waitForSends(refusedBefore + 1);
    const key = `wechat/conversations/${OPENID}/`;
    for (let i = 0; i < 50; i++) {
      const stored = (await s.app.storage.read([key]))[key] as { conversation?: { unseen?: unknown[] } } | undefined;
      if (stored?.conversation?.unseen?.length) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    seen = await say('你好');
    expect(seen).toMatch(/^您不在时有新消息：/);
    expect(seen).toContain('请补充户口簿首页复印件');
    seen = await say('你好');
    expect(seen).not.toContain('您不在时有新消息');
  }, 120_000);
});
