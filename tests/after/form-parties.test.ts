import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildChecklist,
  buildForm,
  compiledBundle,
  luhnDigit,
  randomSituation,
  rng,
  candidateNumbers,
  validateField,
  type FormField,
} from '../../src/engine/index.js';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, formFields, knowledge, removeDir, start, tempDir, TODAY, valueFor } from '../server/helpers.js';

const ok = (type: Parameters<typeof validateField>[0], v: string, options?: string[]) => validateField(type, v, options, new Date(`${TODAY}T00:00:00Z`));

describe('form values people type, checked by kind', () => {
  it("不动产权证号: the certificate's shape, leniently; 「X」 and a phone number are not one", () => {
    expect(ok('title_cert', '陕(2024)西安市不动产权第0012345号')).toEqual({ ok: true, value: '陕（2024）西安市不动产权第0012345号' });
    expect(ok('title_cert', '陕（2020）西安市不动产权第0123456号').ok).toBe(true);
    expect(ok('title_cert', '西安市房权证未央区字第1100012345号').ok).toBe(true);
    for (const bad of ['X', '13800138000', '陕（2030）西安市不动产权第0012345号', '不动产权证']) {
      const r = ok('title_cert', bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.message).toMatch(/陕（20\d\d）西安市不动产权第\d{7}号/);
    }
  });

  it("开户银行 is a bank's name, not the card number; a person's name is not an organisation", () => {
    const card = ok('bank', '6222021234567890123');
    expect(card.ok).toBe(false);
    expect(!card.ok && card.message).toContain('银行卡号');
    expect(ok('bank', '中国银行').ok).toBe(true);
    expect(ok('bank', '长安银行西安未央支行').ok).toBe(true);
    expect(ok('bank', '张三').ok).toBe(false);
    // the form's own buttons tapped a step early, a phone number where an amount is asked
    expect(ok('name', '确认无误').ok).toBe(false);
    expect(ok('money', '13991234567').ok).toBe(false);
    for (const org of ['西京医院', '西安某某科技有限公司', '未央区民政局', '社区服务中心']) {
      const r = ok('name', org);
      expect(r.ok, org).toBe(false);
      expect(!r.ok && r.message).toContain('单位名称');
    }
    expect(ok('name', '张伟').ok).toBe(true);
    expect(ok('name', '阿依古丽·买买提').ok).toBe(true);
  });

  it('dates relative to today (Beijing day) and the option words people use', () => {
    // 2026-11-28 is a Saturday
    expect(ok('date', '昨天')).toEqual({ ok: true, value: '2026-11-27' });
    expect(ok('date', '前天')).toEqual({ ok: true, value: '2026-11-26' });
    expect(ok('date', '上周五')).toEqual({ ok: true, value: '2026-11-20' });
    expect(ok('date', '上礼拜一')).toEqual({ ok: true, value: '2026-11-16' });
    expect(ok('date', '3天前')).toEqual({ ok: true, value: '2026-11-25' });
    expect(ok('date', '11月20号')).toEqual({ ok: true, value: '2026-11-20' });
    expect(ok('date', '2024-02-30').ok).toBe(false);
    expect(ok('date', '很久以前').ok).toBe(false);
    expect(ok('choice', '爸爸', ['父亲', '母亲'])).toEqual({ ok: true, value: '父亲' });
    expect(ok('choice', '我是孩子妈妈', ['父亲', '母亲'])).toEqual({ ok: true, value: '母亲' });
    expect(ok('choice', '爸爸妈妈都行', ['父亲', '母亲']).ok).toBe(false);
    expect(ok('choice', '孩子妈妈', ['父亲', '母亲'])).toEqual({ ok: true, value: '母亲' });
    expect(ok('choice', '公积金', ['一次性付款', '商业贷款', '公积金贷款', '组合贷款'])).toEqual({ ok: true, value: '公积金贷款' });
    expect(ok('choice', '贷款', ['一次性付款', '商业贷款', '公积金贷款', '组合贷款']).ok).toBe(false);
  });
});

