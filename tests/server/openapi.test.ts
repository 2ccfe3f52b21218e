import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { removeDir, start, tempDir } from './helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

/** every route a restify server has, as OpenAPI spells paths (/v1/cases/{caseNo}) */
function routesOf(server: Server): { method: string; path: string }[] {
  const info = (server as unknown as { getDebugInfo(): { routes: { method: string; path: string }[] } }).getDebugInfo();
  return info.routes.map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}') }));
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
async function check(doc: Doc, path: string, method: string, res: Response): Promise<unknown> {
  const body = await res.json();
  const schema = doc.paths[path]?.[method]?.responses[String(res.status)]?.content?.['application/json']?.schema;
  expect(schema, `${method} ${path} ${res.status} documented`).toBeDefined();
  const valid = ajv.validate(schema!, body);
  expect(valid, `${method} ${path}: ${ajv.errorsText()}`).toBe(true);
  return body;
}

describe('OpenAPI 3.1', () => {
  it('documents every JSON route of the bot server, and its recorded responses validate', async () => {
    const doc = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const ours = routesOf(s.app.server).filter((r) => /^\/(api|healthz|readyz|metrics)(\/|$)/.test(r.path));
    expect(ours.length).toBeGreaterThan(5);
    for (const r of ours) expect(doc.paths[r.path]?.[r.method], `${r.method.toUpperCase()} ${r.path} is documented`).toBeDefined();

    const post = (p: string, b: unknown) => fetch(s.url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    await check(doc, '/healthz', 'get', await fetch(`${s.url}/healthz`));
    await check(doc, '/readyz', 'get', await fetch(`${s.url}/readyz`));
    await check(doc, '/api/bundles', 'get', await fetch(`${s.url}/api/bundles`));
    await check(doc, '/api/nlu/parse', 'post', await post('/api/nlu/parse', { text: '我要卖房，已婚，住了六年了' }));
    await check(doc, '/api/checklist', 'post', await post('/api/checklist', { bundle: 'second-hand-house', answers: {} }));
    await check(doc, '/api/checklist', 'post', await post('/api/checklist', { bundle: 'birth', answers: {} }));
    const missing = await post('/api/checklist', { bundle: 'no-such', answers: {} });
    expect(missing.status).toBe(404);
    await check(doc, '/api/checklist', 'post', missing);
  });

  it('documents every route of the reference acceptance backend (the contract)', async () => {
    const backend = s.backend!;
    const doc = (await (await fetch(`${backend.url}/openapi.json`)).json()) as Doc;
    expect(doc.openapi).toBe('3.1.0');
    const routes = routesOf(backend.server).filter((r) => r.path !== '/openapi.json');
    expect(routes.length).toBeGreaterThan(8);
    for (const r of routes) expect(doc.paths[r.path]?.[r.method], `${r.method.toUpperCase()} ${r.path} is documented`).toBeDefined();
    await check(doc, '/healthz', 'get', await fetch(`${backend.url}/healthz`));
  });
});
