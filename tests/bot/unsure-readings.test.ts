import { describe, expect, it } from 'vitest';
import { cautiousAnswer, compiledBundle } from '../../src/engine/index.js';
import { Chat, realWorld, TODAY } from './chat-helper.js';

/** answers with 不清楚 wherever it is offered, else the first choice, until the whole checklist */
async function unsureThrough(c: Chat, opening: string): Promise<string> {
  let r = await c.say(opening);
  const said: string[] = [r.all];
  for (let i = 0; i < 40 && !r.all.includes('以上就是全部清单'); i++) {
    r = await c.say(r.actions.includes('继续回答') ? '继续回答' : r.actions.includes('不清楚') ? '不清楚' : '1');
    said.push(r.all);
  }
  expect(r.all).toContain('以上就是全部清单');
  return said.join('\n');
}

describe('「不清楚」 takes the usual case or leaves it to the window, never an exceptional situation', () => {
  it('a birth whose place the user does not know is left to the window: no 院外分娩 proof, no paternity test', async () => {
    const c = new Chat();
    await c.join();
    const all = await unsureThrough(c, '孩子刚出生 要办出生一件事');
    // among the lines to bring (numbered); the lines that depend on the place stay under 还要看您的情况
    expect(all).not.toMatch(/^\d+\. (亲子鉴定|院外分娩)/m);
    expect((await c.state()).skipped).toEqual(expect.arrayContaining(['birth_place', 'parents_married']));
  });

  it('what the user said earlier, read but not recorded, is taken over the guess (在外省医院生的)', async () => {
    const c = new Chat();
    await c.join();
    await c.say('娃刚生 好像是在外地医院生的');
    const s0 = await c.state();
    expect(s0.answers.birth_place).toBeUndefined();
    expect(s0.suggested?.birth_place).toBe('other_hospital');
    const all = await unsureThrough(c, '不清楚');
    expect((await c.state()).answers.birth_place).toBe('other_hospital');
    expect(all).toContain('先按您前面说的算');
    expect(all).not.toMatch(/^\d+\. (亲子鉴定|院外分娩)/m);
  });

  it('a retirement of an unknown kind is the ordinary one, not 病退 with its 劳动能力鉴定', async () => {
    const c = new Chat();
    await c.join();
    const all = await unsureThrough(c, '我在区教育局上班 要办退休');
    expect(all).not.toContain('劳动能力鉴定');
    expect((await c.state()).answers.retire_type).toBe('normal');
  });

  it('no 不清楚 in any bundle, with nothing else answered, brings in a paternity test, a work-capacity assessment or a company kind', () => {
    const { k } = realWorld();
    const skipped = new Set([
      'birth.birth_place',
      'birth.parents_married',
      'business-startup.entity_type',
      'second-hand-house.transfer_kind',
      'second-hand-house.seller_marital',
    ]);
    let checked = 0;
    for (const b of k.bundles.keys()) {
      for (const q of compiledBundle(k, b).questions) {
        const v = cautiousAnswer(k, b, {}, q, TODAY);
        if (skipped.has(`${b}.${q.id}`)) {
          expect(v, `${b}.${q.id}`).toBeUndefined();
          checked++;
        }
        if (q.id === 'retire_type') {
          expect(v).toBe('normal');
          checked++;
        }
      }
    }
    // every question named was found: a renamed id cannot make this pass by checking nothing
    expect(checked).toBe(skipped.size + 1);
  });
});