/** what a material's holder is called on the form when the form's group says it another way */
const ON_FORM_AS: Record<string, string> = { 被继承人: '逝者', 放弃继承的继承人: '继承人', 卖方共有人: '共有人', 全体继承人: '继承人' };

describe('every party whose papers are on the list is on the form', () => {
  it('二手房: sale, inheritance, gift and divorce, over many situations', async () => {
    const { k } = await knowledge();
    const cb = compiledBundle(k, 'second-hand-house');
    const r = rng(11);
    const nums = candidateNumbers(cb);
    const kinds = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const a = randomSituation(cb, r, nums);
      kinds.add(String(a.transfer_kind));
      const form = buildForm(k, 'second-hand-house', a)
        .fields.map((f) => `${f.group} ${f.label}`)
        .join(' | ');
      for (const m of buildChecklist(k, 'second-hand-house', a, { today: TODAY }).bring) {
        if (!m.holder) continue;
        const named = m.holder === '离婚双方' ? '离婚双方' : (ON_FORM_AS[m.holder] ?? m.holder);
        expect(form, `${m.name} for ${JSON.stringify(a)}`).toContain(named);
      }
    }
    expect([...kinds].sort()).toEqual(['divorce_split', 'gift', 'inherit', 'sale']);
  });
});

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-parties-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

/** Fills the form, answering each asked field with `answer(field)` or a valid sample, until the review. */
async function fill(
  c: Client,
  first: { texts: string[] },
  answer: (f: FormField) => string | undefined,
): Promise<{ asked: string[]; review: string; said: string[] }> {
  const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
  const asked: string[] = [];
  const said: string[] = [];
  let r = first;
  for (let i = 0; i < 40 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
    const texts = r.texts.map((t) => t.replace(/请重新输入/g, '请输入'));
    const f = askedField(fields, texts);
    const applicant = /请输入(申请人姓名|申请人身份证号|申请人手机号)/.exec(texts.join(''));
    const label = f?.label ?? applicant?.[1];
    expect(label, r.texts.join('\n')).toBeDefined();
    asked.push(label!);
    const v =
      (f && answer(f)) ?? (f ? valueFor(f) : applicant![1] === '申请人手机号' ? '13991234567' : applicant![1] === '申请人姓名' ? '王五' : '610112199001011234');
    r = await c.say(v);
    said.push(...r.texts);
  }
  return { asked, review: r.texts.join('\n'), said };
}

