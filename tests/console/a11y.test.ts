import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { createNlu } from '../../src/nlu/index.js';
import { ARTIFACTS, browserDescribe, citizenWaiting, launchChromium, removeDir, startRig, type Rig } from './rig.js';

/**
 * The console under an automated accessibility audit: axe-core, run inside the same Chromium the other
 * console tests use, on the sign-in page and on the console with everything an operator sees mid-call
 * (a recognised bundle, questions answered, the checklist and script, a 转人工 taken with its chat pane),
 * in normal and 大字 mode. Beyond axe: every control is reached by Tab alone, and no question's text
 * sits under its fieldset's border.
 */
const k = loadKnowledge();
const nlu = createNlu(k);

let rig: Rig;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let axeSource: string;
/** a blank page (no Content-Security-Policy) whose canvas reads the screenshots' pixels */
let decoder: Page;

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  rig = await startRig({ k, nlu, env: { HANDOVER_WORK_HOURS: '1-7 00:00-24:00' } });
  await rig.users.set('wang', 'hotline-pass-1');
  chromium = await launchChromium();
  page = await chromium.context.newPage();
  decoder = await chromium.context.newPage();
}, 60_000);
afterAll(async () => {
  await chromium?.close();
  await rig?.stop();
  if (rig) await removeDir(rig.dir);
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now: WCAG 2.1 A/AA and axe's best practices. */
async function audit(): Promise<Violation[]> {
  // evaluate, not a <script> tag: the console's Content-Security-Policy rightly refuses inline scripts
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Violation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

const describeViolations = (vs: Violation[]) =>
  vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');

/** No serious or critical findings; colour contrast (4.5:1 for text, WCAG AA) is held to at any impact. */
async function expectClean(where: string): Promise<void> {
  const found = await audit();
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'color-contrast');
  if (found.length) console.log(`axe on ${where}: ${found.length} rule(s) with findings\n${describeViolations(found)}`);
  expect(describeViolations(blocking)).toBe('');
}

/** Every visible, enabled control on the page, as a stable description. */
const controls = () =>
  page.evaluate(() => {
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}#${e.id}|${(e as HTMLInputElement).name ?? ''}|${(e as HTMLInputElement).value ?? ''}|${e.textContent?.trim().slice(0, 20) ?? ''}`;
    const shown = (e: Element) => {
      const r = (e as HTMLElement).getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
    };
    // a control set out of the Tab order must name the key that does its work instead (aria-keyshortcuts)
    const all = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')].filter(
      (e) => !(e as HTMLButtonElement).disabled && shown(e) && !(e.getAttribute('tabindex') === '-1' && e.hasAttribute('aria-keyshortcuts')),
    );
    // a radio group is one tab stop: the arrows move inside it, so the group counts once
    const seen = new Set<string>();
    const out: string[] = [];
    for (const e of all) {
      const r = e as HTMLInputElement;
      const key = r.type === 'radio' ? `radio-group:${r.name}` : name(e);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(key);
    }
    return out;
  });

/** Tabs from the first control until focus comes round again; returns what it landed on. */
async function tabRound(): Promise<string[]> {
  const describe = () =>
    page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const r = e as HTMLInputElement;
      if (r.type === 'radio') return `radio-group:${r.name}`;
      return `${e.tagName.toLowerCase()}#${e.id}|${r.name ?? ''}|${r.value ?? ''}|${e.textContent?.trim().slice(0, 20) ?? ''}`;
    });
  await page.focus('a.skip');
  const reached = [(await describe())!];
  // past the last control focus leaves the page (null) once, then comes back to the first
  for (let i = 0, away = 0; i < 400 && away < 2; i++) {
    await page.keyboard.press('Tab');
    const at = await describe();
    if (at === null) away++;
    else if (reached.includes(at)) break;
    else reached.push(at);
  }
  return reached;
}

async function expectAllByKeyboard(): Promise<void> {
  const want = await controls();
  const reached = await tabRound();
  expect(want.filter((c) => !reached.includes(c))).toEqual([]);
}

/**
 * Each shown question's text is clear of its fieldset's top border. A legend left to the browser
 * straddles the border, which is drawn through its middle: through the text once it wraps to two lines.
 * What is on screen decides: each fieldset is photographed and, inside the rows its legend's lines
 * cover, no run of border-coloured pixels may cross the box (decoded in a blank page's canvas).
 */
