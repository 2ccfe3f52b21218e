import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessAdapter } from '../../src/channels/terminal/adapter.js';
import { createNlu } from '../../src/nlu/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { removeDir, startRig, type Rig } from '../console/rig.js';
import { raw } from './console-helpers.js';

/**
 * `GET /%63onsole/api/handovers` answered the 转人工 list with transcripts (ID numbers, phones) without
 * a session; anonymous search and checklist answered; an anonymous resolve answered 500 and was saved.
 * Every spelling of every console API route must answer 401 (or 404) to an anonymous caller and change nothing.
 */
let rig: Rig;
beforeAll(async () => {
  const k = await loadKnowledge();
  rig = await startRig({ k, nlu: createNlu(k) });
  const chat = new InProcessAdapter('asks-for-person', 'citizen', 'terminal');
  await chat.say((c) => rig.app.bot.run(c), '我要卖房，身份证610102199001011234，电话13991234567');
  await chat.say((c) => rig.app.bot.run(c), '转人工');
}, 60_000);
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
});

/** Ways to write /console that a router may read as /console while a naive prefix check does not. */
const spell = (rest: string) => [
  `/console${rest}`,
  `/%63onsole${rest}`,
  `/%63%6f%6e%73%6f%6c%65${rest}`,
  `//console${rest}`,
  `/console/${rest.slice(1)}`.replace('/api', '/%61pi'),
  `/CONSOLE${rest}`,
  `/console/.${rest}`,
  `/console/api/../api${rest.slice(4)}`,
];

const WRITE = { 'Content-Type': 'application/json', 'X-Console-Request': '1' };

describe('console API, anonymous', () => {
  it.each(spell('/api/handovers'))('GET %s reveals nothing', async (path) => {
    const r = await raw(rig.url, { path });
    expect([401, 404, 400, 303], `${path} → ${r.status} ${r.body.slice(0, 80)}`).toContain(r.status);
    expect(r.body).not.toContain('asks-for-person');
    expect(r.body).not.toContain('1399');
  });

  it.each([
    ['/api/search', { text: '我要卖房' }],
    ['/api/checklist', { bundle: 'second-hand-house', answers: {} }],
    ['/api/handoff', { bundle: 'second-hand-house', answers: {} }],
    ['/api/sms', { bundle: 'second-hand-house', answers: {}, phone: '13800138000' }],
  ])('POST %s in every spelling is refused', async (rest, body) => {
    for (const path of spell(rest)) {
      const r = await raw(rig.url, { method: 'POST', path, headers: WRITE, body: JSON.stringify(body) });
      expect([401, 404, 400, 403], `${path} → ${r.status} ${r.body.slice(0, 80)}`).toContain(r.status);
      expect(r.body).not.toContain('bundleName');
      expect(r.body).not.toContain('续办');
    }
  });

  it('an anonymous resolve, take, reply or hand-back changes nothing', async () => {
    for (const action of ['resolve', 'take', 'handback', 'reply']) {
      for (const path of spell(`/api/handovers/asks-for-person/${action}`)) {
        const r = await raw(rig.url, { method: 'POST', path, headers: WRITE, body: JSON.stringify({ text: '钓鱼链接 https://evil.example' }) });
        expect([401, 404, 400, 403], `${path} → ${r.status}`).toContain(r.status);
      }
    }
    const h = (await rig.app.handovers.list()).find((x) => x.conversationId === 'asks-for-person');
    expect(h?.status).toBe('waiting');
    expect(h?.resolved).toBe(false);
    const key = 'terminal/conversations/asks-for-person/';
    const conv = ((await rig.app.storage.read([key]))[key] as { conversation: { transcript: { text: string }[]; unseen?: unknown[] } }).conversation;
    expect(JSON.stringify(conv)).not.toContain('evil.example');
  });
});
