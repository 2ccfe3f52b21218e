import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { UserStore, usersFile } from '../../src/server/console/users.js';
import { signIn } from '../console/rig.js';
import { Client, interviewToChecklist, removeDir, start, tempDir } from './helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  s = await start(dir, { METRICS_TOKEN: 'metrics-token-for-tests' });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

const scrape = async (token?: string) => {
  const res = await fetch(`${s.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
};
const sample = (text: string, name: string, labels: string) =>
  Number(new RegExp(`^${name}\\{[^}]*${labels}[^}]*\\} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text)?.[1] ?? 'NaN');

describe('/metrics over HTTP', () => {
  it('needs the token when one is set', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong')).status).toBe(401);
  });

  it('counts a real conversation: turns, the understanding, the first checklist, a 转人工', async () => {
    const c = new Client(s.url, 'metrics-1');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续', 'birth');
    await c.say('查看清单');
    await c.say('转人工');
    const { status, text } = await scrape('metrics-token-for-tests');
    expect(status).toBe(200);
    expect(sample(text, 'yjs_conversations_started_total', 'channel="webchat"')).toBe(1);
    expect(sample(text, 'yjs_turns_total', 'channel="webchat"')).toBeGreaterThan(3);
    expect(sample(text, 'yjs_understanding_total', 'outcome="recognised"')).toBeGreaterThanOrEqual(1);
    // shown twice, counted once: the results page counts cases that reached a checklist
    expect(sample(text, 'yjs_checklists_total', 'bundle="birth"')).toBe(1);
    expect(sample(text, 'yjs_handovers_total', 'stage="requested"')).toBe(1);
    expect(text).toContain('yjs_turn_duration_seconds_bucket');
  });

  it('the results page is behind the console sign-in and draws the same counts', async () => {
    const anonymous = await fetch(`${s.url}/console/results`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(anonymous.status);
    await new UserStore(usersFile(s.app.dataDir)).set('manager', 'results-pass-1');
    const { cookie } = await signIn(s.url, 'manager', 'results-pass-1');
    const res = await fetch(`${s.url}/console/results?days=7`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>一件事一次办 · 运行成效</h1>');
    expect(html).toContain('会话数<b>1</b>');
    expect(html).toContain('得到材料清单的比例<b>100.0%</b>');
    expect(html).toContain('转人工率<b>100.0%</b>');
    expect(html).toMatch(/<th scope="row">[^<]+<\/th><td>\d+<\/td><td>\d+ → \d+<\/td>/);
    expect(html).not.toContain('<style>');
    const css = await fetch(`${s.url}/console/assets/results.css`, { headers: { cookie } });
    expect(css.headers.get('content-type')).toContain('text/css');
  });
});
