import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => { error?: string } & Record<string, unknown>;
}

/** One raw HTTP request: the path is sent exactly as given (no URL normalisation by a client library). */
export function raw(base: string, o: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  const u = new URL(base);
  return new Promise((ok, fail) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: o.method ?? 'GET',
        path: o.path,
        headers: { ...(o.body ? { 'Content-Length': String(Buffer.byteLength(o.body)) } : {}), ...o.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          ok({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    if (o.body) req.write(o.body);
    req.end();
  });
}

/** The server still answers: its health route says ok. */
export async function alive(base: string): Promise<boolean> {
  const r = await raw(base, { path: '/healthz' });
  return r.status === 200 && r.json().status === 'ok';
}
