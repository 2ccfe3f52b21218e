import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { applyAndSubmit, Client, InProcessClient, interviewToChecklist, removeDir, staff, start, tempDir } from './helpers.js';

/**
 * A status change the channel cannot carry (nobody listens on the terminal between turns; a Bot
 * Framework connector that is down; WeChat outside its 48 hours) is not lost: the user reads it first
 * thing at their next message.
 */
let s: Started;
let dir: string;
/** a Bot Framework connector that refuses every message (the user blocked the bot, say) */
let refusing: Server;
let refusingUrl: string;
beforeAll(async () => {
  dir = await tempDir('yjs-notices-');
  s = await start(dir);
  refusing = createServer((req, res) => {
    req.resume();
    res.statusCode = 403;
    res.setHeader('content-type', 'application/json');
    res.end('{"error":{"code":"BotBlocked","message":"blocked"}}');
  });
  await new Promise<void>((ok) => refusing.listen(0, '127.0.0.1', ok));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await new Promise((ok) => refusing?.close(ok));
  await removeDir(dir);
});

async function tasksOf(caseNo: string): Promise<{ id: string }[]> {
  return (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string }[];
}

/** Waits until the bot has kept a notice containing `text` in the conversation's state. */
async function kept(c: Client, text: string): Promise<void> {
  const key = `${c.channelId}/conversations/${c.conversationId}/`;
  for (let i = 0; i < 100; i++) {
    s.backend!.wakeWebhooks();
    const stored = (await s.app.storage.read([key]))[key] as { conversation?: { unseen?: { text: string }[] } } | undefined;
    if (stored?.conversation?.unseen?.some((r) => r.text.includes(text))) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('no notice kept');
}

describe('notices the channel could not deliver', () => {
  it('a connector that refuses: the finished case and its rating question come first at the next message', async () => {
    const c = new Client(s.url, 'notice-refused', refusingUrl);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(s, c);
    for (const t of await tasksOf(caseNo)) await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${t.id}`, { status: 'approved' });
    await kept(c, `请为办件 ${caseNo}`);

    const next = await c.say('你好');
    const said = next.texts.join('\n');
    expect(next.texts[0]).toBe('您不在时有新消息：');
    expect(said).toContain('【办件进度】');
    expect(said).toContain(`请为办件 ${caseNo}`);
    // the rating question is what the bot now expects, so 你好 waits
    expect(next.texts.at(-1)).toContain('您刚才说的「你好」我还没处理');
    expect(next.actions).toContain('满意');

    const rated = await c.say('满意');
    expect(rated.texts.join('\n')).not.toContain('您不在时');
    expect(rated.texts.join('\n')).toMatch(/感谢|谢谢/);
    // shown once: what follows are ordinary turns (here the optional comment after the rating)
    const after = await c.say('窗口的人很耐心');
    expect(after.texts.join('\n')).not.toContain('您不在时');
    expect(after.texts.join('\n')).toContain('已记录您的评价');
  }, 120_000);

  it('the terminal, where nobody listens between turns: a progress notice, then the answer to what was said', async () => {
    const c = new InProcessClient(s.app.bot, 'notice-terminal');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(s, c);
    const [first] = await tasksOf(caseNo);
    await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${first!.id}`, { status: 'correction', reason: '出生医学证明照片不清楚，请重新上传' });
    await kept(c, '出生医学证明照片不清楚');

    const next = await c.say('在哪办');
    const said = next.texts.join('\n');
    expect(next.texts[0]).toBe('您不在时有新消息：');
    expect(said).toContain('【办件进度】');
    expect(said).toContain('出生医学证明照片不清楚');
    // nothing was asked by the notice, so 在哪办 is answered in the same reply
    expect(said).not.toContain('我还没处理');
    expect(said).toMatch(/地址|窗口/);
  }, 120_000);
});
