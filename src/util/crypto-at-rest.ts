import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './log.js';
import { type TextCodec, writeFilePrivateSync } from './files.js';

/**
 * Encryption of stored personal data at rest: AES-256-GCM (authenticated, so a tampered record is
 * refused rather than read wrong). A keyring holds the current key, which seals, and older keys, which
 * only open, so a key can be rotated while records sealed under the old one are re-encrypted.
 *
 * A sealed value is one string: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts); the key id names
 * the key that sealed it, so opening never has to try keys.
 */

const PREFIX = 'v1';
const IV_BYTES = 12;

export interface Keyring {
  current: { id: string; key: Buffer };
  /** every key that may open: the current one and the old ones, by id */
  keys: Map<string, Buffer>;
}

/** A stored record that cannot be opened: its key is not in the ring, or it was altered. */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** The first 8 hex characters of the key's SHA-256: names a key without revealing it. */
export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * Decodes a key given as base64 (or base64url) of 32 bytes; anything else is refused with a message
 * naming the variable, in Chinese and English, since a wrong key would otherwise seal data nobody can read.
 */
export function parseKey(text: string, name = 'DATA_ENCRYPTION_KEY'): Buffer {
  const t = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) ? Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
  if (key.length !== 32) {
    throw new DataKeyError(
      `${name} 必须是 32 字节密钥的 base64 编码（可用 \`openssl rand -base64 32\` 生成），现在解出 ${key.length} 字节 / ` +
        `${name} must be the base64 of a 32-byte key (e.g. \`openssl rand -base64 32\`), got ${key.length} bytes`,
    );
  }
  return key;
}

export function makeKeyring(current: Buffer, old: Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>();
  for (const k of old) keys.set(keyId(k), k);
  keys.set(keyId(current), current);
  return { current: { id: keyId(current), key: current }, keys };
}

export interface KeyringSource {
  /** DATA_ENCRYPTION_KEY */
  key?: string;
  /** DATA_ENCRYPTION_OLD_KEYS: comma-separated */
  oldKeys?: string;
  /** where a development key is generated when no key is set */
  dataDir: string;
  log?: Logger;
  /** the variables' prefix in messages: DATA_ENCRYPTION (the bot) or BACKEND_ENCRYPTION (a standalone backend) */
  prefix?: string;
}

/** The file a key is generated into when DATA_ENCRYPTION_KEY is not set. */
export const generatedKeyFile = (dataDir: string): string => join(dataDir, 'keys', 'data.key');

/**
 * The 32-byte key kept in `file` (0600, folder 0700), generated there once when the file is missing.
 */
export function keyFromFile(file: string): Buffer {
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8'), file);
  const key = randomBytes(32);
  if (!writeFilePrivateSync(file, `${key.toString('base64')}\n`)) {
    throw new DataKeyError(`无法写入密钥文件 ${file} / cannot write the key file ${file}`);
  }
  return key;
}

/**
 * The keyring from the environment. Without DATA_ENCRYPTION_KEY a key is generated once into
 * `<DATA_DIR>/keys/data.key` (0600, folder 0700) and reused, with a warning: a key beside the data it
 * protects only helps against copies of the state folder, so production sets its own.
 */
export function loadKeyring(src: KeyringSource): Keyring {
  const prefix = src.prefix ?? 'DATA_ENCRYPTION';
  const old = (src.oldKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => parseKey(s, `${prefix}_OLD_KEYS`));
  if (src.key?.trim()) return makeKeyring(parseKey(src.key, `${prefix}_KEY`), old);
  const file = generatedKeyFile(src.dataDir);
  const key = keyFromFile(file);
  src.log?.warn(
    { keyFile: file, keyId: keyId(key) },
    `未设置 ${prefix}_KEY：个人数据用数据目录下 keys/data.key 中的密钥加密，生产环境必须设置 ${prefix}_KEY / ` +
      `${prefix}_KEY is not set: stored data is encrypted with a key kept beside it; production must set ${prefix}_KEY`,
  );
  return makeKeyring(key, old);
}

export const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith(`${PREFIX}.`);

/** The id of the key a sealed value was sealed with. */
export const sealedKeyId = (sealed: string): string | undefined => sealed.split('.')[1];

export function seal(ring: Keyring, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, ring.current.id, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
}

export function open(ring: Keyring, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== PREFIX) throw new DataKeyError('存储的数据格式无法识别 / stored value is not in a known sealed format');
  const [, id, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = ring.keys.get(id);
  if (!key) {
    throw new DataKeyError(
      `存储的数据由密钥 ${id} 加密，当前配置中没有这个密钥（检查 DATA_ENCRYPTION_KEY / DATA_ENCRYPTION_OLD_KEYS） / ` +
        `stored data was sealed with key ${id}, which is not configured (check DATA_ENCRYPTION_KEY / DATA_ENCRYPTION_OLD_KEYS)`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DataKeyError(`存储的数据校验失败（被改动或密钥不符） / stored data failed authentication (altered, or wrong key ${id})`);
  }
}

/**
 * A whole file sealed as one value (`v1.…`), for stores kept as one JSON file. A file written before
 * encryption (plaintext JSON) is read as it is, and sealed at its next write: nothing is lost.
 */
export function sealingCodec(ring: Keyring): TextCodec {
  return {
    encode: (text) => `${seal(ring, text)}\n`,
    decode: (stored) => {
      const t = stored.trim();
      return isSealed(t) ? open(ring, t) : stored;
    },
  };
}
