import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFlow } from '../../src/bot/apply/flow.js';
import type { CasePort, SubmissionPort } from '../../src/bot/apply/ports.js';
import { newConversation, newUser } from '../../src/bot/types.js';
import { LocalSharedData } from '../../apps/backend/shared-data/local.js';
import { caseNoIn, isCaseNo, luhnDigit, makeCaseNo } from '../../src/engine/index.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import type { Started } from '../../src/server/start.js';
import {
  applyAndSubmit,
  askedField,
  Client,
  formFields,
  interviewToChecklist,
  knowledge,
  removeDir,
  start,
  tempDir,
  TODAY,
  valueFor,
} from '../server/helpers.js';

/** 赵志强 in the sample shared data (knowledge/samples/shared-data.yaml) */
const ZHAO = { id: '610112196205080035', name: '赵志强', street: '未央路80号院' };

describe('受理编号: one format, random, checked', () => {
  it('a check digit catches any one wrong digit and a swap of neighbours', () => {
    const no = makeCaseNo('20261128', 481_735);
    expect(no).toMatch(/^WY20261128481735\d$/);
    expect(isCaseNo(no)).toBe(true);
    for (let i = 2; i < no.length; i++) {
      const d = Number(no[i]);
      const typo = `${no.slice(0, i)}${(d + 1) % 10}${no.slice(i + 1)}`;
      expect(isCaseNo(typo), typo).toBe(false);
    }
    const swapped = `${no.slice(0, 10)}${no[11]}${no[10]}${no.slice(12)}`;
    if (no[10] !== no[11]) expect(isCaseNo(swapped)).toBe(false);
    expect(luhnDigit('7992739871')).toBe(3);
    expect(caseNoIn(`帮我查下${no.toLowerCase()}到哪了`)).toEqual({ caseNo: no, valid: true, shaped: true });
    // a digit short is still meant as a number: read as a wrong one (never as 「我的申请到哪了」)
    expect(caseNoIn('WY202611280001')).toEqual({ caseNo: 'WY202611280001', valid: false, shaped: false });
    expect(caseNoIn('WY2026')).toBeNull();
  });
});

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-privacy-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

describe('a case answers only to its applicant', () => {
  it('a case number typed in another chat answers nothing personal; a mistyped one is caught', async () => {
    const owner = new Client(s.url, 'after-owner');
    await interviewToChecklist(owner, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(s, owner);
    expect(isCaseNo(caseNo)).toBe(true);

    const mine = await owner.say(caseNo);
    expect(mine.texts.join('\n')).toContain('当前状态');

    const stranger = new Client(s.url, 'after-stranger');
    const r = await stranger.say(caseNo);
    const said = r.texts.join('\n');
    expect(said).not.toContain('当前状态');
    expect(said).not.toMatch(/卫健|出生|待受理|办理中/);
    // the same words as for a number that does not exist: existence is not revealed either
    const other = makeCaseNo(caseNo.slice(2, 10), (Number(caseNo.slice(10, 16)) + 1) % 1_000_000);
    const none = await stranger.say(other);
    expect(none.texts.join('\n').replace(other, caseNo)).toBe(said);

    const typo = `${caseNo.slice(0, -1)}${(Number(caseNo.slice(-1)) + 1) % 10}`;
    const checked = await owner.say(typo);
    expect(checked.texts.join('\n')).toContain('校验');
  }, 120_000);
});

describe('shared data prefills only a verified identity', () => {
  it("typing someone else's ID number shows neither their name nor their address", async () => {
    const c = new Client(s.url, 'after-oracle');
    await interviewToChecklist(c, '机关事业单位人员退休一件事', 'public-retirement');
    let r = await c.say('现在申请');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    const all: string[] = [];
    for (let i = 0; i < 40 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      const f = askedField(fields, r.texts);
      expect(f, r.texts.join('\n')).toBeDefined();
      r = await c.say(f!.type === 'idcard' ? ZHAO.id : valueFor(f!));
      all.push(...r.texts);
    }
    const seen = all.join('\n');
    expect(seen).toContain('请核对申请表');
    expect(seen).not.toContain(ZHAO.street);
    expect(seen).not.toContain(ZHAO.name);
  }, 120_000);

  it('a verified identity is prefilled, and read back masked', async () => {
    const { k } = await knowledge();
    const shared = await LocalSharedData.load(join(PROJECT_ROOT, 'knowledge/samples/shared-data.yaml'));
    const none = async () => {
      throw new Error('not used');
    };
    const flow = new ApplicationFlow({
      k,
      today: () => TODAY,
      submission: { submitNow: none } as unknown as SubmissionPort,
      cases: { getCase: none, listCases: none, rate: none } as unknown as CasePort,
      shared,
      verifiedIdNumber: () => ZHAO.id,
    });
    const conv = newConversation();
    const user = newUser();
    conv.bundle = 'public-retirement';
    let r = await flow.start(conv, user);
    const fields = (await import('../../src/bot/apply/form-state.js')).currentForm(k, conv, user).fields;
    const out: string[] = [];
    for (let i = 0; i < 40 && !r.some((x) => x.text.includes('请核对申请表')); i++) {
      const f = askedField(
        fields,
        r.map((x) => x.text),
      );
      expect(f, r.map((x) => x.text).join('\n')).toBeDefined();
      // the name is left for shared data to fill: answer the ID first by skipping to it
      r = (await flow.handle(f!.type === 'idcard' ? ZHAO.id : valueFor(f!), conv, user))!;
      out.push(...r.map((x) => x.text));
    }
    const said = out.join('\n');
    expect(said).toContain('已从共享数据自动填入');
    expect(said).toContain('陕西省西安市****');
    expect(said).not.toContain(ZHAO.street);
  });
});
