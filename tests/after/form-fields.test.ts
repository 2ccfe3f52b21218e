import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCommandWord, parseMoney, refersToEarlierAddress, validateField } from '../../src/engine/index.js';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, formFields, interviewToChecklist, removeDir, start, tempDir, VALID_ID, valueFor } from '../server/helpers.js';

describe('form values validated by kind', () => {
  it('command words are never values, whatever the field', () => {
    for (const w of ['上一步', '好的', '好的。', '返回', 'OK', '确认', '不知道', '跳过']) {
      for (const type of ['name', 'text', 'address'] as const) expect(validateField(type, w).ok, `${w} as ${type}`).toBe(false);
    }
    expect(isCommandWord('王好')).toBe(false);
    expect(validateField('name', '王好').ok).toBe(true);
    // a choice field's own option is still taken as typed
    expect(validateField('choice', '是', ['是', '否'])).toEqual({ ok: true, value: '是' });
  });

  it('money with 万 / 元 / 块 and separators', () => {
    expect(validateField('money', '45万')).toEqual({ ok: true, value: 450000 });
    expect(validateField('money', '45万元')).toEqual({ ok: true, value: 450000 });
    expect(validateField('money', '1.2万')).toEqual({ ok: true, value: 12000 });
    expect(validateField('money', '120万5千')).toEqual({ ok: true, value: 1205000 });
    expect(validateField('money', '1,200,000元')).toEqual({ ok: true, value: 1200000 });
    expect(validateField('money', '3000块')).toEqual({ ok: true, value: 3000 });
    expect(parseMoney('很多')).toBeNull();
    expect(validateField('money', '很多').ok).toBe(false);
  });

  it('an ID number is not an address, a name has no digits, dates in the ways people write them', () => {
    const id = validateField('address', VALID_ID);
    expect(id.ok).toBe(false);
    expect(!id.ok && id.message).toContain('身份证号');
    expect(validateField('address', '12345678').ok).toBe(false);
    expect(validateField('address', '未央区凤城八路168号').ok).toBe(true);
    expect(validateField('name', '张3').ok).toBe(false);
    expect(validateField('date', '2024.5.1')).toEqual({ ok: true, value: '2024-05-01' });
    expect(validateField('date', '2024年5月1号')).toEqual({ ok: true, value: '2024-05-01' });
    expect(validateField('date', '20240501')).toEqual({ ok: true, value: '2024-05-01' });
    expect(validateField('date', '2024-02-30').ok).toBe(false);
  });

  it('pointing back at an address already given', () => {
    for (const t of ['就寄到上面那个地址', '同上', '寄到刚才填的地址', '跟户籍地址一样', '上面的地址']) expect(refersToEarlierAddress(t), t).toBe(true);
    for (const t of ['未央区凤城八路168号', '寄到单位', '上一步']) expect(refersToEarlierAddress(t), t).toBe(false);
  });
});

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-form-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

describe('the form in chat', () => {
  it('好的 is not a name, 上一步 goes back, an ID is not an address, 「就寄到上面那个地址」 is the address given', async () => {
    const c = new Client(s.url, 'after-form');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    let r = await c.say('现在申请');
    const fields = await formFields(s.app.storage, c.channelId, c.conversationId);
    const home = '陕西省西安市未央区凤城八路168号6号楼2单元1102室';
    const seen = new Set<string>();
    for (let i = 0; i < 40 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
      const f =
        askedField(fields, r.texts) ??
        (r.texts.join('').includes('请输入申请人姓名') ? { id: 'applicant_name', label: '申请人姓名', type: 'name' as const } : undefined);
      expect(f, r.texts.join('\n')).toBeDefined();
      if (f!.type === 'name' && !seen.has('name')) {
        seen.add('name');
        const ok = await c.say('好的');
        expect(ok.texts.join('\n')).toContain('不是这一项的内容');
        expect(ok.texts.join('\n')).toContain(f!.label);
        // a question asked at the name is answered, and the name is asked again, not filled with it
        const fee = await c.say('办这个要多少钱');
        expect(fee.texts.join('\n')).toContain('这一项还没填');
        const side = await c.say('要带原件吗');
        expect(side.texts.join('\n')).toContain('原件');
        expect(side.texts.join('\n')).toContain('这一项还没填');
        expect(askedField(fields, side.texts)?.id ?? (side.texts.join('').includes(f!.label) ? f!.id : undefined)).toBe(f!.id);
        const key = `${c.channelId}/conversations/${c.conversationId}/`;
        const stored = (await s.app.storage.read([key]))[key] as { conversation: { apply?: { values: Record<string, unknown> } } };
        expect(Object.values(stored.conversation.apply?.values ?? {})).not.toContain('要带原件吗');
      }
      if (f!.type === 'address' && !seen.has('address')) {
        seen.add('address');
        const wrong = await c.say(VALID_ID);
        expect(wrong.texts.join('\n')).toContain('身份证号，不是地址');
        r = await c.say(home);
        continue;
      }
      if (f!.type === 'phone' && !seen.has('back') && seen.size > 0) {
        seen.add('back');
        const back = await c.say('上一步');
        expect(back.texts.join('\n')).toContain('回到上一项');
        // the field asked again is one already answered, and 上一步 was stored nowhere
        expect(askedField(fields, back.texts)?.id).not.toBe(f!.id);
        r = back;
        continue;
      }
      r = await c.say(f!.type === 'name' ? '张三' : valueFor(f as never));
    }
    expect([...seen].sort()).toEqual(['address', 'back', 'name']);
    const review = r.texts.join('\n');
    expect(review).not.toContain('上一步');
    expect(review).not.toMatch(/：好的/);
    expect(review).toContain(home);

    r = await c.say('确认无误');
    r = await c.say('邮寄');
    expect(r.texts.join('\n')).toContain('邮寄地址');
    r = await c.say('就寄到上面那个地址');
    expect(r.texts.join('\n')).toContain(`寄到：${home}`);
    expect(r.texts.join('\n')).toContain('提交前请确认');
  }, 120_000);
});
