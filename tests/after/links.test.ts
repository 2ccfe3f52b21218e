import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carriedAnswers } from '../../src/engine/index.js';
import { WORDS } from '../../src/nlu/commands.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import type { Started } from '../../src/server/start.js';
import { Client, knowledge, removeDir, start, tempDir, type Said } from '../server/helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir('yjs-after-links-');
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

const UTILITY = '水电气暖报装一件事';
const ROAD = '挖掘占道办理一件事';

async function stored(c: Client): Promise<{ bundle: string; answers: Record<string, unknown>; mode: string }> {
  const key = `${c.channelId}/conversations/${c.conversationId}/`;
  return ((await s.app.storage.read([key]))[key] as { conversation: { bundle: string; answers: Record<string, unknown>; mode: string } }).conversation;
}

const checklistShown = (r: Said) => r.texts.some((t) => t.startsWith('【材料清单】'));

describe('linked matters carry their shared answers', () => {
  it("every carried question and value is the knowledge's own", async () => {
    const { k } = await knowledge();
    for (const b of k.bundles.values()) {
      for (const r of b.related) {
        const here = k.dialogs.get(b.id)!.questions;
        const there = k.dialogs.get(r.bundle)!.questions;
        for (const p of r.carry?.share ?? []) {
          const qh = here.find((q) => q.id === p.here);
          const qt = there.find((q) => q.id === p.there);
          expect(qh, `${b.id}.${p.here}`).toBeDefined();
          expect(qt, `${r.bundle}.${p.there}`).toBeDefined();
          for (const [a, v] of Object.entries(p.values ?? {})) {
            expect(
              qh!.options?.some((o) => o.id === a),
              `${b.id}.${p.here} = ${a}`,
            ).toBe(true);
            // an option maps to an option there, or to yes/no where the question there is a yes/no one
            if (qt!.type === 'yesno') expect(typeof v, `${r.bundle}.${p.there} = ${v}`).toBe('boolean');
            else
              expect(
                qt!.options?.some((o) => o.id === v),
                `${r.bundle}.${p.there} = ${v}`,
              ).toBe(true);
          }
        }
        for (const q of Object.keys(r.carry?.sets ?? {}))
          expect(
            there.some((x) => x.id === q),
            `${r.bundle}.${q}`,
          ).toBe(true);
      }
    }
    // declared once, read both ways
    expect(
      carriedAnswers(k, 'road-excavation' as BundleId, 'utility-connection' as BundleId, { applicant_type: 'individual', pipeline_kind: 'new_pipeline' }),
    ).toMatchObject({ customer_type: 'resident', external_dig: true });
  });

  it('utility connection → road works with nothing asked twice, and back to where it was, both kept', async () => {
    const { k } = await knowledge();
    const road = k.dialogs.get('road-excavation')!.questions;
    const c = new Client(s.url, 'after-links');
    const utility = k.dialogs.get('utility-connection')!.questions;
    const say: Record<string, string> = {
      services: '用电',
      customer_type: '企业、单位或商户',
      request_kind: '新装',
      building: '已建成的房屋',
      premises: '自有',
      power_kw: '100',
      external_dig: '是',
      has_agent: '是',
    };
    let r = await c.say('我要办水电报装');
    for (let i = 0; i < 20; i++) {
      // a provisional checklist (questions left that change a few lines): answer them, the dig one matters here
      if (checklistShown(r) && !r.actions.includes(WORDS.continue)) break;
      if (checklistShown(r)) {
        r = await c.say(WORDS.continue);
        continue;
      }
      const q = utility.find((x) => r.texts.some((t) => t.includes(x.text)));
      expect(q, r.texts.join('\n')).toBeDefined();
      r = await c.say(say[q!.id] ?? r.actions[0]!);
    }
    expect(checklistShown(r)).toBe(true);
    expect(r.texts.join('\n')).toContain(ROAD);
    // the link is a choice to tap, not a name to retype
    const go = `去办「${ROAD}」`;
    expect(r.actions).toContain(go);
    const utilityBefore = await stored(c);

    r = await c.say(go);
    const asked: string[] = [];
    const shared = ['work_type', 'pipeline_kind', 'emergency', 'applicant_type'];
    for (let i = 0; i < 30 && !checklistShown(r); i++) {
      const q = road.find((x) => r.texts.some((t) => t.includes(x.text)));
      expect(q, r.texts.join('\n')).toBeDefined();
      asked.push(q!.id);
      const tap = r.actions.find((a) => a !== '为什么问这个');
      r = await c.say(q!.type === 'number' || q!.type === 'area' ? '20' : tap!);
    }
    expect(checklistShown(r)).toBe(true);
    expect(asked.filter((id) => shared.includes(id))).toEqual([]);
    const roadAnswers = (await stored(c)).answers;
    expect(roadAnswers).toMatchObject({ work_type: 'dig', pipeline_kind: 'new_pipeline', applicant_type: 'company' });

    // and back: the first matter as it was, its checklist again, not question 1
    const back = `回到「${UTILITY}」`;
    expect(r.actions).toContain(back);
    r = await c.say(back);
    expect(r.texts.join('\n')).not.toMatch(/第1题/);
    expect(checklistShown(r)).toBe(true);
    const utilityAfter = await stored(c);
    expect(utilityAfter.bundle).toBe('utility-connection');
    expect(utilityAfter.answers).toEqual(utilityBefore.answers);

    // the road works case was kept too
    r = await c.say(`回到「${ROAD}」`);
    expect(checklistShown(r)).toBe(true);
    expect((await stored(c)).answers).toEqual(roadAnswers);
  }, 120_000);

  it("end of life → the house inherited: the 继承 path with the heirs' proof carried, no sale question, and back", async () => {
    const { k } = await knowledge();
    const eol = k.dialogs.get('end-of-life')!.questions;
    const house = k.dialogs.get('second-hand-house')!.questions;
    const EOL = k.bundles.get('end-of-life')!.name;
    const HOUSE = k.bundles.get('second-hand-house')!.name;
    const c = new Client(s.url, 'after-links-inherit');
    const say: Record<string, string> = {
      death_place: '在医院',
      deceased_hukou: '未央区',
      pension_type: '企业职工养老保险',
      work_status: '已退休',
      housing_fund: '有',
      heir_proof: '已办或准备办继承公证',
      cancellations: '没有',
    };
    let r = await c.say('我父亲去世了，后事要怎么办');
    for (let i = 0; i < 20; i++) {
      if (checklistShown(r) && !r.actions.includes(WORDS.continue)) break;
      if (checklistShown(r)) {
        r = await c.say(WORDS.continue);
        continue;
      }
      const q = eol.find((x) => r.texts.some((t) => t.includes(x.text)));
      expect(q, r.texts.join('\n')).toBeDefined();
      r = await c.say(say[q!.id] ?? r.actions[0]!);
    }
    expect(checklistShown(r)).toBe(true);
    expect(r.texts.join('\n')).toContain(HOUSE);
    const go = `去办「${HOUSE}」`;
    expect(r.actions).toContain(go);
    const eolBefore = await stored(c);
    expect(eolBefore.answers.heir_proof).toBe('notary');

    r = await c.say(go);
    const asked: string[] = [];
    for (let i = 0; i < 20 && !checklistShown(r); i++) {
      const q = house.find((x) => r.texts.some((t) => t.includes(x.text)));
      expect(q, r.texts.join('\n')).toBeDefined();
      asked.push(q!.id);
      const tap = r.actions.find((a) => a !== '为什么问这个');
      r = await c.say(tap!);
    }
    expect(checklistShown(r)).toBe(true);
    // neither how the house passes (继承, said by the link) nor the heirs' proof (said in 终老) is asked again,
    // and nothing of a sale is asked
    expect(asked).not.toContain('transfer_kind');
    expect(asked).not.toContain('inherit_notarised');
    for (const sale of ['seller_type', 'buyer_type', 'price', 'seller_mortgage']) expect(asked).not.toContain(sale);
    expect((await stored(c)).answers).toMatchObject({ transfer_kind: 'inherit', inherit_notarised: true });
    const list = r.texts.join('\n');
    expect(list).toContain(k.materials.get('inheritance-notarial-certificate')!.name);

    const back = `回到「${EOL}」`;
    expect(r.actions).toContain(back);
    r = await c.say(back);
    expect(checklistShown(r)).toBe(true);
    expect((await stored(c)).answers).toEqual(eolBefore.answers);
  }, 120_000);
});
