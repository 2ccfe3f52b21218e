import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendClient } from '../../src/acceptance/backend-client.js';
import { ratingLevelFromText } from '../../src/acceptance/contract/case.js';
import type { ApiError } from '../../src/acceptance/contract/errors.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { type WebhookSink, rigWithSink, sampleApp, staff, type Rig } from './helpers.js';

let backend: BackendServer;
let client: BackendClient;
let sink: WebhookSink;
let rig: Rig;

beforeEach(async () => {
  rig = await rigWithSink();
  ({ backend, client, sink } = rig);
});
afterEach(() => rig.close());

async function finishedCase(): Promise<string> {
  const { caseNo, case: c } = await client.submit(sampleApp({ delivery: { method: 'window' } }));
  for (const t of c.tasks) await staff(backend, 'PATCH', `/v1/staff/tasks/${t.id}`, { status: 'approved' });
  return caseNo;
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as ApiError,
  );

describe('好差评', () => {
  it('reads the level from what the user typed', () => {
    expect(ratingLevelFromText('非常不满意，排队太久')).toBe('very_dissatisfied');
    expect(ratingLevelFromText('不满意')).toBe('dissatisfied');
    expect(ratingLevelFromText('基本满意吧')).toBe('basically_satisfied');
    expect(ratingLevelFromText('非常满意')).toBe('very_satisfied');
    expect(ratingLevelFromText('满意')).toBe('satisfied');
    expect(ratingLevelFromText('还行')).toBeNull();
  });

  it('a case is rated once it is finished, once', async () => {
    const { caseNo: open } = await client.submit(sampleApp());
    expect((await rejection(client.rate(open, { level: 'satisfied' })))?.message).toContain('尚未办结');
    const caseNo = await finishedCase();
    const done = await client.getCase(caseNo);
    expect(done?.result).toMatchObject({ method: 'window', label: '窗口领取' });
    expect(done?.result && 'pickupCode' in done.result && done.result.pickupCode).toMatch(/^\d{6}$/);
    const r = await client.rate(caseNo, { level: 'very_satisfied', comment: '一次就办完了' });
    expect(r.rating).toMatchObject({ level: 'very_satisfied', label: '非常满意', comment: '一次就办完了' });
    expect(r.followUp).toBeUndefined();
    expect((await rejection(client.rate(caseNo, { level: 'satisfied' })))?.status).toBe(409);
    const bad = await rejection(client.rate(caseNo, { level: 'great' as never }));
    expect(bad?.status).toBe(400);
    expect(bad?.message).toContain('评价内容不符合要求（level）：无效选项');
  });

  it('a bad rating opens a follow-up that staff answer and close, and the bot hears each step', async () => {
    const caseNo = await finishedCase();
    const r = await client.rate(caseNo, { level: 'dissatisfied', comment: '窗口让我跑了两趟' });
    expect(r.followUp).toMatchObject({ caseNo, status: 'open', statusLabel: '待回访', comment: '窗口让我跑了两趟' });
    expect(r.case.followUp?.id).toBe(r.followUp!.id);
    const open = await staff(backend, 'GET', '/v1/staff/follow-ups?status=open');
    expect(open.json.followUps.map((f: { id: string }) => f.id)).toEqual([r.followUp!.id]);
    const noAnswer = await staff(backend, 'PATCH', `/v1/staff/follow-ups/${r.followUp!.id}`, { status: 'answered' });
    expect(noAnswer.status).toBe(400);
    const answered = await staff(backend, 'PATCH', `/v1/staff/follow-ups/${r.followUp!.id}`, {
      status: 'answered',
      answer: '经核实，窗口未一次性告知需补交的材料，已对窗口人员进行培训。',
      operator: '督查科',
    });
    expect(answered.json.followUp.status).toBe('answered');
    const closed = await staff(backend, 'PATCH', `/v1/staff/follow-ups/${r.followUp!.id}`, { status: 'closed', note: '申请人表示认可' });
    expect(closed.json.followUp.statusLabel).toBe('已整改办结');
    expect((await staff(backend, 'PATCH', `/v1/staff/follow-ups/${r.followUp!.id}`, { status: 'answered', answer: '再次答复' })).status).toBe(409);
    expect((await client.getCase(caseNo))?.followUp?.status).toBe('closed');

    await sink.until((ev) => ev.filter((e) => e.type === 'followup.updated').length === 2);
    const types = sink.events.map((e) => e.type);
    expect(types).toContain('case.rated');
    const answerEvent = sink.events.find((e) => e.type === 'followup.updated' && e.case.followUp?.status === 'answered');
    expect(answerEvent?.summary).toContain('已对窗口人员进行培训');
  });
});