describe('the merged form in chat', () => {
  it('birth: 监护人 爸爸 is the applicant (not asked again), 昨天 is a date said back, a card number is not a bank, 同上 posts to the contact address', async () => {
    const c = new Client(s.url, 'parties-birth');
    for (const line of [
      '俺闺女上礼拜在西京医院生了 俺是娃姥姥 替她问问 娃爸妈都是未央区户口 结婚了',
      '他们自己来办',
      '继续回答',
      '1',
      '全部都要',
      '1',
      '随爸爸',
      '1',
    ])
      await c.say(line);
    const start = await c.say('现在申请');
    let bankTried = false;
    const { asked, review, said } = await fill(c, start, (f) => {
      if (f.id === 'guardian_relation') return '爸爸';
      if (f.id === 'child_birth_date') return '昨天';
      if (f.id === 'father_name') return '张伟';
      if (f.id === 'father_id_number') return '610112199001011234';
      if (f.id === 'mother_id_number') return '610112199202021244';
      if (f.id === 'bank_name' && !bankTried) {
        bankTried = true;
        return '6222021234567890123';
      }
      if (f.id === 'bank_name') return '中国银行';
      return undefined;
    });
    expect(asked).toContain('监护人与孩子的关系');
    expect(asked).not.toContain('申请人姓名');
    expect(asked).not.toContain('申请人身份证号');
    expect(said.join('\n')).toContain('已记下 孩子出生日期：2026-11-27');
    expect(said.join('\n')).toContain('已记下 监护人与孩子的关系：父亲');
    expect(said.join('\n')).toContain('这像是银行卡号');
    expect(review).toContain('孩子出生日期：2026-11-27');
    expect(review).toContain('申请人姓名：张伟（同父亲姓名）');
    expect(review).toContain('开户银行：中国银行');
    const contact = /申请人联系地址：(.+)/.exec(review)?.[1];
    expect(contact).toBeDefined();
    let r = await c.say('确认无误');
    r = await c.say('免费邮寄');
    r = await c.say('同上');
    expect(r.texts.join('\n')).toContain(`寄到：${contact}`);
  }, 120_000);

  it('gift: donor and donee both on the form with the gift value; 「X」 is no certificate number; consent names only the departments involved', async () => {
    const c = new Client(s.url, 'parties-gift');
    await c.say('我想把房子过户给我儿子 赠与 住宅 商品房 我离婚了 房子是离婚时分给我的');
    let r = await c.say('父母子女');
    for (let i = 0; i < 10 && !r.texts.some((t) => t.includes('现在申请')); i++) r = await c.say(r.actions[0]!);
    r = await c.say('现在申请');
    let certTried = false;
    const { asked, review, said } = await fill(c, r, (f) => {
      if (f.id === 'gift_applicant') return '赠与人';
      if (f.id === 'title_certificate_number' && !certTried) {
        certTried = true;
        return 'X';
      }
      if (f.id === 'title_certificate_number') return '陕(2019)西安市不动产权第0012345号';
      if (f.id === 'gift_declared_value') return '120万';
      return undefined;
    });
    for (const label of ['赠与人姓名', '赠与人身份证号', '受赠人姓名', '受赠人身份证号', '赠与价值（元）']) expect(asked, label).toContain(label);
    expect(asked).not.toContain('申请人姓名');
    expect(said.join('\n')).toContain('不动产权证号请照证书上的写全');
    expect(review).toContain('不动产权证号（或房屋所有权证号）：陕（2019）西安市不动产权第0012345号');
    expect(review).toContain('赠与价值（元）：1200000元');
    r = await c.say('确认无误');
    r = await c.say('窗口领取');
    const consent = r.texts.join('\n');
    expect(consent).toContain('提交前请确认');
    expect(consent).toMatch(/税务/);
    expect(consent).toMatch(/不动产/);
    for (const none of ['自来水', '供电', '燃气', '热力', '广电']) expect(consent).not.toContain(none);
    r = await c.say('同意并提交');
    expect(r.texts.join('\n')).toMatch(/受理编号 WY\d{15}/);
  }, 120_000);
});

describe('progress by acceptance number (security)', () => {
  it('a malformed number is told as malformed, an unknown one as not found, and never another case', async () => {
    const owner = new Client(s.url, 'parties-gift');
    const mine = (await owner.say('我的申请到哪了')).texts.join('\n');
    const caseNo = /WY\d{15}/.exec(mine)?.[0];
    expect(caseNo).toBeDefined();
    const stranger = new Client(s.url, 'parties-stranger');
    const lines = [caseNo!.slice(0, 16), `${caseNo}9`, caseNo!.slice(0, 10), 'WY20261206000000'];
    for (const who of [owner, stranger]) {
      for (const line of lines) {
        const said = (await who.say(line)).texts.join('\n');
        expect(said, line).toContain('受理编号格式不对');
        // only the typed text is said back, never the case it resembles
        expect(said.replaceAll(line, ''), line).not.toContain(caseNo!);
        expect(said).not.toContain('当前状态');
      }
    }
    // the right shape and check digit, but nobody's case: not found, on the owner's chat too
    const body = `${TODAY.replace(/-/g, '')}000001`;
    const unknown = `WY${body}${luhnDigit(body)}`;
    const said = (await owner.say(unknown)).texts.join('\n');
    expect(said).toContain('没有找到');
    expect(said).not.toContain(caseNo!);
    // the real number from another chat: the same 没有找到, so a stranger learns nothing
    expect((await stranger.say(caseNo!)).texts.join('\n')).toContain('没有找到');
  }, 60_000);
});
