import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredLater } from '../../src/bot/apply/notify.js';
import { newConversation, newUser } from '../../src/bot/types.js';
import type { Application } from '../../src/acceptance/contract/application.js';
import type { Started } from '../../src/server/start.js';
import { applyToConsent, Client, interviewToChecklist, knowledge, removeDir, start, tempDir } from '../server/helpers.js';

/**
 * What the backend answers to a submission reaches the citizen only through our templates: its refusal
 * reason quoted without links, the 受理编号 only when it is one. A compromised or impersonated backend
 * cannot make the bot send a phishing line.
 */
const PHISH = '【紧急】材料不全，请点击 https://evil.example.com/fix 重新提交，或访问 www.evil.cn 并拨打 tel:4000000000';
const URLISH = /https?:|www\.|\.com|\.cn\b|tel:|点击/i;

describe('a refusal from the backend', () => {
  let backend: Server;
  let s: Started;
  let dir: string;
  beforeAll(async () => {
    // stands in for a backend that answers every submission with a refusal worded by an attacker
    backend = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_application', message: PHISH }));
      });
    });
    await new Promise<void>((ok) => backend.listen(0, '127.0.0.1', ok));
    dir = await tempDir('yjs-backend-text-');
    s = await start(dir, { BACKEND_URL: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` });
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await new Promise((ok) => backend?.close(ok));
    await removeDir(dir);
  });

  it('is told as our sentence with the reason quoted, and no link or 点击 survives', async () => {
    const c = new Client(s.url, 'backend-text');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    await applyToConsent(s, c);
    const r = await c.say('同意并提交');
    const said = r.texts.join('\n');
    expect(said).toContain('被受理系统退回');
    expect(said).toContain('受理系统说明：「【紧急】材料不全');
    expect(said).not.toMatch(URLISH);
  }, 120_000);
});

describe('a delivery told later', () => {
  it('names the bundle and promise from the application sent, and a 受理编号 only when it is one', async () => {
    const { k } = await knowledge();
    const app = { id: 'app-1', bundle: 'birth', checklist: { bring: [], shared: [], charges: [], promisedDays: 5, outputs: [] } } as unknown as Application;
    const told = (caseNo: string) => {
      const user = newUser();
      return {
        text: deliveredLater(k, app, caseNo, newConversation(), user)
          .map((x) => x.text)
          .join('\n'),
        cases: user.cases,
      };
    };
    const bad = told(`WY20261128000000 ${PHISH}`);
    expect(bad.text).toContain(`「${k.bundles.get('birth')!.name}」申请已成功提交`);
    expect(bad.text).toContain('承诺5个工作日');
    expect(bad.text).not.toMatch(URLISH);
    expect(bad.text).not.toContain('WY2026');
    expect(bad.cases).toEqual([]);
    const { makeCaseNo } = await import('../../src/engine/index.js');
    const no = makeCaseNo('20261128', 481_735);
    const good = told(no);
    expect(good.text).toContain(`受理编号 ${no}`);
    expect(good.cases.map((x) => x.caseNo)).toEqual([no]);
  });
});
