import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { verifyWebhook } from '../../src/acceptance/webhook-receiver.js';
import { signedHeaders } from '../../src/acceptance/contract/signature.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { SECRET, WebhookSink, rigWithSink, sampleApp, staff, startBackend, tempDir, type Rig } from './helpers.js';

let backend: BackendServer;
let client: BackendClient;
let sink: WebhookSink;
let rig: Rig;

beforeEach(async () => {
  rig = await rigWithSink();
  ({ backend, client, sink } = rig);
});
afterEach(() => rig.close());

describe('staff API', () => {
  it('wants the staff token', async () => {
    const res = await fetch(`${backend.url}/v1/staff/tasks`, { headers: { Authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toContain('工作人员令牌');
    expect((await fetch(`${backend.url}/v1/staff/tasks`)).status).toBe(401);
  });

  it('lists tasks by department and status, and shows staff the whole application', async () => {
    const { caseNo } = await client.submit(sampleApp());
    await client.submit(sampleApp());
    const tax = await staff(backend, 'GET', '/v1/staff/tasks?department=wy-tax&status=pending');
    expect(tax.json.tasks).toHaveLength(2);
    expect(tax.json.tasks[0].items.map((i: { id: string }) => i.id)).toEqual(['house-deed-tax', 'house-individual-income-tax']);
    const one = await staff(backend, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`);
    expect(one.json.tasks).toHaveLength(3);
    const full = await staff(backend, 'GET', `/v1/staff/cases/${caseNo}`);
    expect(full.json.application.applicant.idNumber).toBe('11010519491231002X');
  });

  it('moves tasks in parallel; the case follows them; each change reaches the bot signed', async () => {
    const { caseNo, case: c } = await client.submit(sampleApp());
    const [land, tax, housing] = c.tasks.map((t) => t.id);
    const noReason = await staff(backend, 'PATCH', `/v1/staff/tasks/${tax}`, { status: 'correction' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.message).toContain('原因');

    await staff(backend, 'PATCH', `/v1/staff/tasks/${land}`, { status: 'accepted', operator: '窗口01' });
    const corr = await staff(backend, 'PATCH', `/v1/staff/tasks/${tax}`, { status: 'correction', reason: '请补充提交卖方配偶的身份证复印件' });
    expect(corr.json.case.status).toBe('correction');
    expect(corr.json.case.statusLabel).toBe('待补正');
    expect(corr.json.task.reason).toBe('请补充提交卖方配偶的身份证复印件');
    await staff(backend, 'PATCH', `/v1/staff/tasks/${tax}`, { status: 'accepted' });
    expect((await client.getCase(caseNo))?.status).toBe('processing');
    for (const t of [land, tax, housing]) await staff(backend, 'PATCH', `/v1/staff/tasks/${t}`, { status: 'approved' });
    const done = await client.getCase(caseNo);
    expect(done?.status).toBe('completed');
    expect(done?.statusLabel).toBe('办结');
    expect(done?.result).toMatchObject({ method: 'post', label: '邮寄', carrier: 'EMS', outputs: ['不动产权证书'] });
    expect(done?.result && 'waybillNo' in done.result && done.result.waybillNo).toMatch(/^PH\d+$/);

    const again = await staff(backend, 'PATCH', `/v1/staff/tasks/${land}`, { status: 'rejected', reason: '材料不实' });
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('不能再变更');

    // created + 1 accepted + correction + accepted + 3 approved = 7 changes
    await sink.until((ev) => ev.length === 7);
    expect(sink.rejected).toBe(0);
    expect(sink.events.map((e) => e.type)).toEqual(['case.created', ...Array(6).fill('task.updated')]);
    const revisions = sink.events.map((e) => e.case.revision).sort((a, b) => a - b);
    expect(revisions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const correction = sink.events.find((e) => e.case.status === 'correction');
    expect(correction?.summary).toContain('请补充提交卖方配偶的身份证复印件');
    expect(sink.events.at(-1)?.case.channel.conversationId).toBe('conv-1');
  });

  it('a refusal by one department refuses the case', async () => {
    const { case: c } = await client.submit(sampleApp());
    const r = await staff(backend, 'PATCH', `/v1/staff/tasks/${c.tasks[1]!.id}`, { status: 'rejected', reason: '该房屋已被司法查封，不能办理转移登记' });
    expect(r.json.case.status).toBe('rejected');
    expect(r.json.case.statusLabel).toBe('不予通过');
    const unknown = await staff(backend, 'PATCH', '/v1/staff/tasks/WY202601010001-wy-tax', { status: 'accepted' });
    expect(unknown.status).toBe(404);
  });

  it('retries the webhook until the bot takes it', async () => {
    sink.refuseNext = 3;
    await client.submit(sampleApp());
    await sink.until((ev) => ev.length === 1);
    expect(sink.refuseNext).toBe(0);
    await backend.webhooksIdle();
    expect(backend.store.data.webhooks).toHaveLength(0);
  });
});

describe('webhook outbox of the backend', () => {
  it('takes the webhook URL after start, and keeps no events before', async () => {
    const { dir, remove } = await tempDir();
    const b = await startBackend(dir);
    const c = new BackendClient({ baseUrl: b.url, secret: SECRET });
    await c.submit(sampleApp());
    expect(b.store.data.webhooks).toHaveLength(0);
    const later = await new WebhookSink().start();
    await b.setWebhookUrl(later.url);
    const { caseNo } = await c.submit(sampleApp());
    await later.until((ev) => ev.length === 1);
    expect(later.events[0]?.caseNo).toBe(caseNo);
    await b.close();
    await later.close();
    await remove();
  });

  it('keeps undelivered events through a backend restart and sends them after', async () => {
    const { dir, remove } = await tempDir();
    const down = await new WebhookSink().start();
    down.refuseNext = Number.MAX_SAFE_INTEGER;
    const first = await startBackend(dir, { webhookUrl: down.url, webhookRetry: { baseMs: 60_000, maxMs: 60_000 } });
    const { caseNo } = await new BackendClient({ baseUrl: first.url, secret: SECRET }).submit(sampleApp());
    await first.webhooksIdle();
    expect(first.store.data.webhooks).toHaveLength(1);
    await first.close();
    await down.close();

    const up = await new WebhookSink().start();
    const second = await startBackend(dir, { webhookUrl: up.url });
    await up.until((ev) => ev.some((e) => e.caseNo === caseNo && e.type === 'case.created'));
    await second.webhooksIdle();
    expect(second.store.data.webhooks).toHaveLength(0);
    await second.close();
    await up.close();
    await remove();
  });
});

describe('verifyWebhook', () => {
  it('accepts the signed body and refuses a changed one', async () => {
    const { case: c } = await client.submit(sampleApp());
    const body = JSON.stringify({ id: 'e1', type: 'case.created', at: new Date().toISOString(), caseNo: c.caseNo, summary: '已受理', case: c });
    const h = signedHeaders(SECRET, body);
    const ok = verifyWebhook(h, body, SECRET);
    expect(ok.ok && ok.event.caseNo).toBe(c.caseNo);
    expect(verifyWebhook(h, body.replace('已受理', '已办结'), SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyWebhook(signedHeaders(SECRET, body, Date.now() - 600_000), body, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(verifyWebhook(signedHeaders(SECRET, '{}'), '{}', SECRET)).toMatchObject({ ok: false, status: 400 });
  });
});