async function expectLegendsClearOfBorder(): Promise<number> {
  const ids = await page.$$eval('fieldset.q:not([hidden])', (fs) => fs.map((f) => (f as HTMLElement).dataset.id!));
  const crossed: string[] = [];
  for (const id of ids) {
    const box = page.locator(`fieldset.q[data-id="${id}"]`);
    const geometry = await box.evaluate((f) => {
      const at = f.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(f.querySelector('legend')!);
      const rgb = getComputedStyle(f).borderTopColor.match(/\d+/g)!.map(Number);
      return { rgb, lines: [...range.getClientRects()].map((l) => [Math.floor(l.top - at.top), Math.ceil(l.bottom - at.top)]) };
    });
    const png = (await box.screenshot()).toString('base64');
    const hit = await decoder.evaluate(
      async ({ png, rgb, lines }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d')!;
        g.drawImage(img, 0, 0);
        const { data, width } = g.getImageData(0, 0, img.width, img.height);
        const border = (x: number, y: number) => {
          const i = (y * width + x) * 4;
          return Math.abs(data[i]! - rgb[0]!) <= 3 && Math.abs(data[i + 1]! - rgb[1]!) <= 3 && Math.abs(data[i + 2]! - rgb[2]!) <= 3;
        };
        // the side borders and rounded corners are left out; a run of 6 is a line, not a glyph's edge
        for (const [top, bottom] of lines) {
          for (let y = Math.max(0, top!); y < Math.min(img.height, bottom!); y++) {
            let run = 0;
            for (let x = 12; x < width - 12; x++) {
              run = border(x, y) ? run + 1 : 0;
              if (run >= 6) return true;
            }
          }
        }
        return false;
      },
      { png, ...geometry },
    );
    if (hit) crossed.push(id);
  }
  expect(crossed).toEqual([]);
  return ids.length;
}

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

browserDescribe('console accessibility audit (axe-core in Chromium)', () => {
  it('the sign-in page', async () => {
    await page.goto(`${rig.url}/console/`);
    await expectClean('sign-in');
    await page.fill('#name', 'wang');
    await page.fill('#password', 'wrong-pass-0');
    await page.press('#password', 'Enter');
    await page.waitForSelector('.error');
    await expectClean('sign-in with an error');
    await page.fill('#password', 'hotline-pass-1');
    await page.press('#password', 'Enter');
    await page.waitForSelector('body[data-ready="1"]');
  });

  it('the console mid-call, normal type: axe clean, all by keyboard, legends clear of the border', async () => {
    // someone waiting for a person, taken, so the queue and the chat pane are on screen
    const item = await citizenWaiting(rig, page, 'a11y-citizen', 'citizen-a');
    await item.locator('button.take').click();
    await page.waitForSelector('#chat-pane:not([hidden])');

    await page.fill('#search', '卖房子 有贷款 已婚');
    const checked = page.waitForResponse((r) => r.url().endsWith('/console/api/checklist'));
    await page.press('#search', 'Enter');
    await checked;
    await page.waitForSelector('fieldset.q:not([hidden])');
    await page.locator('fieldset[data-id="seller_type"] input[value="person"]').check();
    await page.waitForSelector('fieldset.q.answered');
    await page.click('#script-more-box summary');

    await expectClean('console');
    expect(await expectLegendsClearOfBorder()).toBeGreaterThan(3);
    await expectAllByKeyboard();
    await shot('a11y-normal');
  }, 90_000);

  it('the same in 大字 mode', async () => {
    await page.keyboard.press('Alt+z');
    expect(await page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    await expectClean('console, 大字');
    expect(await expectLegendsClearOfBorder()).toBeGreaterThan(3);
    await expectAllByKeyboard();
    await shot('a11y-large');
    // a narrow window wraps the longer questions onto two lines: still below the border
    await page.setViewportSize({ width: 700, height: 900 });
    expect(await expectLegendsClearOfBorder()).toBeGreaterThan(3);
    await shot('a11y-large-narrow');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.keyboard.press('Alt+z');
  }, 90_000);
});
