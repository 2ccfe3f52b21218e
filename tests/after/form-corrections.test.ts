import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Started } from '../../src/server/start.js';
import { Client, removeDir, start, tempDir } from '../server/helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-fix-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

type Stored = { conversation: { mode: string; answers: Record<string, unknown>; apply?: { step: string; values: Record<string, unknown> } } };
async function stored(c: Client): Promise<Stored['conversation']> {
  const key = `${c.channelId}/conversations/${c.conversationId}/`;
  return ((await s.app.storage.read([key]))[key] as Stored).conversation;
}

/** answers whatever is asked with its first choice (or 不清楚) until the whole checklist is given */
async function toChecklist(c: Client, first: string, unsure = true): Promise<void> {
  let r = await c.say(first);
  for (let i = 0; i < 30 && !r.texts.some((t) => t.includes('以上就是全部清单')); i++) {
    r = await c.say(r.actions.includes('继续回答') ? '继续回答' : unsure && r.actions.includes('不清楚') && i % 2 ? '不清楚' : '1');
  }
  expect(r.texts.join('\n')).toContain('以上就是全部清单');
}

describe('a correction of the case said while the form is open', () => {
  it('「等下 我说错了 是卖给她 不是送」 at a form field changes the case, not the field; typed values wait and the form resumes', async () => {
    const c = new Client(s.url, 'fix-in-form');
    await toChecklist(c, '我想把房子过户给我女儿 是赠与');
    expect((await stored(c)).answers.transfer_kind).toBe('gift');
    let r = await c.say('现在申请');
    // a gift form first asks which party applies; someone acting for them types the applicant's own name
    expect(r.texts.join('\n')).toContain('请选择申请人是哪一方');
    r = await c.say('其他人（代办）');
    expect(r.texts.join('\n')).toContain('请输入申请人姓名');
    r = await c.say('李秀兰');
    const name = Object.entries((await stored(c)).apply!.values).find(([, v]) => v === '李秀兰');
    expect(name).toBeDefined();

    r = await c.say('等下 我说错了 是卖给她 不是送');
    const said = r.texts.join('\n');
    expect(said).toContain('已改：过户缘由：赠与 → 买卖');
    expect(said).not.toContain('姓名请填写');
    let conv = await stored(c);
    expect(conv.answers.transfer_kind).toBe('sale');
    expect(conv.mode).toBe('interview');
    // the name typed before is kept while the sale's own questions are asked
    expect(conv.apply?.values[name![0]]).toBe('李秀兰');

    for (let i = 0; i < 30 && !r.texts.some((t) => t.includes('接下来您可以')); i++) r = await c.say(r.actions.includes('不清楚') ? '不清楚' : '1');
    r = await c.say('现在申请');
    conv = await stored(c);
    expect(conv.mode).toBe('apply');
    expect(conv.apply?.values[name![0]]).toBe('李秀兰');
    expect(r.texts.join('\n')).not.toContain('请输入申请人姓名');
  }, 120_000);

  it('a correction that opens no question says what the checklist gains or loses and asks the same field again', async () => {
    const c = new Client(s.url, 'fix-in-form-2');
    await toChecklist(c, '孩子刚出生 在西安的医院生的 随爸爸落户 户口在未央区 要上医保 医保用银行卡代扣', false);
    expect((await stored(c)).answers.insurance_payment).toBe('bank');
    const r0 = await c.say('现在申请');
    const field = r0.texts.join('\n').match(/请(?:输入|选择)(\S+?)：/)?.[1];
    expect(field).toBeDefined();
    const r = await c.say('不对 我说错了 医保是在手机上用微信交');
    const said = r.texts.join('\n');
    expect(said).toContain('已改：医保缴费方式：监护人银行卡代扣 → 自己在手机上缴');
    expect(said).toContain('－ 不用带了：本人银行卡');
    expect(said).toContain('我们接着填表');
    expect(said).toContain(`请输入${field}`);
    const after = await stored(c);
    expect(after.answers.insurance_payment).toBe('online');
    expect(after.mode).toBe('apply');
  }, 120_000);
});

describe('an answer the user contradicts', () => {
  it('「其实房子有贷款还没还完」 asks the mortgage question again, offered in full, and keeps every other answer', async () => {
    const c = new Client(s.url, 'contradiction');
    let r = await c.say('我要卖房子 要准备什么 房子没有贷款');
    expect((await stored(c)).answers.seller_mortgage).toBe('none');
    r = await c.say('个人');
    const before = await stored(c);
    r = await c.say('等等 其实房子有贷款还没还完');
    const said = r.texts.join('\n');
    expect(said).toContain('卖方抵押贷款：没有抵押');
    expect(said).toContain('重新确认');
    expect(r.actions).toContain('带押过户（不先还贷，银行同意带着抵押过户）');
    const after = await stored(c);
    expect(after.answers.seller_mortgage).toBeUndefined();
    for (const [id, v] of Object.entries(before.answers)) if (id !== 'seller_mortgage') expect([id, after.answers[id]]).toEqual([id, v]);
    r = await c.say('先还清');
    expect((await stored(c)).answers.seller_mortgage).toBe('payoff');
  }, 60_000);

  it("a past loan paid off, a buyer's loan, or a question about loans contradict nothing", async () => {
    for (const line of ['以前有贷款 早就还清解押了', '买家有贷款', '有贷款的话要带什么吗']) {
      const c = new Client(s.url, `no-contradiction-${line.length}`);
      await c.say('我要卖房子 房子没有贷款');
      await c.say(line);
      expect((await stored(c)).answers.seller_mortgage, line).toBe('none');
    }
  }, 60_000);
});

describe('「应该是」 after 「我说错了」', () => {
  it('corrects (recorded), where alone it hedges (only offered); a plain pointer word (落户) does not drown the fact', async () => {
    const c = new Client(s.url, 'should-be');
    await c.say('孩子刚出生 随爸爸落户');
    await c.say('不对 我说错了 应该是随妈妈落户');
    expect((await stored(c)).answers.household_parent).toBe('mother');
  }, 60_000);
});

describe('a bare number in the form', () => {
  it('typed at a text field is read as that field (and refused there), never as the 「退出申请」 button; quitting keeps what was typed', async () => {
    const c = new Client(s.url, 'number-in-form');
    await toChecklist(c, '孩子刚出生 在西安的医院生的 随爸爸落户 户口在未央区', false);
    let r = await c.say('现在申请');
    const first = r.texts.join('\n').match(/请输入(\S+?)：/)?.[1];
    expect(first).toBeDefined();
    r = await c.say('1');
    expect(r.texts.join('\n')).not.toContain('已退出申请');
    expect(r.texts.join('\n')).toContain(`请重新输入${first}`);
    expect((await stored(c)).mode).toBe('apply');
    r = await c.say('王小明');
    const typed = Object.keys((await stored(c)).apply!.values).length;
    expect(typed).toBe(1);
    r = await c.say('退出申请');
    expect(r.texts.join('\n')).toContain('已填的1项也先保留着');
    r = await c.say('现在申请');
    expect(r.texts.join('\n')).not.toContain(`请输入${first}`);
    expect(Object.values((await stored(c)).apply!.values)).toContain('王小明');
  }, 120_000);
});
