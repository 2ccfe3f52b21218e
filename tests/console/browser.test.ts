import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createNlu } from '../../src/nlu/index.js';
import { askedQuestions, buildChecklist, compiledBundle, effectiveAnswers } from '../../src/engine/index.js';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import type { ConversationData } from '../../src/bot/types.js';
import { conversationKey } from '../../src/server/console/api.js';
import { ARTIFACTS, browserDescribe, citizenWaiting, launchChromium, removeDir, startRig, type Rig } from './rig.js';

const k = loadKnowledge();
const nlu = createNlu(k);
const BUNDLE = 'second-hand-house';
const cb = compiledBundle(k, BUNDLE);

let rig: Rig;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  rig = await startRig({ k, nlu });
  await rig.users.set('wang', 'hotline-pass-1');
  chromium = await launchChromium();
  page = await chromium.context.newPage();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await rig?.stop();
  if (rig) await removeDir(rig.dir);
});

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
const visibleQuestions = () => page.$$eval('fieldset.q:not([hidden])', (fs) => fs.map((f) => (f as HTMLElement).dataset.id!));
const bringNames = () => page.$$eval('#bring > li', (ls) => ls.map((l) => l.querySelector('.name')!.textContent!));

/** Clicks, waits for the page's checklist call, and checks the page against the engine on the same answers. */
async function answer(action: () => Promise<void>): Promise<{ answers: Record<string, unknown>; asked: string[] }> {
  const done = page.waitForResponse((r: Response) => r.url().endsWith('/console/api/checklist'));
  await action();
  const res = await done;
  const sent = res.request().postDataJSON() as { answers: Record<string, never> };
  const body = (await res.json()) as { asked: string[] };
  await page.waitForFunction((n) => document.querySelectorAll('fieldset.q:not([hidden])').length === n, body.asked.length);
  const kept = effectiveAnswers(cb, sent.answers);
  expect(await visibleQuestions()).toEqual(askedQuestions(cb, kept).map((q) => q.id));
  expect(await bringNames()).toEqual(buildChecklist(k, BUNDLE, kept).bring.map((m) => m.name));
  return { answers: kept, asked: body.asked };
}

const radio = (q: string, value: string) => page.locator(`fieldset[data-id="${q}"] input[value="${value}"]`);

