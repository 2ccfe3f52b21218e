/**
 * npm run rotate-key   re-encrypts every stored record under DATA_ENCRYPTION_KEY, the in-process
 *                      backend's store (DATA_DIR/backend/backend.json) with it, and a standalone
 *                      backend's store (BACKEND_DATA_DIR) under BACKEND_ENCRYPTION_KEY when that is set
 *
 * Rotation: put the new key in DATA_ENCRYPTION_KEY and the old one(s) in DATA_ENCRYPTION_OLD_KEYS,
 * restart the server (it reads both), run this, then drop DATA_ENCRYPTION_OLD_KEYS and restart again.
 * Safe beside a running server: each record is rewritten with its eTag, so a turn's own write wins.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/knowledge/load.js';
import { rotateStore } from '../src/bot/state/sealed-store.js';
import { lookupKeys } from '../src/bot/state/hashed-keys.js';
import { LowdbStorage } from '../src/bot/state/lowdb-storage.js';
import { ConfigError, loadConfig } from '../src/server/config.js';
import { BackendEnv } from '../apps/backend/env.js';
import { backendFile } from '../apps/backend/store.js';
import { DataKeyError, keyId, loadKeyring, sealingCodec, type Keyring } from '../src/util/crypto-at-rest.js';
import { HandoverRegistry } from '../src/bot/handovers.js';
import { resealFile } from '../src/util/sealed-file.js';
import { loadEnvFile } from '../src/util/env-file.js';

async function main(): Promise<void> {
  loadEnvFile(PROJECT_ROOT);
  const config = loadConfig(process.env);
  if (!config.DATA_ENCRYPTION_KEY) {
    throw new ConfigError(
      '请在 DATA_ENCRYPTION_KEY 中设置新密钥、在 DATA_ENCRYPTION_OLD_KEYS 中设置旧密钥后再运行 / set the new key in DATA_ENCRYPTION_KEY and the old one(s) in DATA_ENCRYPTION_OLD_KEYS',
    );
  }
  const ring = loadKeyring({ key: config.DATA_ENCRYPTION_KEY, oldKeys: config.DATA_ENCRYPTION_OLD_KEYS, dataDir: config.DATA_DIR });
  const store = new LowdbStorage({ dir: join(config.DATA_DIR, 'state'), ttlMs: config.CONVERSATION_TTL_DAYS * 86_400_000 });
  const r = await rotateStore(store, ring, lookupKeys({ key: config.DATA_LOOKUP_KEY, ring, dataDir: config.DATA_DIR, shared: false }));
  console.log(
    `已用密钥 ${keyId(ring.current.key)} 重新加密 ${r.rewritten} 条记录（${r.current} 条原已是新密钥）/ rewritten ${r.rewritten} records, ${r.current} already current`,
  );
  // the backend re-seals its file at start-up too: after the restart with the new key this finds it current
  const backends: [string, Keyring][] = [[backendFile(join(config.DATA_DIR, 'backend')), ring]];
  const b = process.env;
  if (b.BACKEND_ENCRYPTION_KEY?.trim()) {
    const dir = BackendEnv.shape.BACKEND_DATA_DIR.parse(b.BACKEND_DATA_DIR || undefined);
    backends.push([
      backendFile(dir),
      loadKeyring({ key: b.BACKEND_ENCRYPTION_KEY, oldKeys: b.BACKEND_ENCRYPTION_OLD_KEYS, dataDir: dir, prefix: 'BACKEND_ENCRYPTION' }),
    ]);
  }
  for (const [file, backendRing] of backends) {
    const outcome = await resealFile(file, backendRing);
    if (outcome !== 'absent')
      console.log(
        `受理平台数据 ${file}：${outcome === 'rewritten' ? `已用密钥 ${keyId(backendRing.current.key)} 重新加密` : '原已是新密钥'} / backend store ${outcome}`,
      );
  }
  // what citizens said when they asked for a person is sealed field by field in handovers.json: read with
  // every configured key and written back under the current one
  const handovers = new HandoverRegistry(join(config.DATA_DIR, 'handovers.json'), config.HANDOVER_KEEP_DAYS, Date.now, sealingCodec(ring));
  if ((await handovers.list()).length > 0) {
    await handovers.reseal();
    console.log(`转人工记录已用密钥 ${keyId(ring.current.key)} 重新加密 / handovers resealed`);
  }
  if (r.unreadable > 0) {
    console.error(
      `有 ${r.unreadable} 条记录无法用已配置的密钥解开，未改动 / ${r.unreadable} records could not be opened with the configured keys and were left as they are`,
    );
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
