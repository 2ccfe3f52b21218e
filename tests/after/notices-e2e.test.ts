import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { applyAndSubmit, Client, interviewToChecklist, removeDir, staff, start, tempDir } from '../server/helpers.js';

/**
 * A case through every department to 办结 while the citizen's channel is down, then up again; the
 * rating, before and after 办结; a bad rating's follow-up answered by staff. All on loopback: the bot
 * server, the reference backend, and a Bot Framework connector that can be switched off.
 */
let s: Started;
let dir: string;
let connector: Server;
let connectorUrl: string;
let down = true;
/** every POST the connector saw, refused or not: a dead connector must not be hit for each notice */
let hits = 0;
const received: Partial<Activity>[] = [];

beforeAll(async () => {
  dir = await tempDir('yjs-after-notices-');
  s = await start(dir);
  connector = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits++;
      res.setHeader('content-type', 'application/json');
      if (down) {
        res.statusCode = 403;
        res.end('{"error":{"code":"BotBlocked","message":"blocked"}}');
        return;
      }
      received.push(JSON.parse(body) as Partial<Activity>);
      res.end(JSON.stringify({ id: `sent-${received.length}` }));
    });
  });
  await new Promise<void>((ok) => connector.listen(0, '127.0.0.1', ok));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await new Promise((ok) => connector?.close(ok));
  await removeDir(dir);
});

async function tasksOf(caseNo: string): Promise<{ id: string; departmentName: string }[]> {
  return (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string; departmentName: string }[];
}

/** Lets the backend deliver every webhook it holds, and waits until it has. */
async function drain(): Promise<void> {
  s.backend!.wakeWebhooks();
  await s.backend!.webhooksIdle();
}

describe('notices while the channel is down, then up', () => {
  it('every notice once and in order, one current state, the pickup code, the rating asked once; a bad rating answered', async () => {
    down = true;
    const c = new Client(s.url, 'after-down-up', connectorUrl);
    // with 医保、社保卡、家庭医生 (全部都要) the case has six departments' tasks: only the departments of its items get one
    for (const line of ['孩子刚出生，在西京医院生的 爸妈都是未央区户口 结婚了', '父母本人来办', '继续回答', '1']) await c.say(line);
    await interviewToChecklist(c, '全部都要', 'birth');
    const caseNo = await applyAndSubmit(s, c);
    const tasks = await tasksOf(caseNo);
    expect(tasks.length).toBeGreaterThanOrEqual(6);

    // every department accepts, then approves: two notices each, more than the old cap of ten
    const expected: string[] = [];
    const hitsBefore = hits;
    for (const status of ['accepted', 'approved'] as const) {
      for (const t of tasks) {
        expect((await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${t.id}`, { status })).status).toBe(200);
        expected.push(`${t.departmentName}：${status === 'accepted' ? '已受理' : '通过'}`);
        await drain();
      }
    }
    expect(expected.length).toBeGreaterThan(10);
    // refused once for this conversation, then kept at once: not one wait per notice
    expect(hits - hitsBefore).toBeLessThanOrEqual(2);

    // the channel is back and the citizen writes
    down = false;
    const next = await c.say('你好');
    const said = next.texts.join('\n');
    expect(next.texts[0]).toBe('您不在时有新消息：');
    // what changed, every one, in order
    let at = -1;
    for (const line of expected) {
      const i = said.indexOf(line, at + 1);
      expect(i, `${line} missing or out of order in:\n${said}`).toBeGreaterThan(at);
      at = i;
    }
    // the current state once: no stale 待受理 / 已受理 beside 通过
    expect(said.match(new RegExp(`受理编号 ${caseNo}（`, 'g'))?.length).toBe(1);
    expect(said).not.toMatch(/当前状态：办理中/);
    expect(said).toContain('当前状态：办结');
    // the result and the code the citizen must bring
    const code = /取件码：(\d{6})/.exec(said)?.[1];
    expect(code, said).toBeDefined();
    const result = (await staff(s.backendUrl, 'GET', `/v1/staff/cases/${caseNo}`)).json.case.result as { pickupCode: string };
    expect(code).toBe(result.pickupCode);
    // the rating asked exactly once
    expect(said.split(`请为办件 ${caseNo}`).length - 1).toBe(1);

    // a bad rating opens a follow-up record
    let r = await c.say('不满意');
    expect(r.texts.join('\n')).toContain('哪里不好');
    r = await c.say('窗口让我跑了两趟');
    expect(r.texts.join('\n')).toContain('回访');
    const followUps = (await staff(s.backendUrl, 'GET', '/v1/staff/follow-ups?status=open')).json.followUps as {
      id: string;
      caseNo: string;
      comment?: string;
    }[];
    const mine = followUps.find((f) => f.caseNo === caseNo);
    expect(mine?.comment).toBe('窗口让我跑了两趟');

    // staff answer it: the answer reaches the citizen on the channel, unasked
    const answer = '经核实，当天系统故障导致重复跑动，已整改并向您致歉。';
    expect((await staff(s.backendUrl, 'PATCH', `/v1/staff/follow-ups/${mine!.id}`, { status: 'answered', answer })).status).toBe(200);
    await drain();
    expect(received.some((a) => (a.text ?? '').includes(answer) && a.conversation?.id === 'after-down-up')).toBe(true);

    // nothing of the backlog comes again
    const later = await c.say('谢谢');
    expect(later.texts.join('\n')).not.toContain('您不在时');
  }, 180_000);

  it('「评价」 before 办结: rating opens when the case is finished, and no rating step is left open', async () => {
    down = false;
    const c = new Client(s.url, 'after-rate-early', connectorUrl);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(s, c);
    const r = await c.say('评价');
    const said = r.texts.join('\n');
    expect(said).toContain(caseNo);
    expect(said).toMatch(/办结后/);
    expect(said).not.toContain('连接不上');
    expect(said).not.toContain('请为办件');
    // not stuck in a rating or comment step: the next message is an ordinary turn
    const next = await c.say('满意');
    expect(next.texts.join('\n')).not.toMatch(/已记录您的评价|连接不上/);
    const stored = (await s.app.storage.read([`webchat/conversations/after-rate-early/`]))['webchat/conversations/after-rate-early/'] as {
      conversation: { apply?: { step: string } };
    };
    expect(['rating', 'comment']).not.toContain(stored.conversation.apply?.step);
  }, 120_000);
});
