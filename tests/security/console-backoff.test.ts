import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startRig, type Rig } from '../console/rig.js';
import { miniKnowledge, noNlu, signInFrom } from './console-helpers.js';

/**
 * Five wrong passwords used to lock the right one out for 900 s, and 50 failures from one address
 * locked out everyone behind it (a call centre shares one). Now failures only delay the next try, per
 * name from an address, per name, and per address, with counters kept on disk across restarts.
 */
const k = miniKnowledge();
let clock = Date.parse('2026-12-01T02:00:00Z');
const now = () => clock;
let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ k, nlu: noNlu, now });
  await rig.users.set('wang', 'hotline-pass-1');
}, 60_000);
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
});

const OPERATOR = '127.0.0.1';
const ATTACKER = '127.0.0.2';

/** Tries until the server lets the try through, moving the clock by each Retry-After; returns the waits. */
async function signInPatiently(from: string, name: string, password: string): Promise<{ status: number; waited: number }> {
  let waited = 0;
  for (let i = 0; i < 10; i++) {
    const r = await signInFrom(rig.url, from, name, password);
    if (r.status !== 429) return { status: r.status, waited };
    const after = Number(r.headers['retry-after']);
    expect(after).toBeGreaterThan(0);
    waited += after;
    clock += after * 1000;
  }
  throw new Error('never let through');
}

describe('console sign-in under a guessing attack', () => {
  it("an attacker hammering the operator's name from another address cannot keep the operator out", async () => {
    let attempts = 0;
    // 40 guesses, each as soon as the server allows it
    for (let i = 0; i < 40; i++) {
      const r = await signInPatiently(ATTACKER, 'wang', `guess-${i}`);
      expect(r.status).toBe(401);
      attempts++;
    }
    expect(attempts).toBe(40);
    // the real operator gets in after at most a short wait (never a 15-minute lock)
    const op = await signInPatiently(OPERATOR, 'wang', 'hotline-pass-1');
    expect(op.status).toBe(200);
    expect(op.waited).toBeLessThanOrEqual(15);
  });

  it("the attacker's own guesses slow down: a minute apart after a few, for that name from that address", async () => {
    const r = await signInFrom(rig.url, ATTACKER, 'wang', 'guess-again');
    expect(r.status).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(15);
    expect(JSON.parse(r.body).error).toContain('秒后再试');
  });

  it('counters survive a restart of the server', async () => {
    await rig.stop();
    rig = await startRig({ k, nlu: noNlu, now, dir: rig.dir });
    const r = await signInFrom(rig.url, ATTACKER, 'wang', 'guess-after-restart');
    expect(r.status).toBe(429);
  });

  it('many operators behind one address with a few typos each are not held up', async () => {
    for (let i = 0; i < 8; i++) await rig.users.set(`op${i}`, `op-password-${i}`);
    for (let i = 0; i < 8; i++) {
      expect((await signInFrom(rig.url, '127.0.0.3', `op${i}`, 'typo')).status).toBe(401);
      expect((await signInFrom(rig.url, '127.0.0.3', `op${i}`, `op-password-${i}`)).status).toBe(200);
    }
  });
});
