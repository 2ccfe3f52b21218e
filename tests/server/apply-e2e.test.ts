import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, fakeChannel, formFields, interviewToChecklist, removeDir, staff, start, tempDir, valueFor } from './helpers.js';

/**
 * The whole product on loopback: a Bot Framework channel (a fake connector that records what the bot
 * sends unasked), the bot server, the reference acceptance backend, and window staff on its API.
 */
let s: Started;
let dir: string;
let channel: Awaited<ReturnType<typeof fakeChannel>>;
beforeAll(async () => {
  dir = await tempDir('yjs-apply-');
  channel = await fakeChannel();
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await channel?.close();
  await removeDir(dir);
});

describe('一表申报 to 好差评 in one chat', () => {
  it('fills the merged form (a wrong ID is explained and corrected), submits, hears progress unasked, rates', async () => {
    const c = new Client(s.url, 'apply-birth', channel.url);
    const checklist = await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    expect(checklist.actions.join('|')).toContain('现在申请');

    let r = await c.say('现在申请');
    expect(r.texts[0]).toContain('一表申报');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    let wrongIdShown = false;
    for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      const f = askedField(fields, r.texts);
      expect(f, `no form field asked in: ${r.texts.join('\n')}`).toBeDefined();
      if (f!.type === 'idcard' && !wrongIdShown) {
        // last digit wrong: the check digit fails
        const wrong = await c.say('110105194912310021');
        expect(wrong.texts.join('\n')).toMatch(/校验|核对|不正确|有误/);
        expect(wrong.texts.join('\n')).toContain(f!.label);
        wrongIdShown = true;
      }
      r = await c.say(valueFor(f!));
    }
    expect(wrongIdShown).toBe(true);
    const review = r.texts.join('\n');
    expect(review).toContain('请核对申请表');
    expect(review).toContain('张三');

    // 1 is the first button shown (确认无误), not the 现在申请 of the offers before the form
    r = await c.say('1');
    expect(r.texts.join('\n')).toContain('办好的证照怎么给您');
    r = await c.say(r.actions[0]!);
    if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
    expect(r.texts.join('\n')).toContain('提交前请确认');
    r = await c.say('同意并提交');
    const submitted = r.texts.join('\n');
    const caseNo = /受理编号 (WY\d+)/.exec(submitted)?.[1];
    expect(caseNo, submitted).toBeDefined();

    // the backend split the application into one task per department, working in parallel
    const tasks = (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string; department: string }[];
    expect(tasks.length).toBeGreaterThan(1);
    expect(new Set(tasks.map((t) => t.department)).size).toBe(tasks.length);

    // progress by 受理编号 in the chat
    const progress = await c.say(caseNo!);
    expect(progress.texts.join('\n')).toContain(caseNo!);

    // staff approve every task; the bot tells the user unasked and asks for a rating
    for (const t of tasks) expect((await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${t.id}`, { status: 'approved' })).status).toBe(200);
    s.backend!.wakeWebhooks();
    const told = await channel.waitFor((a) => (a.text ?? '').includes('【办件进度】') && (a.text ?? '').includes('办结'));
    expect(told.conversation?.id).toBe('apply-birth');
    await channel.waitFor((a) => (a.text ?? '').includes(`请为办件 ${caseNo}`));

    r = await c.say('不满意');
    expect(r.texts.join('\n')).toContain('哪里不好');
    r = await c.say('窗口排队太久了');
    expect(r.texts.join('\n')).toContain('回访');
    const followUps = (await staff(s.backendUrl, 'GET', '/v1/staff/follow-ups?status=open')).json as { followUps: { caseNo: string; comment?: string }[] };
    expect(followUps.followUps.find((f) => f.caseNo === caseNo)).toBeDefined();
  }, 120_000);

  it('a backend that is down: the application is kept and sent when it is back', async () => {
    // the same server, its backend closed: the bot must say it is saved, not lose the form
    const c = new Client(s.url, 'apply-down', channel.url);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    let r = await c.say('现在申请');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      r = await c.say(valueFor(askedField(fields, r.texts)!));
    }
    r = await c.say('确认无误');
    r = await c.say(r.actions[0]!);
    if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
    const port = new URL(s.backendUrl).port;
    await s.backend!.close();
    r = await c.say('同意并提交');
    expect(r.texts.join('\n')).toContain('已保存，系统会自动提交');
    const progress = await c.say('我的申请到哪了');
    expect(progress.texts.join('\n')).toMatch(/等待提交|连接不上/);

    // the backend comes back on the same port and data: the outbox delivers, the user hears the number
    const { createBackendServer } = await import('../../apps/backend/server.js');
    const { silentLogger } = await import('../../src/util/log.js');
    const { join } = await import('node:path');
    // the in-process backend sealed its store with the bot's key (generated into DATA_DIR/keys): the same one
    const { loadKeyring } = await import('../../src/util/crypto-at-rest.js');
    const back = await createBackendServer({
      dataDir: join(dir, 'backend'),
      keyring: loadKeyring({ dataDir: dir }),
      secret: 'dev-only-backend-secret-change-me',
      staffToken: 'x'.repeat(16),
      port: Number(port),
      host: '127.0.0.1',
      logger: silentLogger,
    });
    try {
      const told = await channel.waitFor((a) => a.conversation?.id === 'apply-down' && (a.text ?? '').includes('已成功提交，受理编号'), 20_000);
      expect(told.text).toMatch(/受理编号 WY\d+/);
    } finally {
      await back.close();
    }
  }, 120_000);
});
