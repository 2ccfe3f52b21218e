import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { removeDir, signIn, startRig, type Rig } from '../console/rig.js';
import { miniKnowledge, noNlu } from './console-helpers.js';

/**
 * 续办 codes were six digits and redemption was not limited: 703 guesses a second found an operator's
 * live code in 4.3 s. Codes are now ten digits and a conversation that guesses wrong is stopped.
 */
const k = miniKnowledge();
let rig: Rig;
let cookie = '';
beforeAll(async () => {
  rig = await startRig({ k, nlu: noNlu });
  await rig.users.set('chen', 'chen-password-1');
  cookie = (await signIn(rig.url, 'chen', 'chen-password-1')).cookie;
}, 60_000);
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
});

async function makeCode(): Promise<string> {
  const r = await fetch(`${rig.url}/console/api/handoff`, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/json', 'X-Console-Request': '1' },
    body: JSON.stringify({ bundle: 'road-excavation', answers: {} }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { code: string }).code;
}

const say = async (conversation: string, text: string) =>
  (await new InProcessAdapter(conversation, `u-${conversation}`, 'terminal').say((c) => rig.app.bot.run(c), text)).map((a) => a.text ?? '').join('\n');

describe('续办 codes', () => {
  it('are at least ten digits, all different', async () => {
    const codes = await Promise.all(Array.from({ length: 20 }, makeCode));
    for (const c of codes) expect(c).toMatch(/^\d{10,}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a conversation that guesses wrong five times cannot redeem even the right code', async () => {
    const code = await makeCode();
    const wrong = String((Number(code.slice(-4)) + 1) % 10000).padStart(4, '0');
    for (let i = 0; i < 5; i++) expect(await say('guesser', `续办 ${code.slice(0, 6)}${wrong}`)).toContain('无效或已过期');
    const blocked = await say('guesser', `续办 ${code}`);
    expect(blocked).toContain('输错次数太多');
    expect(blocked).not.toContain('已接上');
    // the code was not spent: its citizen still redeems it, read aloud in groups
    expect(await say('citizen', `续办 ${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`)).toContain('已接上热线工作人员为您填好的回答');
  });
});
