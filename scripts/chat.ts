/**
 * npm run chat            the assistant in this terminal, continuing your last conversation
 * npm run chat -- --new   a fresh conversation
 * echo "我要卖房" | npm run chat   piped lines work too (one message per line)
 *
 * The same bot as on every channel, built by the server's own builder (startServer without a port):
 * in-process adapter, the state under DATA_DIR (or shared, with DATABASE_URL and REDIS_URL). 一表申报
 * goes to BACKEND_URL, or to a reference backend started here for the session.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { KnowledgeError, PROJECT_ROOT } from '../src/knowledge/load.js';
import type { AssistantBot } from '../src/bot/bot.js';
import { DataKeyError } from '../src/util/crypto-at-rest.js';
import { InProcessAdapter, renderForTerminal } from '../src/channels/terminal/adapter.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start.js';
import { createLogger } from '../src/util/log.js';
import { loadEnvFile } from '../src/util/env-file.js';

async function main(): Promise<void> {
  loadEnvFile(PROJECT_ROOT);
  // chat output and logs share the terminal: logs only when asked for
  const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
  const log = createLogger(config.LOG_LEVEL);
  // the server's own builder, without the port: the same stores (shared ones when DATABASE_URL and
  // REDIS_URL are set), turn lock, 转人工, outbox and application flow as every channel
  const s = await startServer(config, log, { listen: false });
  const { bot, storage } = s.app;

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
    await s.stop();
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
