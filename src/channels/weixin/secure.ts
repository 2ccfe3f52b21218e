import { randomBytes } from 'node:crypto';
import { CryptError, sign, signatureMatches, type WeixinCrypt } from './crypto.js';
import { HttpError, type Opened } from './http.js';
import { BadXmlError, encryptedReplyXml, parseMessageXml, type XmlFields } from './xml.js';

/** 401 unless sha1(sorted [token, ...parts]) is the given signature. */
export function requireSignature(token: string, given: string | null, ...parts: (string | null)[]): void {
  if (!given || parts.some((p) => p === null) || !signatureMatches(sign(token, ...(parts as string[])), given)) {
    throw new HttpError(401, '签名校验失败');
  }
}

export function parseOr400(xml: string): XmlFields {
  try {
    return parseMessageXml(xml);
  } catch (e) {
    if (e instanceof BadXmlError) throw new HttpError(400, `消息格式不对：${e.message}`);
    throw e;
  }
}

export function decryptOr400(crypt: WeixinCrypt, encrypted: string): string {
  try {
    return crypt.decrypt(encrypted);
  } catch (e) {
    if (e instanceof CryptError) throw new HttpError(400, `无法解密：${e.message}`);
    throw e;
  }
}

/**
 * An encrypted envelope: msg_signature over its Encrypt checked first, then decrypted (receive-id checked
 * inside) and parsed; the reply is sealed the same way.
 */
export function openEncrypted(token: string, crypt: WeixinCrypt, query: URLSearchParams, envelope: XmlFields): Opened {
  const encrypted = envelope.Encrypt;
  if (!encrypted) throw new HttpError(400, '消息格式不对：缺少 Encrypt');
  requireSignature(token, query.get('msg_signature'), query.get('timestamp'), query.get('nonce'), encrypted);
  const msg = parseOr400(decryptOr400(crypt, encrypted));
  return { msg, seal: (xml) => sealReply(token, crypt, xml) };
}

export function sealReply(token: string, crypt: WeixinCrypt, xml: string): string {
  const encrypt = crypt.encrypt(xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  return encryptedReplyXml(encrypt, sign(token, timestamp, nonce, encrypt), timestamp, nonce);
}
