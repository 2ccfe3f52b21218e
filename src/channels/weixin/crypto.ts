import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** sha1 of the parts sorted and joined: the signature both WeChat and WeCom put on every callback. */
export function sign(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison, so a forged signature learns nothing from response times. */
export function signatureMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export class CryptError extends Error {}

const BLOCK = 32;

/**
 * The message crypto of 公众号 安全模式 and 企业微信: AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32 bytes,
 * plaintext = 16 random bytes + 4-byte length + message + receive-id (AppID or CorpID).
 */
export class WeixinCrypt {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    encodingAesKey: string,
    readonly receiveId: string,
  ) {
    if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new CryptError('EncodingAESKey 应为 43 位字母和数字');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const plain = Buffer.concat([random, len, msg, Buffer.from(this.receiveId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** The message inside, after checking padding, length and that it was sealed for our receive-id. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new CryptError('密文长度不对');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new CryptError('无法解密');
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || pad > plain.length) throw new CryptError('填充不对');
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) throw new CryptError('明文过短');
    const len = body.readUInt32BE(16);
    if (20 + len > body.length) throw new CryptError('长度字段不对');
    const receiveId = body.subarray(20 + len).toString('utf8');
    if (receiveId !== this.receiveId) throw new CryptError('接收方 ID 不符');
    return body.subarray(20, 20 + len).toString('utf8');
  }
}
