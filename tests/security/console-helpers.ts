import { request } from 'node:http';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Understanding } from '../../src/bot/types.js';

/** The small fixture knowledge: these tests are about the console's doors, not the bundles. */
export const miniKnowledge = () => loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });

/** An understanding that is never asked anything, except where a test says so. */
export const noNlu: Understanding = {
  parse: () => {
    throw new Error('not used here');
  },
};

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request exactly as written (the path is not normalised, headers go as given), optionally
 * from another loopback address (127.0.0.2 plays a second client).
 */
export function raw(url: string, o: { method?: string; path: string; headers?: Record<string, string>; body?: string; from?: string }): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, method: o.method ?? 'GET', path: o.path, headers: o.headers, localAddress: o.from }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(o.body);
  });
}

/** A JSON sign-in from a given loopback address. */
export const signInFrom = (url: string, from: string, name: string, password: string) =>
  raw(url, { method: 'POST', path: '/console/login', from, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, password }) });
