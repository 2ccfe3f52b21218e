import { loadEnvFile } from '../../src/util/env-file.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { parseBackendEnv } from './env.js';
import { createBackendServer } from './server.js';
import { LocalSharedData } from './shared-data/local.js';
import { createLogger } from '../../src/util/log.js';
import { type Keyring, loadKeyring } from '../../src/util/crypto-at-rest.js';

/** `npm run backend`: the reference acceptance platform on its own port. */
loadEnvFile(PROJECT_ROOT);
const parsed = parseBackendEnv(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(2);
}
const env = parsed.env;
const log = createLogger(undefined, 'backend');
let keyring: Keyring;
try {
  keyring = loadKeyring({
    key: env.BACKEND_ENCRYPTION_KEY,
    oldKeys: env.BACKEND_ENCRYPTION_OLD_KEYS,
    dataDir: env.BACKEND_DATA_DIR,
    log,
    prefix: 'BACKEND_ENCRYPTION',
  });
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const backend = await createBackendServer({
  dataDir: env.BACKEND_DATA_DIR,
  keyring,
  secret: env.BACKEND_SECRET,
  staffToken: env.STAFF_TOKEN,
  ...(env.BOT_WEBHOOK_URL ? { webhookUrl: env.BOT_WEBHOOK_URL } : {}),
  port: env.BACKEND_PORT,
  host: env.BACKEND_HOST,
  sharedData: await LocalSharedData.load(env.SHARED_DATA_FILE),
  logger: log,
});
log.info({ url: backend.url, dataDir: env.BACKEND_DATA_DIR, webhook: Boolean(env.BOT_WEBHOOK_URL) }, '受理平台已启动 (acceptance backend listening)');
for (const w of parsed.warnings) log.warn(`${w}；仅监听本机，对外提供服务前必须更换（loopback only: change it before serving anyone）`);
if (!env.BOT_WEBHOOK_URL) log.warn('未配置 BOT_WEBHOOK_URL：办件变化不会推送给机器人 (no webhook configured)');

const shutdown = async () => {
  await backend.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
