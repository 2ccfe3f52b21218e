import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist } from '../../src/engine/index.js';
import { chineseNumber, readAloud, smsText } from '../../src/server/console/script.js';

const k = loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });
const today = '2026-11-28';

describe('read-aloud script (话术)', () => {
  it('says numbers as words', () => {
    expect([1, 2, 10, 11, 20, 23, 99].map(chineseNumber)).toEqual(['一', '二', '十', '十一', '二十', '二十三', '九十九']);
  });

  it('reads each material to bring as 第一，第二… in short sentences, in the checklist order', () => {
    const c = buildChecklist(k, 'road-excavation', { married: true, has_loan: false, area: 90, price: 1_000_000 }, { today });
    const s = readAloud(c);
    expect(s[0]).toBe(`您办的是「${c.bundle.name}」，${chineseNumber(c.items.length)}个事项合在一起，一次办好。`);
    expect(s[1]).toBe(`您需要带以下材料，一共${chineseNumber(c.bring.length)}样：`);
    c.bring.forEach((m, i) => expect(s[2 + i]).toMatch(new RegExp(`^第${chineseNumber(i + 1)}，${m.name.replace(/[()（）]/g, '.')}，`)));
    expect(s).toContain(`办理地点是${c.window.name}，地址：${c.window.address}。`);
    // spoken sentences stay short enough to read in one breath
    for (const line of s) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it('while questions are open it says the list may still change', () => {
    const open = readAloud(buildChecklist(k, 'road-excavation', {}, { today }));
    expect(open.at(-1)).toBe('有几个情况还没确认，确认后材料可能还会有变化。');
  });

  it('the SMS carries the bring list, place and hours', () => {
    const c = buildChecklist(k, 'road-excavation', { married: false, has_loan: false, area: 90, price: 1_000_000 }, { today });
    const t = smsText(c);
    expect(t.split('\n')[0]).toBe(`【一件事一次办】${c.bundle.name}`);
    for (const m of c.bring) expect(t).toContain(m.name);
    expect(t).toContain(c.window.address);
  });
});

describe('read-aloud fees on the shipped knowledge', () => {
  it('says the charges that have no figure as well as the ones that do', async () => {
    const full = await loadKnowledge();
    // a company connecting 200 kW pays for its own receiving works, at its contractors' price
    const c = buildChecklist(full, 'utility-connection', { services: ['power'], customer_type: 'enterprise', request_kind: 'new', building: 'existing', premises: 'own', power_kw: 200, external_dig: false }, { today });
    const open = c.charges.lines.filter((l) => l.amount === null);
    expect(open.length).toBeGreaterThan(0);
    const s = readAloud(c);
    for (const l of open) expect(s.some((x) => x.endsWith(`${l.name}：${l.display}。`)), `${l.name} not said: ${s.join(' / ')}`).toBe(true);
    expect(s.join('\n')).not.toContain('这件事不收费');
    for (const line of s) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
