import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentLinks } from '../../src/bot/apply/document-links.js';
import type { FormField } from '../../src/engine/index.js';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, formFields, interviewToChecklist, knowledge, removeDir, start, tempDir, valueFor } from '../server/helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-docs-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

/** distinct values where the test reads them back, a valid sample elsewhere */
const OWN: Record<string, string> = { deceased_name: '王德福', applicant_name: '王小梅', agent_name: '赵六', heirs_list: '王小梅（女儿）、王小军（儿子）' };
const value = (f: FormField) => OWN[f.id] ?? valueFor(f);

async function docxText(buf: ArrayBuffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
}

describe('documents filled in from the form', () => {
  it("after the form, the bot offers the case's documents; the page prints them and the .docx holds the filled text", async () => {
    const { k } = await knowledge();
    const c = new Client(s.url, 'after-docs');
    // the heirs' commitment is a document only where 继承权证明 is by commitment, and the power of attorney only when someone else goes, so the opening says both
    await interviewToChecklist(c, '我父亲去世了，要办后事，他交过公积金，家里人都同意签承诺书，委托侄子去代办', 'end-of-life');
    let r = await c.say('现在申请');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) r = await c.say(value(askedField(fields, r.texts)!));
    r = await c.say('确认无误');
    r = await c.say(r.actions[0]!);
    if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
    r = await c.say('同意并提交');
    const said = r.texts.join('\n');
    expect(said).toMatch(/受理编号 WY\d+/);
    // the offer names each document, with a link on this server
    expect(said, said).toContain('全体继承人承诺书');
    expect(said).toContain('授权委托书');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/documents\/[A-Za-z0-9_-]{32})/.exec(said)?.[1];
    expect(url, said).toBeDefined();

    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<b>王德福</b>');
    expect(html).toContain('合并申请表');
    const href = /href="([^"]*heirs-commitment-doc\.docx)"/.exec(html)?.[1];
    expect(href).toBeDefined();

    const file = await fetch(new URL(href!, url));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('wordprocessingml');
    const text = await docxText(await file.arrayBuffer());
    expect(text).toContain('全体继承人承诺书');
    expect(text).toContain('被继承人（逝者）王德福');
    expect(text).toContain('王小梅（女儿）、王小军（儿子）');
    expect(text).toContain('申请人 王小梅');
    // a value the form does not hold is a blank to write by hand, not a guess
    const t = k.documents.get('heirs-commitment-doc')!;
    expect(t.paragraphs.join('')).toContain('{date_of_death}');
    expect(text).not.toContain('{');

    const poa = await fetch(new URL(href!.replace('heirs-commitment-doc', 'power-of-attorney-doc'), url));
    expect(await docxText(await poa.arrayBuffer())).toContain('受托人：赵六');
  }, 120_000);

  it('a wrong, made-up or expired link opens nothing', async () => {
    expect((await fetch(`${s.url}/documents/short`)).status).toBe(404);
    expect((await fetch(`${s.url}/documents/${'A'.repeat(32)}`)).status).toBe(404);
    let now = 1_000;
    const links = new DocumentLinks(s.app.storage, 60_000, () => now);
    const token = await links.create({ bundle: 'birth', answers: {}, values: {} });
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await links.open(token)).not.toBeNull();
    now += 60_001;
    expect(await links.open(token)).toBeNull();
    expect((await fetch(`${s.url}/documents/${token}/merged-application-form.docx`)).status).toBe(404);
  });
});
