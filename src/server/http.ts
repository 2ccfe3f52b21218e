import type { Request, Response } from 'restify';
import type { z } from 'zod';

/** A JSON error body in Chinese, the same shape on every route. */
export function fail(res: Response, status: number, message: string, details?: unknown): void {
  res.status(status);
  // a body too large is not read to its end: the connection is not reused after the answer
  if (status === 413) res.header('Connection', 'close');
  res.json({ error: message, ...(details ? { details } : {}) });
}

/** Parses the body with a zod schema; on failure answers 400 naming the field and returns null. */
export function body<S extends z.ZodType>(req: Request, res: Response, schema: S): z.output<S> | null {
  let raw: unknown = req.body;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      raw = JSON.parse(raw.toString());
    } catch {
      fail(res, 400, '请求体不是合法的 JSON。');
      return null;
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    fail(res, 400, `请求内容有误：${r.error.issues.map((i) => `${i.path.join('.') || '请求体'} ${i.message}`).join('；')}`);
    return null;
  }
  return r.data;
}

/** A body over the route's limit: answered 413 with a message, the connection closed after it. */
export class TooLarge extends Error {
  constructor() {
    super('body too large');
  }
}

/**
 * Reads a request body as text without a body parser: signatures are checked over the exact bytes.
 * Beyond `max` it stops keeping the bytes and rejects with TooLarge; the caller answers 413 and the
 * connection is closed once that answer is out (destroying it at once reset the client without a word).
 */
export function readRaw(req: import('restify').Request, max: number): Promise<string> {
  return new Promise((ok, fail) => {
    const declared = Number(req.headers['content-length']);
    const over = () => {
      req.removeAllListeners('data');
      // the rest is read and dropped, so the 413 reaches a client still sending
      req.resume();
      fail(new TooLarge());
    };
    if (declared > max) return over();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) return over();
      chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/**
 * Reads and checks a JSON body without a body parser (restify's answers bad JSON in English, and the
 * signed callbacks need the raw bytes); null after answering 400 or 413 in Chinese.
 */
export async function readJson<S extends z.ZodType>(req: Request, res: Response, schema: S, max = 64 * 1024): Promise<z.output<S> | null> {
  try {
    req.body = await readRaw(req, max);
  } catch {
    fail(res, 413, '请求内容太大。');
    return null;
  }
  return body(req, res, schema);
}
