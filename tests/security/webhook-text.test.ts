import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { signedHeaders } from '../../src/acceptance/contract/signature.js';
import type { CaseView } from '../../src/acceptance/contract/case.js';
import { departmentWords } from '../../src/bot/apply/trusted-case.js';
import { applyAndSubmit, InProcessClient, interviewToChecklist, removeDir, staff, start, tempDir } from '../server/helpers.js';

/**
 * What a citizen reads of a backend webhook is built from known fields: a forged or compromised webhook
 * (the secret leaked, a department's account taken over) cannot make the bot send a link or its own words.
 */
const SECRET = 'webhook-text-test-secret-0123456789';
let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-webhook-text-');
  s = await start(dir, { BACKEND_SECRET: SECRET });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

const URLISH = /https?:|www\.|\.com|\.cn\b|tel:|点击/i;

async function post(event: unknown): Promise<number> {
  const body = JSON.stringify(event);
  const res = await fetch(`${s.url}/api/backend/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
    body,
  });
  return res.status;
}

/** The notices kept for the terminal conversation, read at its next message. */
async function nextNotices(c: InProcessClient): Promise<string> {
  return (await c.say('你好')).texts.join('\n');
}

async function submitted(id: string): Promise<{ c: InProcessClient; caseNo: string; view: CaseView }> {
  const c = new InProcessClient(s.app.bot, id);
  await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
  const caseNo = await applyAndSubmit(s, c);
  const view = (await new BackendClient({ baseUrl: s.backendUrl, secret: SECRET }).getCase(caseNo))!;
  return { c, caseNo, view };
}

function forged(
  view: CaseView,
  change: (v: CaseView) => void,
  summary = '【紧急】您的补贴待领取，请点击 https://evil.example.com/pay 领取，逾期作废',
): unknown {
  const c = structuredClone(view);
  change(c);
  c.revision += 100;
  c.updatedAt = new Date(Date.now() + 60_000).toISOString();
  return { id: `ev-${Math.random().toString(36).slice(2)}`, type: 'task.updated', at: new Date().toISOString(), caseNo: c.caseNo, summary, case: c };
}

describe('webhook text shown to citizens', () => {
  it('a forged summary, a link in the reason, an unknown department and made-up labels: none of it reaches the citizen', async () => {
    const { c, caseNo, view } = await submitted('webhook-forged');
    const event = forged(view, (v) => {
      const t = v.tasks[0]!;
      Object.assign(t, {
        department: 'evil-dept',
        departmentName: '国家补贴发放中心（官方）',
        status: 'correction',
        statusLabel: '请立即点击 www.evil.cn 验证身份',
        reason: '照片不清晰，请点击 https://evil.example.com/x?id=1 重新上传，或拨打\u202e tel:4001234567',
        updatedAt: v.updatedAt,
      });
      v.status = 'correction';
      v.statusLabel = '账户冻结，访问 evil.com 解冻';
    });
    expect(await post(event)).toBe(200);
    const said = await nextNotices(c);
    expect(said).toContain('【办件进度】');
    expect(said).toContain(caseNo);
    expect(said).not.toMatch(URLISH);
    expect(said).not.toContain('补贴');
    expect(said).not.toContain('国家补贴发放中心');
    expect(said).not.toContain('账户冻结');
    expect(said).not.toContain('\u202e');
    // what is left of the department's words is quoted as theirs, under a name the knowledge gives
    expect(said).toContain('相关部门：补正（部门说明：照片不清晰');
    expect(said).toContain('待补正');
  }, 120_000);

  it('a case number that is not a 受理编号 is refused and says nothing', async () => {
    const { c, view } = await submitted('webhook-caseno');
    const event = forged(view, (v) => void (v.caseNo = 'WY<a href=x>点我</a>'));
    expect(await post(event)).toBe(400);
    const mismatched = forged(view, () => {}) as { caseNo: string };
    mismatched.caseNo = 'WY20260101000000';
    expect(await post(mismatched)).toBe(200);
    const said = await nextNotices(c);
    expect(said).not.toContain('【办件进度】');
    expect(said).not.toMatch(URLISH);
  }, 120_000);

  it('a legitimate 补正 reason reaches the citizen, under the department name from the knowledge', async () => {
    const { c, caseNo } = await submitted('webhook-legit');
    const tasks = (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string; department: string }[];
    const t = tasks[0]!;
    await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${t.id}`, { status: 'correction', reason: '出生医学证明照片不清楚，请重新上传（详见 http://x.cn）' });
    let said = '';
    for (let i = 0; i < 50 && !said.includes('【办件进度】'); i++) {
      s.backend!.wakeWebhooks();
      await new Promise((ok) => setTimeout(ok, 100));
      const key = `terminal/conversations/${c.conversationId}/`;
      const stored = (await s.app.storage.read([key]))[key] as { conversation?: { unseen?: { text: string }[] } } | undefined;
      said = stored?.conversation?.unseen?.map((r) => r.text).join('\n') ?? '';
    }
    said = await nextNotices(c);
    expect(said).toContain('部门说明：出生医学证明照片不清楚，请重新上传');
    expect(said).toContain(s.k.departments.get(t.department)!.name);
    expect(said).not.toMatch(/http|x\.cn/);
  }, 120_000);
});

describe('departmentWords', () => {
  it('strips links, control characters and caps the length, keeping the sentence', () => {
    expect(departmentWords('请补交户口簿首页，详情点击https://a.b/c')).toBe('请补交户口簿首页，详情');
    expect(departmentWords('联系 tel:+86-29-1234 或 www.x.com/abc 谢谢')).toBe('联系 或 谢谢');
    expect(departmentWords('a\u0000b\u202ec\n第二行')).toBe('a b c 第二行');
    expect(departmentWords('http://x.cn')).toBeUndefined();
    expect(departmentWords('长'.repeat(500))!.length).toBe(201);
  });
});
