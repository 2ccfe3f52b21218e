import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist } from '../../src/engine/index.js';
import { chineseNumber, readAloud, SCRIPT_HEAD_LINES, SMS_MAX, smsText } from '../../src/server/console/script.js';
import { compiledBundle } from '../../src/engine/index.js';

/** how a count is said before a measure word */
const count = (n: number) => (n === 2 ? '两' : chineseNumber(n));
const k = loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });
const today = '2026-11-28';

describe('read-aloud script (话术)', () => {
  it('says numbers as words', () => {
    expect([1, 2, 10, 11, 20, 23, 99, 0.5].map(chineseNumber)).toEqual(['一', '二', '十', '十一', '二十', '二十三', '九十九', '0.5']);
  });

  it('first what to bring, where, when and how much on one screen; then each material as 第一，第二…', () => {
    const c = buildChecklist(k, 'road-excavation', { married: true, has_loan: false, area: 90, price: 1_000_000 }, { today });
    const { head, more } = readAloud(c);
    expect(head.length).toBeLessThanOrEqual(SCRIPT_HEAD_LINES);
    expect(head[0]).toBe(`您办的是「${c.bundle.name}」，${count(c.items.length)}个事项合在一起，一次办好。`);
    expect(head[1]).toContain(`您需要带${count(c.bring.length)}样材料：`);
    expect(head).toContain(`办理地点是${c.window.name}，地址：${c.window.address}。`);
    expect(head.some((l) => l.includes('办结') || l.includes('当场'))).toBe(true);
    expect(head.some((l) => l.startsWith('费用方面') || l === '这件事不收费。')).toBe(true);
    expect(more[0]).toBe(`您需要带以下材料，一共${count(c.bring.length)}样：`);
    c.bring.forEach((m, i) => {
      expect(more[1 + i]).toMatch(new RegExp(`^第${chineseNumber(i + 1)}，${m.name.replace(/[()（）]/g, '.')}，`));
    });
    // spoken sentences stay short enough to read in one breath
    for (const line of [...head, ...more]) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('while questions are open it says the list may still change, before the fold', () => {
    const { head } = readAloud(buildChecklist(k, 'road-excavation', {}, { today }));
    expect(head).toContain('有几个情况还没确认，确认后材料可能还会有变化。');
  });

  it('the SMS names the materials, the place and a 续办 code for the rest', () => {
    const c = buildChecklist(k, 'road-excavation', { married: false, has_loan: false, area: 90, price: 1_000_000 }, { today });
    const t = smsText(c, '123 456 7890');
    expect(t.startsWith(`【一件事一次办】${c.bundle.name}`)).toBe(true);
    expect(t).toContain(c.bring[0]!.name);
    expect(t).toContain('续办 123 456 7890');
    expect([...t].length).toBeLessThanOrEqual(SMS_MAX);
  });
});

describe('script and SMS on the shipped knowledge, every bundle with no answers and with every first option', () => {
  it('the head fits a screen (≤ 8 lines) and the SMS two messages (≤ 134 characters)', async () => {
    const full = await loadKnowledge();
    for (const id of full.compiled.keys()) {
      const cb = compiledBundle(full, id);
      const first = Object.fromEntries(cb.questions.flatMap((q) => (q.options?.[0] ? [[q.id, q.type === 'multi' ? [q.options[0].id] : q.options[0].id]] : [])));
      for (const answers of [{}, first]) {
        const c = buildChecklist(full, id, answers, { today });
        const { head } = readAloud(c);
        expect(head.length, `${id}: ${head.join(' / ')}`).toBeLessThanOrEqual(SCRIPT_HEAD_LINES);
        const sms = smsText(c, '123 456 7890');
        expect([...sms].length, `${id}: ${sms}`).toBeLessThanOrEqual(SMS_MAX);
        expect(sms).toContain('续办 123 456 7890');
        expect(sms).toContain(c.window.name.slice(0, 4));
      }
    }
  });
});

describe('read-aloud fees on the shipped knowledge', () => {
  it('says the charges that have no figure as well as the ones that do', async () => {
    const full = await loadKnowledge();
    // a company connecting 200 kW pays for its own receiving works, at its contractors' price
    const c = buildChecklist(
      full,
      'utility-connection',
      { services: ['power'], customer_type: 'enterprise', request_kind: 'new', building: 'existing', premises: 'own', power_kw: 200, external_dig: false },
      { today },
    );
    const open = c.charges.lines.filter((l) => l.amount === null);
    expect(open.length).toBeGreaterThan(0);
    const { head, more } = readAloud(c);
    const s = [...head, ...more];
    for (const l of open)
      expect(
        s.some((x) => x.endsWith(`${l.name}：${l.display}。`)),
        `${l.name} not said: ${s.join(' / ')}`,
      ).toBe(true);
    expect(s.join('\n')).not.toContain('这件事不收费');
    for (const line of s) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
