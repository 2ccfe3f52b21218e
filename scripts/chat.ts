/**
 * npm run chat            the assistant in this terminal, continuing your last conversation
 * npm run chat -- --new   a fresh conversation
 * echo "我要卖房" | npm run chat   piped lines work too (one message per line)
 *
 * The same bot as on every channel (in-process adapter, lowdb state under DATA_DIR). 一表申报 goes to
 * BACKEND_URL, or to a reference backend started here for the session.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { loadKnowledge, KnowledgeError, PROJECT_ROOT } from '../src/knowledge/load.js';
import { createNlu } from '../src/nlu/index.js';
import { isoToday } from '../src/engine/index.js';
import { AssistantBot } from '../src/bot/bot.js';
import { HandoffStore } from '../src/bot/handoff.js';
import { LowdbStorage } from '../src/bot/state/lowdb-storage.js';
import { sealedStorage } from '../src/bot/state/sealed-store.js';
import { lookupKeys } from '../src/bot/state/hashed-keys.js';
import { DataKeyError, loadKeyring } from '../src/util/crypto-at-rest.js';
import type { ApplyFlow } from '../src/bot/turn.js';
import { InProcessAdapter, renderForTerminal } from '../src/channels/terminal/adapter.js';
import { createBackendServer } from '../apps/backend/server.js';
import { LocalSharedData } from '../apps/backend/shared-data/local.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { wireApplications } from '../src/server/applications.js';
import { createLogger } from '../src/util/log.js';
import { loadEnvFile } from '../src/util/env-file.js';

async function main(): Promise<void> {
  loadEnvFile(PROJECT_ROOT);
  // chat output and logs share the terminal: logs only when asked for
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const log = createLogger(config.LOG_LEVEL);
  const k = await loadKnowledge();
  const nlu = createNlu(k);
  const today = () => isoToday();
  const dataDir = config.DATA_DIR;
  const ring = loadKeyring({ key: config.DATA_ENCRYPTION_KEY, oldKeys: config.DATA_ENCRYPTION_OLD_KEYS, dataDir, log });
  const storage = sealedStorage(
    new LowdbStorage({ dir: join(dataDir, 'state'), ttlMs: config.CONVERSATION_TTL_DAYS * 86_400_000 }),
    ring,
    lookupKeys({ key: config.DATA_LOOKUP_KEY, ring, dataDir, shared: false }),
  );

  const backend = config.BACKEND_URL
    ? null
    : await createBackendServer({
        dataDir: join(dataDir, 'backend'),
        secret: config.BACKEND_SECRET,
        staffToken: config.STAFF_TOKEN,
        port: 0,
        host: '127.0.0.1',
        sharedData: await LocalSharedData.load(join(PROJECT_ROOT, 'knowledge/samples/shared-data.yaml')),
        logger: log,
      });
  const wired = await wireApplications({
    k,
    log,
    backendUrl: config.BACKEND_URL ?? backend!.url,
    secret: config.BACKEND_SECRET,
    sharedDataUrl: config.SHARED_DATA_URL,
    // nobody reads the terminal between turns: changes are seen by asking (查询进度)
    continueFor: () => undefined,
    today,
  });
  let apply: ApplyFlow | undefined;
  const bot = new AssistantBot(
    storage,
    {
      k,
      nlu,
      today,
      handoff: new HandoffStore(storage),
      get apply() {
        return apply;
      },
    },
    log,
  );
  apply = wired.flowFor(bot, storage);

  const fresh = process.argv.includes('--new');
  const conversationId = fresh ? `terminal-${randomUUID()}` : `terminal-${userInfo().username}`;
  const adapter = new InProcessAdapter(conversationId);
  const run = (c: Parameters<AssistantBot['run']>[0]) => bot.run(c);
  const print = (replies: Awaited<ReturnType<InProcessAdapter['say']>>) => {
    for (const r of replies) console.log(`\n助手：${renderForTerminal(r)}`);
  };

  const key = `terminal/conversations/${conversationId}/`;
  const before = (await storage.read([key]))[key] as { conversation?: { bundle?: string } } | undefined;
  if (before?.conversation?.bundle) console.log(`（接着上次的对话；说「重新开始」可清空，npm run chat -- --new 开新对话）`);
  else print(await adapter.open(run));

  const interactive = process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  const stop = async () => {
    rl.close();
    await wired.stop();
    await backend?.close();
  };
  if (interactive) {
    rl.setPrompt('\n您：');
    rl.prompt();
  }
  for await (const line of rl) {
    const text = line.trim();
    if (text === '退出' || text === 'exit' || text === 'quit') break;
    if (!text) {
      if (interactive) rl.prompt();
      continue;
    }
    if (!interactive) console.log(`\n您：${text}`);
    print(await adapter.say(run, text));
    if (interactive) rl.prompt();
  }
  await stop();
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof KnowledgeError || e instanceof DataKeyError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error('出错了：', e);
  process.exit(1);
});
