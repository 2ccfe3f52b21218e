import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carriedValues, type FormField } from '../../src/engine/index.js';
import type { Started } from '../../src/server/start.js';
import { askedField, Client, interviewToChecklist, knowledge, removeDir, type Said, start, tempDir, valueFor } from '../server/helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-link-values-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

/** an 18-digit ID number with its check digit (GB 11643) */
function idNumber(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, d, i) => a + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
const DECEASED_ID = idNumber('61011219450101123');

/**
 * From the checklist: 现在申请, then each asked field with a value (the case's own where given), to the
 * review. Returns the labels asked and the review text.
 */
async function fillForm(c: Client, own: Record<string, string>): Promise<{ asked: string[]; review: string }> {
  const { k } = await knowledge();
  const all = [...k.fields.values()].map((f) => ({ ...f, optional: false, items: [] }) as unknown as FormField);
  const asked: string[] = [];
  let r: Said = await c.say('现在申请');
  for (let i = 0; i < 60 && !r.texts.some((t) => t.includes('请核对申请表')); i++) {
    const f = askedField(all, r.texts);
    expect(f, r.texts.join(' / ')).toBeDefined();
    asked.push(f!.id);
    const v = own[f!.id] ?? (f!.type === 'uscc' ? '91610112MA6TG1L833' : valueFor(f!));
    r = await c.say(v);
  }
  return { asked, review: r.texts.find((t) => t.includes('请核对申请表'))! };
}

async function submit(c: Client): Promise<void> {
  let r = await c.say('确认无误');
  r = await c.say(r.actions[0]!);
  if (r.texts.join('\n').includes('邮寄地址')) r = await c.say('陕西省西安市未央区凤城八路168号6号楼2单元1102室');
  r = await c.say('同意并提交');
  expect(r.texts.join('\n')).toMatch(/受理编号 WY\d+/);
}

describe('form values carried across a linked matter, declared once in related[].carry.fields', () => {
  it('declared once, read both ways; a value already there wins', async () => {
    const { k } = await knowledge();
    expect(carriedValues(k, 'end-of-life', 'second-hand-house', { deceased_name: '王德福', applicant_phone: '13991234567' })).toEqual({
      deceased_name: '王德福',
    });
    expect(carriedValues(k, 'second-hand-house', 'end-of-life', { deceased_id_number: DECEASED_ID })).toEqual({ deceased_id_number: DECEASED_ID });
    expect(carriedValues(k, 'utility-connection', 'road-excavation', { uc_address: '未央区文景路18号' })).toEqual({ road_location: '未央区文景路18号' });
    expect(carriedValues(k, 'road-excavation', 'utility-connection', { road_location: '文景路', applicant_name: '孙立' }, { applicant_name: '孙丽' })).toEqual({
      uc_address: '文景路',
      applicant_name: '孙丽',
    });
  });

  it("end of life → inheritance: the deceased's name and ID number typed once are not asked again", async () => {
    const c = new Client(s.url, 'link-values-eol');
    const checklist = await interviewToChecklist(c, '我父亲去世了，要办后事，家里人都同意签承诺书', 'end-of-life');
    const go = '去办「二手房交易一件事」';
    expect(checklist.actions).toContain(go);
    const first = await fillForm(c, { deceased_name: '王德福', deceased_id_number: DECEASED_ID });
    expect(first.asked).toContain('deceased_name');
    await submit(c);

    await interviewToChecklist(c, go, 'second-hand-house');
    const second = await fillForm(c, {});
    expect(second.asked).not.toContain('deceased_name');
    expect(second.asked).not.toContain('deceased_id_number');
    expect(second.review).toContain('逝者姓名：王德福（关联事项带入，请核对）');
    expect(second.review).toMatch(/逝者身份证号：\S+（关联事项带入，请核对）/);
    // the ID number is read back masked, as every ID number in the chat
    expect(second.review).not.toContain(DECEASED_ID);
  }, 120_000);

  it('utility connection → road works: the applicant and the address come along', async () => {
    const { k } = await knowledge();
    const c = new Client(s.url, 'link-values-uc');
    const utility = k.dialogs.get('utility-connection')!.questions;
    const say: Record<string, string> = {
      services: '用电',
      customer_type: '居民个人',
      request_kind: '新装',
      building: '已建成的房屋',
      premises: '自有',
      external_dig: '是',
      has_agent: '本人办理',
    };
    let r = await c.say('我要办水电报装');
    for (let i = 0; i < 30 && !(r.texts.some((t) => t.startsWith('【材料清单】')) && !r.actions.includes('继续回答')); i++) {
      if (r.texts.some((t) => t.startsWith('【材料清单】'))) {
        r = await c.say('继续回答');
        continue;
      }
      const q = utility.find((x) => r.texts.some((t) => t.includes(x.text)));
      r = await c.say((q && say[q.id]) ?? r.actions[0]!);
    }
    expect(r.actions).toContain('去办「挖掘占道办理一件事」');
    const first = await fillForm(c, { applicant_name: '周建国', uc_address: '陕西省西安市未央区文景路18号' });
    expect(first.asked).toEqual(expect.arrayContaining(['applicant_name', 'uc_address']));
    await submit(c);

    await interviewToChecklist(c, '去办「挖掘占道办理一件事」', 'road-excavation');
    const second = await fillForm(c, {});
    for (const id of ['applicant_name', 'applicant_id_number', 'applicant_phone', 'road_location']) expect(second.asked, id).not.toContain(id);
    expect(second.review).toContain('周建国（关联事项带入，请核对）');
    expect(second.review).toContain('陕西省西安市未央区文景路18号（关联事项带入，请核对）');
  }, 120_000);

  it('road works → utility connection: the same pairs read the other way', async () => {
    const { k } = await knowledge();
    const c = new Client(s.url, 'link-values-road');
    const road = k.dialogs.get('road-excavation')!.questions;
    const say: Record<string, string> = {
      applicant_type: '个人（含个体户）',
      work_type: '挖掘路面（含占用）',
      pipeline_kind: '新建管线',
      emergency: '否',
      has_agent: '本人办理',
    };
    let r = await c.say('要挖路埋管子');
    for (let i = 0; i < 30 && !(r.texts.some((t) => t.startsWith('【材料清单】')) && !r.actions.includes('继续回答')); i++) {
      if (r.texts.some((t) => t.startsWith('【材料清单】'))) {
        r = await c.say('继续回答');
        continue;
      }
      const q = road.find((x) => r.texts.some((t) => t.includes(x.text)));
      r = await c.say((q && say[q.id]) ?? r.actions[0] ?? '10');
    }
    expect(r.actions).toContain('去办「水电气暖报装一件事」');
    const first = await fillForm(c, { applicant_name: '孙立', road_location: '陕西省西安市未央区文景路18号东侧人行道' });
    expect(first.asked).toContain('applicant_name');
    // a number typed for a number field is its value, not the first button (退出申请)
    expect(first.asked).toContain('road_days');
    expect(first.review).toMatch(/占用天数：1\b/);

    await interviewToChecklist(c, '去办「水电气暖报装一件事」', 'utility-connection');
    const second = await fillForm(c, {});
    expect(second.asked).not.toContain('applicant_name');
    expect(second.asked).not.toContain('uc_address');
    expect(second.review).toContain('孙立（关联事项带入，请核对）');
  }, 120_000);
});
