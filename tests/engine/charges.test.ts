import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist } from '../../src/engine/index.js';

const today = '2026-11-28';

describe('a charge priced by its provider (unpriced)', () => {
  const k = loadKnowledge();
  const factory = {
    services: ['power'],
    customer_type: 'enterprise',
    request_kind: 'new',
    building: 'existing',
    premises: 'own',
    power_kw: 400,
    external_dig: false,
  };

  it('is listed with how it is priced, not as a number, and is not an estimate', () => {
    const c = buildChecklist(k, 'utility-connection', factory, { today });
    expect(c.complete).toBe(true);
    const works = c.charges.lines.find((l) => l.id === 'uc-power-high-customer-works')!;
    expect(works).toMatchObject({
      name: '受电工程费用',
      amount: null,
      unpriced: '按您自选的设计、施工单位报价',
      display: '按您自选的设计、施工单位报价',
      estimate: false,
    });
    expect(c.charges).toMatchObject({ total: 0, excluded: ['uc-power-high-customer-works'], totalText: null, estimate: false });
  });

  it('low voltage "零投资" is a zero fee that reads as not charged', () => {
    const c = buildChecklist(k, 'utility-connection', { ...factory, power_kw: 100 }, { today });
    expect(c.charges.lines.map((l) => [l.id, l.amount, l.display])).toEqual([['uc-power-low-connection-free', 0, '不收费']]);
  });

  it('a total beside it says it leaves it out', () => {
    // the fixture's transfer item gets a provider-priced survey beside its 80 元 fee
    const dir = mkdtempSync(join(tmpdir(), 'yjs-charges-'));
    cpSync(join(import.meta.dirname, '../fixtures/mini'), dir, { recursive: true });
    const edit = (file: string, f: (s: string) => string) => writeFileSync(join(dir, file), f(readFileSync(join(dir, file), 'utf8')));
    edit(
      'knowledge/charges/c.yaml',
      (s) =>
        `${s}  - { id: survey, name: 测绘费, payer: 买方, unpriced: 按测绘单位公示价格, rule: 由测绘单位收取, estimate: false, source: fixture, effective: 2020-01-01 }\n`,
    );
    edit('knowledge/items/road-excavation.yaml', (s) => s.replace('charges: [reg-fee]', 'charges: [reg-fee, survey]'));
    const fk = loadKnowledge(dir, { requireAllBundles: false });
    const c = buildChecklist(fk, 'road-excavation', { married: false, has_loan: false, area: 90, price: 1_000_000 }, { today });
    expect(c.charges.lines.map((l) => [l.id, l.amount, l.display])).toEqual([
      ['deed-small', 10000, '约1万元（估算）'],
      ['reg-fee', 80, '80元'],
      ['survey', null, '按测绘单位公示价格'],
    ]);
    expect(c.charges.total).toBe(10080);
    expect(c.charges.excluded).toEqual(['survey']);
    expect(c.charges.totalText).toBe('合计约1.01万元；不含测绘费（按测绘单位公示价格）');
  });
});

describe('the fee total', () => {
  const k = loadKnowledge();

  it("says who pays what when several pay: the bank's mortgage fee is not the buyer's", () => {
    const c = buildChecklist(
      k,
      'second-hand-house',
      {
        transfer_kind: 'sale',
        seller_type: 'person',
        buyer_type: 'person',
        house_usage: 'residential',
        house_type: 'commodity',
        seller_marital: 'single',
        co_owners: false,
        minor_owner: false,
        seller_agent: false,
        buyer_agent: false,
        buyer_co_buyers: false,
        seller_mortgage: 'none',
        buyer_loan: true,
        held_years: 'ge5',
        seller_only_home: false,
        buyer_homes: 'third',
        area: 90,
        price: 1_000_000,
        original_price_known: false,
        utilities: [],
      },
      { today },
    );
    expect(c.complete).toBe(true);
    expect(c.charges.byPayer).toEqual([
      { payer: '买方', total: 30080, estimate: true },
      { payer: '卖方', total: 10000, estimate: true },
      { payer: '抵押权人（银行）', total: 80, estimate: false },
    ]);
    expect(c.charges.total).toBe(40160);
    expect(c.charges.totalText).toBe('合计约4.02万元，其中买方约3.01万元、卖方约1万元、抵押权人（银行）80元');
  });

  it('says what it leaves out while a figure is still missing', () => {
    const c = buildChecklist(k, 'road-excavation', { work_type: 'dig', road_parts: ['sidewalk'] }, { today });
    const pending = c.charges.lines.filter((l) => l.amount === null);
    expect(pending.length).toBeGreaterThan(0);
    for (const l of pending) expect(l.display).toBe('金额待定');
    expect(c.charges.excluded).toEqual(pending.map((l) => l.id));
  });
});
