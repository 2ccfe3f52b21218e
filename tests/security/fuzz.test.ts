import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startAuditServer, type AuditServer } from '../../scripts/security/child.js';
import { consoleRead, findingsTable, hostileRequest, INPUT_CLASSES, leaks, runAudit } from '../../scripts/security/fuzz.js';
import { rng } from '../../src/engine/index.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

/**
 * The fixed-seed version of `npm run audit:security`: the same pass over every public route of a
 * server in a child process, smaller, so CI runs it. The full pass prints its seed; replay a failure
 * with `npm run audit:security -- --seed S --n N`.
 */
const SEED = 20261206;
const N = 800;

let server: AuditServer;
beforeAll(async () => {
  server = await startAuditServer();
}, 60_000);
afterAll(() => server?.stop());

describe('the checks can fail', () => {
  it("a stack, a server path, a citizen's ID or phone, and a console read by path encoding are each caught", () => {
    expect(leaks('TypeError: x is undefined\n    at f (/srv/app/x.js:1:2)', '/tmp/d')).toContain('stack trace');
    expect(leaks(`open ${PROJECT_ROOT}/data/x.json`, '/tmp/d')).toContain('server path');
    expect(leaks('{"transcript":"我身份证61011219850312002X，电话13700001234"}', '/tmp/d')).toEqual(['unmasked victim ID number', 'unmasked victim phone']);
    expect(leaks('{"error":"请先登录热线工作台"}', '/tmp/d')).toEqual([]);
    expect(consoleRead('/%63onsole/api/handovers', 200)).toBe(true);
    expect(consoleRead('//console\\api\\search', 200)).toBe(true);
    expect(consoleRead('/console/api/handovers', 401)).toBe(false);
  });

  it('the same seed gives the same requests (at the same time: signatures carry the clock)', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-06T00:00:00Z') });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const a = rng(SEED);
    const b = rng(SEED);
    // bodies compared by digest: deep equality over megabyte buffers is slow
    const digest = (q: ReturnType<typeof hostileRequest>) => ({ ...q, body: q.body && createHash('sha256').update(q.body).digest('hex') });
    for (let i = 0; i < 50; i++) expect(digest(hostileRequest(a))).toEqual(digest(hostileRequest(b)));
  });
});

describe('seeded hostile-input pass', () => {
  it(`${N} requests from seed ${SEED}: the process stays up, no 5xx, no console read, nothing leaked`, async () => {
    const res = await runAudit(server, SEED, N);
    expect(res.tried).toBe(N);
    for (const c of INPUT_CLASSES) expect(res.byClass.get(c), c).toBeGreaterThan(30);
    // the pass reached the refusals it is meant to provoke
    for (const status of [400, 401, 403, 413]) expect(res.statuses.get(status), String(status)).toBeGreaterThan(0);
    expect(res.findings, findingsTable(res.findings)).toEqual([]);
    expect([res.crashes, res.unauthorisedReads, res.leaks]).toEqual([0, 0, 0]);
    expect(server.exited()).toBeNull();
  }, 60_000);
});
