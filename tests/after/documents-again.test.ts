import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormField } from '../../src/engine/index.js';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, formFields, interviewToChecklist, knowledge, removeDir, start, tempDir, valueFor } from '../server/helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-docs-again-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

const OWN: Record<string, string> = { proposed_name: '西安未央小禾科技有限公司', rep_name: '陈静' };
// valueFor's 统一社会信用代码 sample fails its check digit: a valid one here
const value = (f: FormField) => OWN[f.id] ?? (f.type === 'uscc' ? '91610112MA6TG1L833' : valueFor(f));
const linkIn = (said: string) => /(http:\/\/127\.0\.0\.1:\d+\/documents\/[A-Za-z0-9_-]{32})/.exec(said)?.[1];

describe('「把表格发我」 after the checklist and after submission: a fresh link each time', () => {
  it('before submission the templates on the list, after it the filled documents; the form is never asked again', async () => {
    const c = new Client(s.url, 'docs-again');
    // nothing to send before there is a case
    let r = await c.say('文书链接');
    expect(r.texts.join('\n')).toContain('请先告诉我您要办什么事');

    await interviewToChecklist(c, '我要注册个有限公司，就用自己家的住宅办公', 'business-startup');
    r = await c.say('承诺书模板');
    let said = r.texts.join('\n');
    expect(said, said).toContain('住所（经营场所）申报承诺书');
    expect(said).toContain('30分钟内有效');
    const before = linkIn(said);
    expect(before, said).toBeDefined();
    let page = await fetch(before!);
    expect(page.status).toBe(200);
    let html = await page.text();
    expect(html).toContain('住所（经营场所）申报承诺书');
    // the answers fill what they can; the merged form is filled in the chat, not behind this link
    expect(html).toContain('<b>自己家的住宅（在家办公）</b>');
    expect(html).not.toContain('合并申请表');

    // asked again in other words: another link, not the same one
    r = await c.say('麻烦把要签的文书再发我一下');
    const again = linkIn(r.texts.join('\n'));
    expect(again).toBeDefined();
    expect(again).not.toBe(before);

    // apply and submit
    r = await c.say('现在申请');
    // the form's fields, and the applicant's contact fields the flow adds when the items lack them
    const { k } = await knowledge();
    const fields = [
      ...(await formFields(s.app.storage, c.channelId, c.conversationId)),
      ...['applicant_name', 'applicant_id_number', 'applicant_phone'].map((id) => ({ ...k.fields.get(id)!, optional: false, items: [] }) as FormField),
    ];
    for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      const f = askedField(fields, r.texts);
      expect(f, r.texts.join(' / ')).toBeDefined();
      r = await c.say(value(f!));
    }
    r = await c.say('确认无误');
    r = await c.say(r.actions[0]!);
    if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
    r = await c.say('同意并提交');
    expect(r.texts.join('\n')).toMatch(/受理编号 WY\d+/);

    r = await c.say('把表格发我');
    said = r.texts.join('\n');
    expect(said, said).toContain('已按您的表单填好');
    expect(said).toContain('合并申请表');
    expect(said).toContain('住所（经营场所）申报承诺书');
    expect(said).not.toMatch(/请输入|请选择/);
    const after = linkIn(said);
    expect(after).toBeDefined();
    expect([before, again]).not.toContain(after);
    page = await fetch(after!);
    html = await page.text();
    expect(html).toContain('合并申请表');
    expect(html).toContain('<b>西安未央小禾科技有限公司</b>');
    expect(html).toContain('承诺人（法定代表人、负责人或经营者）：<b>陈静</b>');
    // the first link still opens what it held: the templates, without the form's values
    expect(await (await fetch(before!)).text()).not.toContain('西安未央小禾科技有限公司');
  }, 120_000);

  it('in the middle of the interview the documents are promised for after the checklist, and the question is asked again', async () => {
    const c = new Client(s.url, 'docs-mid');
    const first = await c.say('我要卖房');
    const asked = first.texts.at(-1)!;
    const r = await c.say('委托书模板');
    const said = r.texts.join('\n');
    expect(said).toContain('清单出来后');
    expect(said).not.toMatch(/\/documents\//);
    expect(r.texts.at(-1)).toBe(asked);
  }, 60_000);
});
