import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import type { Knowledge } from '../../src/knowledge/load.js';
import type { Understanding } from '../../src/bot/types.js';
import { createApp, type App } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { registerConsole, type ConsoleDeps, type SmsGateway, type Operators } from '../../src/server/console/index.js';
import type { HandoverDesk } from '../../src/server/console/desk.js';
import { silentLogger } from '../../src/util/log.js';
import { describe } from 'vitest';

/** Debian's Chromium (CHROMIUM_PATH overrides it, e.g. to check the skip below) */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser suites. Outside CI, a machine without Chromium skips them with one line saying how to get
 * it; under CI=true a missing browser fails loudly instead, so CI never passes without them.
 */
export const browserDescribe =
  existsSync(CHROMIUM) || process.env.CI === 'true'
    ? (describe as typeof describe)
    : (() => {
        console.warn(`跳过浏览器测试：没有找到 ${CHROMIUM}。安装：apt-get install -y chromium fonts-wqy-microhei（CI=true 时不会跳过）`);
        return describe.skip as typeof describe;
      })();

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'console');

export interface Rig {
  app: App;
  users: Operators;
  desk: HandoverDesk;
  url: string;
  dir: string;
  /** stops the server; the data folder stays for a restart */
  stop(): Promise<void>;
}

/** The bot server plus the console, as main.ts wires them, on 127.0.0.1 with a free port. */
export async function startRig(o: {
  k: Knowledge;
  nlu: Understanding;
  dir?: string;
  now?: () => number;
  smsGateway?: SmsGateway;
  env?: Record<string, string>;
  continueFor?: ConsoleDeps['continueFor'];
}): Promise<Rig> {
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), 'yjs-console-')));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...o.env });
  const app = createApp({ config, k: o.k, nlu: o.nlu, log: silentLogger });
  const { users, desk } = registerConsole(app.server, {
    k: o.k,
    nlu: o.nlu,
    storage: app.storage,
    handovers: app.handovers,
    handoverChat: app.handoverChat,
    bot: app.bot,
    handoff: app.handoff,
    dataDir: app.dataDir,
    config,
    log: silentLogger,
    now: o.now,
    smsGateway: o.smsGateway,
    continueFor: o.continueFor,
  });
  const port = await app.listen(0, '127.0.0.1');
  app.drain.ready();
  return {
    app,
    users,
    desk,
    url: `http://127.0.0.1:${port}`,
    dir,
    stop: async () => {
      desk.stop();
      await app.close();
    },
  };
}

/** A terminal citizen who asks for a person; the console's list is refreshed until they show. */
export async function citizenWaiting(rig: Rig, page: Page, conversation: string, user: string): Promise<Locator> {
  const chat = new InProcessAdapter(conversation, user, 'terminal');
  await chat.say((c) => rig.app.bot.run(c), '我要卖房');
  await chat.say((c) => rig.app.bot.run(c), '转人工');
  await page.click('#refresh-handovers');
  const item = page.locator(`#handovers li[data-conversation="${conversation}"]`);
  await item.waitFor();
  return item;
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** Debian's Chromium, headless, with a fresh profile; never a downloaded browser. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'yjs-chromium-'));
  await mkdir(ARTIFACTS, { recursive: true });
  // a persistent context is how Playwright takes a user-data dir: a fresh one per run
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1366, height: 900 },
    locale: 'zh-CN',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await removeDir(profile);
    },
  };
}

/** Signs in over HTTP as a script would; returns the session cookie. */
export async function signIn(url: string, name: string, password: string): Promise<{ status: number; cookie: string; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/console/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { status: res.status, cookie, json: await res.json() };
}
