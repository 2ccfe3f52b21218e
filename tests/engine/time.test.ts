import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { buildChecklist, planTime } from '../../src/engine/index.js';
import type { Item } from '../../src/knowledge/schema/index.js';

/** an item with just what planTime reads */
function item(id: string, promisedDays: number, legalDays?: number, after: string[] = []): Item {
  return {
    id,
    name: id,
    department: 'd',
    promisedDays,
    legalDays,
    after,
    materials: [],
    fields: [],
    charges: [],
    outputs: [],
    source: 't',
    effective: { from: '2020-01-01', to: undefined },
    verify: false,
  };
}

describe('planTime', () => {
  it('keeps the legal days before an item that has none, instead of starting again after it', () => {
    // A (10 legal) → B (no legal limit) → C (20 legal): the chain is 30 legal days, not 20
    const t = planTime([item('a', 2, 10), item('b', 1, undefined, ['a']), item('c', 1, 20, ['b'])]);
    expect(t.promisedDays).toBe(4);
    expect(t.legalDays).toBe(30);
    expect(t.legalPath).toEqual(['a', 'b', 'c']);
    expect(t.withoutLegalDays).toEqual(['b']);
  });

  it('does not lose the legal days of the chain when its last item has none', () => {
    const t = planTime([item('a', 2, 10), item('b', 1, undefined, ['a'])]);
    expect(t.legalDays).toBe(10);
    expect(t.withoutLegalDays).toEqual(['b']);
    expect(t.legalText).toBe('法定时限10个工作日，另有1个事项未规定法定时限');
  });

  it('takes the longest of parallel items, promised and legal, not their sum', () => {
    const t = planTime([item('x', 3, 5), item('y', 4, 3), item('z', 1, 15)]);
    expect(t.promisedDays).toBe(4);
    expect(t.path).toEqual(['y']);
    expect(t.serialDays).toBe(8);
    expect(t.legalDays).toBe(15);
    expect(t.legalPath).toEqual(['z']);
    expect(t.withoutLegalDays).toEqual([]);
    expect(t.legalText).toBe('法定时限15个工作日');
  });

  it('says there is no legal limit when no item has one', () => {
    const t = planTime([item('x', 3), item('y', 4, undefined, ['x'])]);
    expect(t.legalDays).toBeNull();
    expect(t.legalPath).toEqual([]);
    expect(t.withoutLegalDays).toEqual(['x', 'y']);
    expect(t.legalText).toBeNull();
  });

  it('second-hand house, widowed seller: 继承登记 (30) then the transfer (30) through the contract and tax items that have no legal limit', () => {
    const k = loadKnowledge();
    const c = buildChecklist(
      k,
      'second-hand-house',
      {
        transfer_kind: 'sale',
        seller_type: 'person',
        buyer_type: 'person',
        house_usage: 'residential',
        house_type: 'commodity',
        seller_marital: 'widowed',
        spouse_share_settled: false,
        co_owners: false,
        minor_owner: false,
        seller_agent: false,
        buyer_agent: false,
        buyer_co_buyers: false,
        seller_mortgage: 'none',
        buyer_loan: false,
        held_years: 'from2to5',
        seller_only_home: false,
        buyer_homes: 'third',
        area: 90,
        price: 800_000,
        original_price_known: false,
        utilities: [],
      },
      { today: '2026-11-28' },
    );
    expect(c.time.promisedDays).toBe(6);
    expect(c.time.legalDays).toBe(60);
    expect(c.time.legalPath).toEqual(['inheritance-registration', 'resale-contract-filing', 'resale-tax-payment', 'resale-transfer-registration']);
    expect(c.time.withoutLegalDays).toEqual(['resale-contract-filing', 'resale-tax-payment']);
  });
});
