/**
 * npm run rotate-key   re-encrypts every stored record under DATA_ENCRYPTION_KEY
 *
 * Rotation: put the new key in DATA_ENCRYPTION_KEY and the old one(s) in DATA_ENCRYPTION_OLD_KEYS,
 * restart the server (it reads both), run this, then drop DATA_ENCRYPTION_OLD_KEYS and restart again.
 * Safe beside a running server: each record is rewritten with its eTag, so a turn's own write wins.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/knowledge/load.js';
import { rotateStore } from '../src/bot/state/encrypted-storage.js';
import { LowdbStorage } from '../src/bot/state/lowdb-storage.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { DataKeyError, keyId, loadKeyring } from '../src/util/crypto-at-rest.js';
import { loadEnvFile } from '../src/util/env-file.js';

async function main(): Promise<void> {
  loadEnvFile(PROJECT_ROOT);
  const config = loadConfig(process.env);
  if (!config.DATA_ENCRYPTION_KEY) {
    throw new ConfigError('请在 DATA_ENCRYPTION_KEY 中设置新密钥、在 DATA_ENCRYPTION_OLD_KEYS 中设置旧密钥后再运行 / set the new key in DATA_ENCRYPTION_KEY and the old one(s) in DATA_ENCRYPTION_OLD_KEYS');
  }
  const ring = loadKeyring({ key: config.DATA_ENCRYPTION_KEY, oldKeys: config.DATA_ENCRYPTION_OLD_KEYS, dataDir: config.DATA_DIR });
  const store = new LowdbStorage({ dir: join(config.DATA_DIR, 'state'), ttlMs: config.CONVERSATION_TTL_DAYS * 86_400_000 });
  const r = await rotateStore(store, ring);
  console.log(`已用密钥 ${keyId(ring.current.key)} 重新加密 ${r.rewritten} 条记录（${r.current} 条原已是新密钥）/ rewritten ${r.rewritten} records, ${r.current} already current`);
  if (r.unreadable > 0) {
    console.error(`有 ${r.unreadable} 条记录无法用已配置的密钥解开，未改动 / ${r.unreadable} records could not be opened with the configured keys and were left as they are`);
    process.exit(3);
  }
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DataKeyError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error('出错了：', e);
  process.exit(1);
});
