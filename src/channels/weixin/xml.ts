import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class BadXmlError extends Error {}

/** No DTD, no entities: the body comes from anyone who can reach the URL. */
const parser = new XMLParser({
  processEntities: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: false,
});

export type XmlFields = Record<string, string>;

/**
 * The flat fields of a `<xml>` message as strings. A DOCTYPE or ENTITY is refused outright rather than
 * ignored, so an XXE or entity-bomb attempt never reaches a parser.
 */
export function parseMessageXml(body: string): XmlFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new BadXmlError('含 DTD 或实体声明');
  checkShape(body);
  if (XMLValidator.validate(body) !== true) throw new BadXmlError('XML 格式不对');
  const doc = parser.parse(body) as { xml?: unknown };
  if (!doc.xml || typeof doc.xml !== 'object') throw new BadXmlError('缺少 <xml> 根元素');
  const out: XmlFields = {};
  for (const [k, v] of Object.entries(doc.xml as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/** WeChat's messages are a flat <xml> with at most one level of nested events; 1000 levels is an attack. */
const MAX_DEPTH = 16;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses, before any parser runs, tag names that would land on an object's prototype and nesting no
 * WeChat message has (the validator and parser recurse: thousands of levels threw and answered 500).
 */
function checkShape(body: string): void {
  const text = body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  let depth = 0;
  for (const m of text.matchAll(/<(\/?)([^\s>/!?]+)[^>]*?(\/?)>/g)) {
    if (RESERVED.has(m[2]!)) throw new BadXmlError(`不允许的标签名 <${m[2]}>`);
    if (m[1]) depth--;
    else if (!m[3]) depth++;
    if (depth > MAX_DEPTH) throw new BadXmlError('XML 嵌套过深');
  }
}

/** CDATA that survives a `]]>` inside the text. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** A passive text reply. */
export function textReplyXml(to: string, from: string, content: string, now = Date.now()): string {
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${Math.floor(now / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(content)}</Content></xml>`
  );
}

export function encryptedReplyXml(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
