import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { removeDir, start, tempDir } from '../server/helpers.js';
import { alive } from './helpers.js';

interface Upload {
  /** everything the server sent, read only once the whole body was written (or the socket failed) */
  answer: string;
  /** the error the client's socket reported, if any (ECONNRESET, EPIPE) */
  error?: string;
  /** body bytes the client managed to write */
  sent: number;
}

/**
 * A naive uploader over a raw socket: it sends the whole body in small pieces with a pause between
 * them, and reads nothing until it has finished (as a client that reads the answer after its upload).
 * A server that closes with unread bytes resets the connection, and the kernel then drops the answer.
 */
function slowUpload(base: string, path: string, total: number, close = false, piece = 16 * 1024, pauseMs = 4): Promise<Upload> {
  const u = new URL(base);
  return new Promise((ok) => {
    const sock = connect({ host: u.hostname, port: Number(u.port) });
    const got: Buffer[] = [];
    let sent = 0;
    let error: string | undefined;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      ok({ answer: Buffer.concat(got).toString('utf8'), error, sent });
    };
    sock.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      finish();
    });
    sock.on('close', finish);
    sock.on('end', finish);
    sock.on('data', (c: Buffer) => got.push(c));
    sock.pause();
    sock.on('connect', () => {
      sock.write(
        `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`,
      );
      const chunk = Buffer.alloc(piece, 'a');
      const pump = () => {
        if (sock.destroyed) return;
        if (sent >= total) {
          // done sending: now read what the server answered
          sock.resume();
          return;
        }
        const n = Math.min(piece, total - sent);
        sock.write(chunk.subarray(0, n), (e) => {
          if (e) return;
          sent += n;
          setTimeout(pump, pauseMs);
        });
      };
      pump();
    });
  });
}

/** Issue 13: a body over a route's limit gets its 413, never a connection reset, even mid-upload. */
describe('lingering close after a 413', () => {
  let s: Started;
  let dir = '';
  beforeAll(async () => {
    dir = await tempDir('yjs-sec-linger-');
    s = await start(dir);
  });
  afterAll(async () => {
    await s?.stop();
    await removeDir(dir);
  });

  it.each([
    ['/api/nlu/parse', 1024 * 1024, false],
    ['/api/messages', 2 * 1024 * 1024, false],
    ['/api/backend/events', 3 * 1024 * 1024, false],
    // a route that reads no body, to a client that asked for the connection to be closed after it
    ['/api/healthz-no-body', 512 * 1024, true],
  ])('a slow %s upload of %d bytes (close: %s) reads its answer after sending everything', async (path, total, close) => {
    const r = await slowUpload(s.url, path, total, close);
    expect(r.error, `socket error after ${r.sent} of ${total} bytes`).toBeUndefined();
    expect(r.sent).toBe(total);
    const status = /^HTTP\/1\.1 (\d{3})/.exec(r.answer)?.[1];
    if (path === '/api/healthz-no-body') expect(status).toBe('404');
    else {
      expect(status).toBe('413');
      expect(r.answer).toMatch(/connection: close/i);
      expect(r.answer).toMatch(/太大|过大/);
    }
    expect(await alive(s.url)).toBe(true);
  });
});
