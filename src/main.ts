/**
 * `npm start`: the bot server on PORT with the embedded lowdb store under DATA_DIR, the reference
 * acceptance backend on BACKEND_PORT (unless BACKEND_URL names one), the hotline console at /console,
 * and the WeChat / WeCom callbacks when their tokens are set.
 */
import { KnowledgeError, PROJECT_ROOT } from './knowledge/load.js';
import { ConfigError, loadConfig } from './server/config.js';
import { startServer } from './server/start.js';
import { keepServing } from './server/guard/index.js';
import { createLogger } from './util/log.js';
import { loadEnvFile } from './util/env-file.js';

async function main(): Promise<void> {
  const fromFile = loadEnvFile(PROJECT_ROOT);
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  keepServing(log);
  if (fromFile.length > 0) log.info({ variables: fromFile }, '已读取 .env 中的配置（环境变量优先）');
  const started = performance.now();
  const s = await startServer(config, log);
  log.info(
    { url: s.url, backend: s.backendUrl, dataDir: s.app.dataDir, bundles: s.k.bundles.size, startMs: Math.round(performance.now() - started) },
    `导办助手已启动：${s.url}/api/messages（热线坐席台 ${s.url}/console）`,
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // s.stop() drains: 503 with Retry-After on new turns, those in flight finish (up to 8 s) and are saved
    log.info({ signal, turnsInFlight: s.app.drain.turnsInFlight }, '正在停止服务：不再接收新消息，等待进行中的对话完成');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      await s.stop();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(2);
  }
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(`端口已被占用：${(e as Error).message}。请换一个 PORT 或 BACKEND_PORT，或先停掉占用它的程序。`);
    process.exit(2);
  }
  console.error('启动失败：', e);
  process.exit(1);
});
