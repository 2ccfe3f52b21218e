import { isCaseNo } from '../../src/engine/index.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendClient } from '../../src/acceptance/backend-client.js';
import { ApiError } from '../../src/acceptance/contract/errors.js';
import { signedHeaders } from '../../src/acceptance/contract/signature.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { SECRET, sampleApp, startBackend, tempDir } from './helpers.js';
import { loadKeyring, sealingCodec } from '../../src/util/crypto-at-rest.js';

let dir: string;
let remove: () => Promise<void>;
let backend: BackendServer;
let client: BackendClient;

beforeEach(async () => {
  ({ dir, remove } = await tempDir());
  backend = await startBackend(dir);
  client = new BackendClient({ baseUrl: backend.url, secret: SECRET });
});
afterEach(async () => {
  await backend.close();
  await remove();
});

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(`${backend.url}/v1/applications`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  return { status: res.status, json: (await res.json()) as { error: string; message: string; caseNo?: string } };
}

async function storedCases(): Promise<number> {
  try {
    // the file is sealed at rest, under the key generated beside it (no key was configured)
    const open = sealingCodec(loadKeyring({ dataDir: dir })).decode;
    return Object.keys(JSON.parse(open(await readFile(join(dir, 'backend.json'), 'utf8'))).cases).length;
  } catch {
    return 0;
  }
}

describe('acceptance backend: submission', () => {
  it('answers /healthz unsigned, as the bot server does (one name for both)', async () => {
    const res = await fetch(`${backend.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('accepts a signed application and issues a 受理编号', async () => {
    const app = sampleApp();
    const res = await client.submit(app);
    expect(res.replayed).toBe(false);
    expect(res.caseNo).toMatch(/^WY\d{15}$/);
    expect(isCaseNo(res.caseNo)).toBe(true);
    expect(res.case.status).toBe('processing');
    expect(res.case.statusLabel).toBe('办理中');
    expect(await storedCases()).toBe(1);
    const again = await client.getCase(res.caseNo);
    expect(again?.applicationId).toBe(app.id);
    expect(await client.getCase('WY202601010999')).toBeNull();
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const body = JSON.stringify(sampleApp());
    const wrong = await post(body, { 'Idempotency-Key': 'x', ...signedHeaders('another-secret-0123456789', body) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.message).toMatch(/签名校验失败/);
    const app = sampleApp();
    const signedOther = JSON.stringify({ ...app, form: { price: 1 } });
    const tampered = await post(JSON.stringify(app), { 'Idempotency-Key': app.id, ...signedHeaders(SECRET, signedOther) });
    expect(tampered.status).toBe(401);
    const stale = await post(body, { 'Idempotency-Key': 'x', ...signedHeaders(SECRET, body, Date.now() - 3600_000) });
    expect(stale.status).toBe(401);
    expect(stale.json.message).toMatch(/时间戳/);
    const unsigned = await post(body, { 'Idempotency-Key': 'x' });
    expect(unsigned.status).toBe(401);
    expect(await storedCases()).toBe(0);
    const evil = await fetch(`${backend.url}/v1/cases/WY202601010001`, { headers: signedHeaders(SECRET, '/v1/cases/WY202601019999') });
    expect(evil.status).toBe(401);
  });

  it('answers a schema error with 400 and a Chinese message', async () => {
    const bad = { ...sampleApp(), applicant: { name: '张三', idNumber: '110105194912310021', phone: '13991234567' } };
    const body = JSON.stringify(bad);
    const r = await post(body, { 'Idempotency-Key': bad.id, ...signedHeaders(SECRET, body) });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_application');
    expect(r.json.message).toContain('applicant.idNumber');
    expect(r.json.message).toContain('校验码');
    const noConsent = JSON.stringify({ ...sampleApp(), consent: { given: false, at: new Date().toISOString() } });
    const r2 = await post(noConsent, { 'Idempotency-Key': 'k', ...signedHeaders(SECRET, noConsent) });
    expect(r2.status).toBe(400);
    expect(r2.json.message).toContain('同意');
    const notJson = await post('{oops', { 'Idempotency-Key': 'k', ...signedHeaders(SECRET, '{oops') });
    expect(notJson.json.message).toBe('请求体不是有效的 JSON');
    const app = sampleApp();
    const okBody = JSON.stringify(app);
    const noKey = await post(okBody, signedHeaders(SECRET, okBody));
    expect(noKey.status).toBe(400);
    expect(noKey.json.message).toContain('Idempotency-Key');
    expect(await storedCases()).toBe(0);
  });

  it('is idempotent on the key: replays, even concurrent ones, make one case', async () => {
    const app = sampleApp();
    const all = await Promise.all([client.submit(app), client.submit(app), client.submit(app)]);
    expect(new Set(all.map((r) => r.caseNo)).size).toBe(1);
    expect(all.filter((r) => !r.replayed)).toHaveLength(1);
    const later = await client.submit(app);
    expect(later.replayed).toBe(true);
    expect(await storedCases()).toBe(1);
    const changed = await client.submit({ ...app, form: { price: 999 } }).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(ApiError);
    expect((changed as ApiError).status).toBe(409);
    expect(await storedCases()).toBe(1);
  });

  it('splits the case into one task per department, lead and cooperating', async () => {
    const { case: c } = await client.submit(sampleApp());
    expect(c.tasks.map((t) => [t.department, t.role, t.items.length, t.status])).toEqual([
      ['wy-land-registry', 'lead', 1, 'pending'],
      ['wy-tax', 'lead', 2, 'pending'],
      ['wy-housing', 'cooperating', 0, 'pending'],
    ]);
  });

  it('keeps cases across a restart, numbers unguessable and checked', async () => {
    const first = await client.submit(sampleApp());
    await backend.close();
    backend = await startBackend(dir);
    client = new BackendClient({ baseUrl: backend.url, secret: SECRET });
    expect((await client.getCase(first.caseNo))?.caseNo).toBe(first.caseNo);
    const second = await client.submit(sampleApp());
    expect(second.caseNo).not.toBe(first.caseNo);
    // not the next number of the day: a neighbour's case cannot be found by counting
    expect(Number(second.caseNo.slice(10, 16))).not.toBe(Number(first.caseNo.slice(10, 16)) + 1);
    expect(isCaseNo(second.caseNo)).toBe(true);
    const mine = await client.listCases('msteams', 'user-1');
    expect(mine.map((c) => c.caseNo)).toEqual(expect.arrayContaining([first.caseNo, second.caseNo]));
    // a Teams user id has characters the query must encode; the signature covers the encoded form
    const teams = { kind: 'msteams', conversationId: 'a:1xyz', userId: '29:1abc/+ é' };
    const third = await client.submit(sampleApp({ channel: teams }));
    expect((await client.listCases('msteams', teams.userId)).map((c) => c.caseNo)).toEqual([third.caseNo]);
  });
});