browserDescribe('hotline console in Chromium', () => {
  it('anonymous visit lands on the sign-in page; the operator signs in by keyboard', async () => {
    await page.goto(`${rig.url}/console/`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.fill('#name', 'wang');
    await page.fill('#password', 'wrong-pass-0');
    await page.press('#password', 'Enter');
    await expect.poll(() => page.textContent('.error')).toContain('用户名或密码不对');
    await page.fill('#password', 'hotline-pass-1');
    await page.press('#password', 'Enter');
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.textContent('#who')).toContain('wang');
  });

  let handoffAnswers: Record<string, unknown> = {};

  it('search "卖房子 有贷款" finds the bundle; answering shows and hides questions; the checklist follows', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('卖房子 有贷款');
    expect(await page.inputValue('#search')).toBe('卖房子 有贷款');
    const first = page.waitForResponse((r) => r.url().endsWith('/console/api/checklist'));
    await page.keyboard.press('Enter');
    await first;
    expect(await page.textContent('#found-bundle')).toBe(k.bundles.get(BUNDLE)!.name);
    expect(await page.inputValue('#bundle')).toBe(BUNDLE);
    await shot('1-search');

    const hiddenAtStart = await visibleQuestions();
    expect(hiddenAtStart).not.toContain('seller_spouse_signs');

    await answer(() => radio('seller_type', 'person').check());
    expect(await visibleQuestions()).toContain('seller_marital');
    const before = await bringNames();
    const married = await answer(() => radio('seller_marital', 'married').check());
    expect(married.asked).toContain('seller_spouse_signs');
    await answer(() => radio('seller_spouse_signs', 'consent').check());
    await answer(() => radio('seller_mortgage', 'payoff').check());
    const after = await bringNames();
    expect(after).not.toEqual(before);

    // changing an earlier answer hides the questions that hung on it
    await answer(() => radio('seller_marital', 'single').check());
    expect(await visibleQuestions()).not.toContain('seller_spouse_signs');
    await answer(() => radio('seller_marital', 'married').check());
    await answer(() => radio('house_usage', 'residential').check());
    await answer(() => radio('held_years', 'ge5').check());
    expect(await visibleQuestions()).toContain('seller_only_home');
    const priced = await answer(() => page.fill('fieldset[data-id="price"] input', '120'));
    expect(priced.answers.price).toBe(1_200_000);
    handoffAnswers = priced.answers;

    // what matters fits a screen; each material's details fold open below it
    const script = await page.$$eval('#script li', (ls) => ls.map((l) => l.textContent!));
    expect(script[0]).toContain(k.bundles.get(BUNDLE)!.name);
    expect(script.length).toBeLessThanOrEqual(8);
    expect(script.some((s) => s.startsWith('您需要带'))).toBe(true);
    expect(await page.isVisible('#script-more')).toBe(false);
    await page.click('#script-more-box summary');
    const more = await page.$$eval('#script-more li', (ls) => ls.map((l) => l.textContent!));
    expect(more.some((s) => /^第一，/.test(s))).toBe(true);
    await shot('2-answered');
  });

  it('keyboard: Alt+1 jumps to the questions, focus is visible, Alt+Z toggles large type', async () => {
    await page.keyboard.press('Alt+1');
    const focused = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      return { inQuestion: !!a.closest('fieldset.q'), outline: getComputedStyle(a).outlineStyle };
    });
    expect(focused.inQuestion).toBe(true);
    expect(focused.outline).not.toBe('none');
    // Tab goes to the next question, arrows pick an answer, Delete clears it: no mouse needed
    // each Tab moves to the next shown question, in order, up to the buyer's type
    const shown = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('fieldset.q')].filter((f) => !f.hidden).map((f) => f.dataset.id!));
    const focusedId = () => page.evaluate(() => document.activeElement!.closest('fieldset')!.dataset.id!);
    let at = shown.indexOf(await focusedId());
    while (shown[at] !== 'buyer_type') {
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe(shown[++at]);
    }
    const picked = await answer(() => page.keyboard.press('ArrowRight'));
    expect(picked.answers.buyer_type).toBe('org');
    const cleared = await answer(() => page.keyboard.press('Delete'));
    expect(cleared.answers.buyer_type).toBeUndefined();
    const small = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await page.keyboard.press('Alt+z');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    const large = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(large).toBeGreaterThan(small);
    await shot('3-large-font');
    await page.keyboard.press('Alt+z');
  });

  it("print view: only the caller's checklist, on A4", async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#situation')).toBe(false);
    expect(await page.isVisible('.actions')).toBe(false);
    expect(await page.isVisible('#script')).toBe(false);
    expect(await page.isVisible('#checklist')).toBe(true);
    expect(await page.textContent('#print-title')).toContain('材料清单');
    await shot('4-print-view');
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    await writeFile(join(ARTIFACTS, 'checklist-a4.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`print view: ${pages} A4 page(s), ${pdf.length} bytes`);
    expect(pages).toBeGreaterThanOrEqual(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('sends the checklist by SMS into the outbox the page lists, phone masked', async () => {
    await page.keyboard.press('Alt+m');
    await page.keyboard.type('13991234567');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#status')).toContain('发件箱');
    // the page says where the message went first, then reloads the outbox list
    await expect.poll(() => page.textContent('#outbox')).toContain('139****4567');
    expect(await page.textContent('#outbox')).toContain('【一件事一次办】');
  });

  it("hand-off code continues in a chat with the operator's answers", async () => {
    await page.keyboard.press('Alt+w');
    await page.waitForSelector('#handoff-code:not([hidden])');
    const shown = (await page.textContent('#handoff-code'))!;
    // read aloud in groups, typed back with or without the spaces
    const code = /请在公众号发送：续办 (\d{3} \d{3} \d{4})/.exec(shown)?.[1];
    expect(code).toMatch(/^\d{3} \d{3} \d{4}$/);
    await shot('5-handoff');

    const chat = new InProcessAdapter('handoff-chat', 'citizen-1', 'terminal');
    const replies = await chat.say((c) => rig.app.bot.run(c), `续办 ${code}`);
    const text = replies.map((r) => r.text ?? '').join('\n');
    expect(text).toContain('已接上热线工作人员为您填好的回答');
    const key = conversationKey('terminal', 'handoff-chat');
    const conv = ((await rig.app.storage.read([key]))[key] as { conversation: ConversationData }).conversation;
    expect(conv.bundle).toBe(BUNDLE);
    expect(conv.answers).toMatchObject(handoffAnswers);
    // the interview goes on from the first question the operator left open, not from the start
    expect(conv.mode).toBe('interview');
    expect(Object.keys(handoffAnswers)).not.toContain(conv.current);
    const again = await new InProcessAdapter('other-chat').say((c) => rig.app.bot.run(c), `续办 ${code}`);
    expect(again.map((r) => r.text).join('')).toContain('无效或已过期');
  });

  it('lists 转人工 requests with their transcript and marks them resolved', async () => {
    const item = await citizenWaiting(rig, page, 'needs-person', 'citizen-2');
    await item.locator('summary').click();
    expect(await item.locator('.transcript').textContent()).toContain('来电人：转人工');
    await shot('6-handovers');
    await item.locator('button.resolve').click();
    await expect.poll(() => item.textContent()).toContain('已处理');
    expect((await rig.app.handovers.list()).find((h) => h.conversationId === 'needs-person')?.resolved).toBe(true);
  });
});
