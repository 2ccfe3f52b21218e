import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { UserStore, usersFile } from '../../src/server/console/index.js';
import type { Started } from '../../src/server/start.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';
import { ARTIFACTS, browserDescribe, launchChromium } from './rig.js';

/**
 * 转人工 end to end, as `npm start` wires it: a citizen on a Bot Framework channel (over /api/messages,
 * its connector a stand-in on loopback) and one on the terminal ask for a person; an operator signs in
 * in Chromium, sees them waiting oldest first, takes one, reads the transcript, replies, and hands it
 * back. The reply reaches the Bot Framework citizen through the connector, and the terminal citizen
 * (nobody listens there between turns) at their next message.
 */
let s: Started;
let dir: string;
let connector: Server;
let connectorUrl: string;
/** what the bot sent unasked through the connector, per conversation */
const pushed: { conversation: string; text: string }[] = [];
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  dir = await tempDir('yjs-handover-');
  // every day, all day: the test runs whenever it runs
  s = await start(dir, { HANDOVER_WORK_HOURS: '1-7 00:00-24:00' });
  await new UserStore(usersFile(dir)).set('wang', 'hotline-pass-1');
  connector = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const m = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const a = JSON.parse(raw || '{}') as { text?: string };
      if (m && a.text) pushed.push({ conversation: decodeURIComponent(m[1]!), text: a.text });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `a-${pushed.length}` }));
    });
  });
  await new Promise<void>((ok) => connector.listen(0, '127.0.0.1', ok));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  chromium = await launchChromium();
  page = await chromium.context.newPage();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await s?.stop();
  await new Promise((ok) => connector?.close(ok));
  await removeDir(dir);
});

const pushedTo = (id: string) => pushed.filter((p) => p.conversation === id).map((p) => p.text);
const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

browserDescribe('转人工 through the console in Chromium', () => {
  const web = () => new Client(s.url, 'citizen-web', connectorUrl);
  const terminal = new InProcessAdapter('citizen-terminal', 'citizen-t', 'terminal');
  const sayTerminal = async (text: string) => (await terminal.say((c) => s.app.bot.run(c), text)).map((a) => a.text ?? '');

  it('two citizens ask for a person; the bot says honestly where they stand', async () => {
    await web().say('我要卖房');
    const asked = await web().say('转人工');
    expect(asked.texts.join('')).toContain('已为您转人工');
    expect(asked.texts.join('')).toContain('12345');
    expect(asked.texts.join('')).toContain('前面还有 0 位');
    await sayTerminal('孩子出生了要办什么');
    expect((await sayTerminal('我要找人工客服')).join('')).toContain('前面还有 1 位');
    // 「人呢？」 gets the queue, not 「没能理解」
    const where = (await sayTerminal('人呢？')).join('');
    expect(where).toContain('还在排队');
    expect(where).toContain('前面还有 1 位');
  });

  it('the operator signs in and sees both waiting, oldest first, with a count', async () => {
    await page.goto(`${s.url}/console/`);
    await page.fill('#name', 'wang');
    await page.fill('#password', 'hotline-pass-1');
    await page.press('#password', 'Enter');
    await page.waitForSelector('body[data-ready="1"]');
    await expect.poll(() => page.textContent('#waiting-count')).toBe('等待 2 人');
    const order = await page.$$eval('#handovers > li', (ls) => ls.map((l) => (l as HTMLElement).dataset.conversation));
    expect(order).toEqual(['citizen-web', 'citizen-terminal']);
    expect(await page.title()).toContain('（2）');
    await shot('7-handovers-waiting');
  });

  it('takes the Bot Framework citizen, reads the transcript, replies; the citizen gets it on their channel', async () => {
    const item = page.locator('#handovers li[data-conversation="citizen-web"]');
    await item.locator('button.take').click();
    await page.waitForSelector('#chat-pane:not([hidden])');
    await expect.poll(() => pushedTo('citizen-web').join('\n')).toContain('【人工客服】您好');
    expect(await page.textContent('#chat-transcript')).toContain('来电人：转人工');
    await expect.poll(() => page.textContent('#waiting-count')).toBe('等待 1 人');

    // while handed over the citizen's words go to the operator, and the bot says so
    const passed = await web().say('房子还有贷款没还完，能卖吗');
    expect(passed.texts.join('')).toContain('已转给工作人员');
    await expect.poll(() => page.textContent('#chat-transcript'), { timeout: 15_000 }).toContain('房子还有贷款没还完');
    expect((await web().say('人呢？')).texts.join('')).toContain('工作人员已经接入');

    // reply by keyboard only: Alt+R to the box, Ctrl+Enter sends
    await page.keyboard.press('Alt+r');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    await page.keyboard.type('可以卖，带押过户需要抵押权人同意，我把材料清单发给您。');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => pushedTo('citizen-web').join('\n')).toContain('【人工客服】可以卖，带押过户需要抵押权人同意');
    await expect.poll(() => page.textContent('#status')).toContain('回复已发出');
    await expect.poll(() => page.textContent('#chat-transcript')).toContain('工作人员：可以卖');
    await shot('8-handover-reply');
  });

  it('hands it back to the bot: the citizen is told, and the bot answers again', async () => {
    await page.click('#handback');
    await expect.poll(() => pushedTo('citizen-web').join('\n')).toContain('人工服务已结束');
    await expect.poll(() => page.isHidden('#chat-pane')).toBe(true);
    const after = await web().say('查看清单');
    expect(after.texts.join('')).not.toContain('已转给工作人员');
    expect(after.texts.join('')).toContain('二手房');
    expect((await s.app.handovers.list()).find((h) => h.conversationId === 'citizen-web')?.status).toBe('resolved');
  });

  it('the terminal citizen: the reply is kept and read first at their next message', async () => {
    await page.locator('#handovers li[data-conversation="citizen-terminal"] button.take').click();
    await page.waitForSelector('#chat-pane:not([hidden])');
    await page.fill('#reply-text', '您好，新生儿出生一件事可以在线办，我帮您看一下。');
    await page.click('#reply-form button[type="submit"]');
    await expect.poll(() => page.textContent('#status')).toContain('已留言');
    await expect.poll(() => page.textContent('#chat-transcript')).toContain('待送达');
    const next = await sayTerminal('好的谢谢');
    expect(next[0]).toBe('您不在时有新消息：');
    expect(next.join('\n')).toContain('【人工客服】您好，新生儿出生一件事可以在线办');
    expect(next.join('\n')).toContain('已转给工作人员');
  });
});
