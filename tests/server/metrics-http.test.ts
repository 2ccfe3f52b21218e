import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { UserStore, usersFile } from '../../src/server/console/users.js';
import { signIn } from '../console/rig.js';
import { CSRF_HEADER } from '../../src/server/console/auth.js';
import { applyAndSubmit, Client, fakeChannel, interviewToChecklist, removeDir, staff, start, tempDir } from './helpers.js';

let s: Started;
let dir: string;
let channel: Awaited<ReturnType<typeof fakeChannel>>;
beforeAll(async () => {
  dir = await tempDir();
  channel = await fakeChannel();
  // operators at work all day; a 转人工 nobody takes within 1.2 s is missed
  s = await start(dir, { METRICS_TOKEN: 'metrics-token-for-tests', HANDOVER_WORK_HOURS: '1-7 00:00-24:00', HANDOVER_WAIT_MINUTES: '0.02' });
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await channel?.close();
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

  it('counts an application submitted, its rating, and 转人工 answered and missed, in /metrics and the daily counts', async () => {
    const metrics = async () => (await scrape('metrics-token-for-tests')).text;
    const before = await metrics();
    const c = new Client(s.url, 'metrics-apply', channel.url);
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续', 'birth');
    const caseNo = await applyAndSubmit(s, c);
    expect(sample(await metrics(), 'yjs_applications_submitted_total', 'bundle="birth",queued="false"')).toBe(1);

    // window staff finish the case; the bot asks for a rating unasked; the citizen rates
    const tasks = (await staff(s.backendUrl, 'GET', `/v1/staff/tasks?caseNo=${caseNo}`)).json.tasks as { id: string }[];
    for (const t of tasks) await staff(s.backendUrl, 'PATCH', `/v1/staff/tasks/${t.id}`, { status: 'approved' });
    s.backend!.wakeWebhooks();
    await channel.waitFor((a) => (a.text ?? '').includes(`请为办件 ${caseNo}`));
    expect(sample(await metrics(), 'yjs_ratings_total', 'level="satisfied"')).toBeNaN();
    await c.say('满意');
    expect((await c.say('跳过')).texts.join('')).toContain('已记录您的评价');
    expect(sample(await metrics(), 'yjs_ratings_total', 'level="satisfied"')).toBe(1);

    // one 转人工 an operator takes over the console's HTTP API, one nobody takes in time
    await new UserStore(usersFile(s.app.dataDir)).set('operator', 'operator-pass-1');
    const { cookie } = await signIn(s.url, 'operator', 'operator-pass-1');
    const answered = new Client(s.url, 'metrics-answered');
    await answered.say('我要卖房');
    await answered.say('转人工');
    const take = await fetch(`${s.url}/console/api/handovers/metrics-answered/take`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      body: '{}',
    });
    expect(take.status).toBe(200);
    const missed = new Client(s.url, 'metrics-missed');
    await missed.say('我要卖房');
    await missed.say('转人工');
    await new Promise((ok) => setTimeout(ok, 1_500));
    expect((await missed.say('人呢')).texts.join('')).toContain('12345');
    const text = await metrics();
    expect(sample(text, 'yjs_handovers_total', 'stage="answered"')).toBe(1);
    expect(sample(text, 'yjs_handovers_total', 'stage="missed"')).toBe(1);
    expect(sample(before, 'yjs_handovers_total', 'stage="answered"')).toBeNaN();

    // the durable counts the results page reads, flushed as on shutdown
    s.app.metrics.daily.flush();
    const today = s.app.metrics.daily.series(1)[0]!.counts;
    expect(today).toMatchObject({ submitted: 1, 'rating:satisfied': 1, handover_answered: 1, handover_missed: 1 });
    const page = await (await fetch(`${s.url}/console/results?days=7`, { headers: { cookie } })).text();
    expect(page).toContain('提交申请<b>1</b>');
    expect(page).toContain('转人工已接起<b>1</b>');
    expect(page).toContain('转人工超时未接<b>1</b>');
  }, 120_000);
});
