import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { currentForm } from '../../src/bot/apply/form-state.js';
import type { ConversationData, UserData } from '../../src/bot/types.js';
import { conversationKey, userKey } from '../../src/bot/state/keys.js';
import { applyAndSubmit, InProcessClient, interviewToChecklist, removeDir, start, tempDir, VALID_ID, type Client } from '../server/helpers.js';

/** 删除我的信息 and 撤回同意 (PIPL) through real conversations, checked against what the server stored. */
let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-privacy-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

async function stored(c: Client): Promise<{ conv?: ConversationData; user?: UserData }> {
  const ck = conversationKey(c.channelId, c.conversationId);
  const uk = userKey(c.channelId, `user-${c.conversationId}`);
  const got = await s.app.storage.read([ck, uk]);
  return { conv: (got[ck] as { conversation?: ConversationData } | undefined)?.conversation, user: (got[uk] as { user?: UserData } | undefined)?.user };
}

/** Every file the server wrote, as text (whatever their format). */
async function allFiles(root: string): Promise<string> {
  let out = '';
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += await readFile(join(e.parentPath, e.name), 'utf8');
  }
  return out;
}

async function handoversOf(id: string): Promise<number> {
  return (await s.app.handovers.list()).filter((h) => h.conversationId === id).length;
}

describe('删除我的信息', () => {
  it('asks first; 是 erases answers, form, transcript, profile and handovers; the 受理编号 is told; the next message starts fresh', async () => {
    const c = new InProcessClient(s.app.bot, 'privacy-erase');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const caseNo = await applyAndSubmit(s, c, '同意并提交，并记住我的信息');
    await c.say('转人工');
    const before = await stored(c);
    expect(Object.keys(before.conv!.answers).length).toBeGreaterThan(0);
    expect(Object.keys(before.user!.profile).length).toBeGreaterThan(0);
    expect(await handoversOf(c.conversationId)).toBe(1);
    expect(JSON.stringify(before)).toContain(VALID_ID);

    const ask = await c.say('删除我的信息');
    expect(ask.texts.join('\n')).toContain('确定删除吗');
    expect(ask.texts.join('\n')).toContain(caseNo);
    // nothing is erased before the yes
    expect(Object.keys((await stored(c)).user!.profile).length).toBeGreaterThan(0);

    const done = await c.say('是');
    expect(done.texts.join('\n')).toContain('已删除');
    expect(done.texts.join('\n')).toContain(caseNo);
    expect(done.texts.join('\n')).toContain('12345');
    const after = await stored(c);
    expect(after.conv!.answers).toEqual({});
    expect(after.conv!.apply).toBeUndefined();
    expect(after.conv!.bundle).toBeUndefined();
    expect(after.conv!.handover).toBeUndefined();
    expect(after.conv!.transcript.some((l) => l.text.includes('孩子刚出生'))).toBe(false);
    expect(after.user!.profile).toEqual({});
    expect(after.user!.cases).toEqual([]);
    expect(await handoversOf(c.conversationId)).toBe(0);
    // the files on disk no longer hold the ID number typed into the form (the backend keeps its case)
    const files = await allFiles(join(dir, 'state'));
    expect(files).not.toContain(VALID_ID);
    expect(files).not.toContain('孩子刚出生');

    const fresh = await c.say('你好');
    expect(fresh.texts.join('\n')).not.toContain('接着');
    expect((await stored(c)).conv!.mode).toBe('idle');
  }, 180_000);

  it('「否」 keeps everything', async () => {
    const c = new InProcessClient(s.app.bot, 'privacy-keep');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    const answers = (await stored(c)).conv!.answers;
    await c.say('删除个人信息');
    const r = await c.say('否');
    expect(r.texts.join('\n')).toContain('没有删除');
    expect((await stored(c)).conv!.answers).toEqual(answers);
    expect((await stored(c)).conv!.bundle).toBe('birth');
  }, 120_000);

  it('「删除我的个人信息」 never starts 终老一件事, in any mode', async () => {
    const c = new InProcessClient(s.app.bot, 'privacy-words');
    for (const words of ['删除我的个人信息', '删掉我的资料', '注销我的信息', '请把我的信息都删了']) {
      const r = await c.say(words);
      expect(r.texts.join('\n'), words).toContain('确定删除吗');
      expect(r.texts.join('\n'), words).not.toContain('终老');
      expect((await stored(c)).conv!.bundle, words).toBeUndefined();
      await c.say('否');
    }
    // an unrelated sentence with 删除 is not a privacy request
    const other = await c.say('公司删除了一个股东要办什么');
    expect(other.texts.join('\n')).not.toContain('确定删除吗');
  }, 120_000);
});

describe('撤回同意', () => {
  it('deletes the saved profile and stops prefill at the next application', async () => {
    const c = new InProcessClient(s.app.bot, 'privacy-withdraw');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    await applyAndSubmit(s, c, '同意并提交，并记住我的信息');
    const { conv, user } = await stored(c);
    // control: the profile would prefill a new form of this bundle
    const fresh = { ...conv!, apply: undefined };
    expect(currentForm(s.k, fresh, user!).fields.some((f) => f.prefilledFrom === 'profile')).toBe(true);

    const r = await c.say('撤回同意');
    expect(r.texts.join('\n')).toContain('已撤回');
    const after = (await stored(c)).user!;
    expect(after.profile).toEqual({});
    expect(after.consentWithdrawnAt).toBeDefined();
    expect(currentForm(s.k, fresh, after).fields.some((f) => f.prefilledFrom === 'profile')).toBe(false);
    // the flag weighs over a profile that an older yes left behind
    expect(currentForm(s.k, fresh, { ...after, profile: user!.profile, profileConsent: true }).fields.some((f) => f.prefilledFrom === 'profile')).toBe(false);
  }, 180_000);
});
