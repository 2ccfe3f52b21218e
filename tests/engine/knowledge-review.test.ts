import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BANK_BRINGS, renderChecklist } from '../../src/bot/render/checklist.js';
import { buildChecklist, nextQuestion, randomAnswer, rng, UNCONFIRMED, verifyCount } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { Chat } from '../bot/chat-helper.js';

const k = loadKnowledge();
const TODAY = '2026-11-28';
const list = (b: BundleId, a: Record<string, AnswerValue>) => buildChecklist(k, b, a, { today: TODAY });

describe('the knowledge review (issue 15)', () => {
  it('「西安限购吗」 is answered from dated, sourced knowledge, marked to confirm', async () => {
    for (const b of ['second-hand-house', 'new-home-certificate'] as const) {
      const f = k.bundles.get(b)!.faq.find((x) => x.question.includes('限购'))!;
      expect(f, b).toBeDefined();
      expect(f.source.length).toBeGreaterThan(4);
      expect(f.effective.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(f.verify).toBe(true);
    }
    const c = new Chat();
    await c.join();
    await c.say('我要卖房');
    const t = await c.say('西安现在还限购吗');
    expect(t.all).toContain(k.bundles.get('second-hand-house')!.faq.find((x) => x.question.includes('限购'))!.answer);
    // the domain files do not settle the document number or the first day: the citizen is told so
    expect(t.all).toMatch(/文号和开始执行的日期本助手还没有核实/);
    const n = new Chat();
    await n.join();
    await n.say('我买了新房要办证');
    expect((await n.say('现在西安买房还要审核购房资格吗')).all).toMatch(/还没有核实/);
  });

  it('window values the district has not confirmed are shown with 「以窗口公布为准」, the others plainly', () => {
    for (const id of k.bundles.keys()) {
      const c = list(id, {});
      const d = k.departments.get(k.bundles.get(id)!.window)!;
      const unconfirmed = (key: 'address' | 'hours' | 'phone') => d.verify === true && !d.window!.confirmed.includes(key);
      expect(c.window.address.endsWith(`（${UNCONFIRMED}）`), `${id} address`).toBe(unconfirmed('address'));
      expect(c.window.hours.endsWith(`（${UNCONFIRMED}）`), `${id} hours`).toBe(unconfirmed('hours'));
      if (c.window.phone) expect(c.window.phone.includes(UNCONFIRMED), `${id} phone`).toBe(unconfirmed('phone'));
      expect(renderChecklist(c).join('\n')).toContain(`地址：${c.window.address}`);
    }
    // the mark is the engine's, once: no window value carries its own 「以…为准」
    for (const d of k.departments.values()) expect(d.window?.address ?? '', d.id).not.toMatch(/为准/);
    // the hotline is a known number, not a window value to confirm
    expect(list('birth', {}).window.phone).toBe('12345');
  });

  it('a company registered at a home: the 住所申报承诺书, and the consent of the neighbours said', () => {
    const base = { entity_type: 'llc' };
    const home = list('business-startup', { ...base, premises: 'home_owned' });
    expect(home.bring.map((m) => m.key)).toEqual(expect.arrayContaining(['address-commitment', 'property-certificate@产权人']));
    expect(home.notes.join('\n')).toContain('第二百七十九条');
    const rented = list('business-startup', { ...base, premises: 'home_leased' });
    expect(rented.bring.map((m) => m.key)).toEqual(expect.arrayContaining(['address-commitment', 'lease-contract', 'property-certificate@出租方']));
    const shop = list('business-startup', { ...base, premises: 'owned' });
    expect(shop.bring.map((m) => m.key)).not.toContain('address-commitment');
    expect(shop.notes.join('\n')).not.toContain('第二百七十九条');
  });

  it("the bank's own papers are listed apart, under 「银行经办人带来，您不用准备」, and not counted as the citizen's", () => {
    const c = list('second-hand-house', { transfer_kind: 'sale', seller_mortgage: 'payoff', buyer_loan: true });
    const bank = c.byBank.map((m) => m.key);
    expect(bank).toEqual(expect.arrayContaining(['mortgagee-papers@抵押权人', 'mortgage-registration-proof@抵押权人', 'loan-mortgage-contract@抵押权人']));
    expect(c.bring.map((m) => m.key).filter((key) => bank.includes(key))).toEqual([]);
    const text = renderChecklist(c).join('\n');
    expect(text).toContain(`${BANK_BRINGS}（${c.byBank.length}项）`);
    expect(text).toContain(`需带${c.bring.length}项材料`);
    const bankAt = text.indexOf(BANK_BRINGS);
    for (const m of c.byBank) expect(text.indexOf(`· ${m.name}`, bankAt)).toBeGreaterThan(bankAt);
    // no bank, nothing apart
    expect(list('second-hand-house', { transfer_kind: 'sale', seller_mortgage: 'none', buyer_loan: false }).byBank).toEqual([]);
  });

  it('「N个事项共用」 counts the items of this case only', () => {
    const r = rng(11);
    for (const id of k.bundles.keys()) {
      // a case half answered: some items apply, some still open
      for (let walk = 0; walk < 6; walk++) {
        const a: Record<string, AnswerValue> = {};
        for (let q = nextQuestion(k, id, a), n = 0; q && n < 3 + walk; q = nextQuestion(k, id, a), n++) {
          a[q.id] = ['number', 'money', 'area'].includes(q.type) ? (q.min ?? 0) + 20 : randomAnswer(q, r, []);
        }
        const c = list(id, a);
        const here = new Set(c.items.map((i) => i.id));
        for (const m of [...c.bring, ...c.shared, ...c.byBank]) {
          expect(
            m.items.every((i) => here.has(i.id)),
            `${id} ${m.key}: ${m.items.map((i) => i.id).join(',')} of ${[...here].join(',')}`,
          ).toBe(true);
        }
        for (const line of renderChecklist(c)
          .join('\n')
          .matchAll(/（(\d+)个事项共用/g))
          expect(Number(line[1])).toBeLessThanOrEqual(c.items.length);
      }
    }
  });

  it('road-excavation fees are marked as estimates, each with what it rests on', () => {
    const c = list('road-excavation', { work_type: 'dig', road_parts: ['motor'], greenery: ['trees'], area: 20, days: 10, dig_area: 8, tree_count: 2 });
    const priced = c.charges.lines.filter((l) => l.amount !== null && l.amount > 0);
    expect(priced.length).toBeGreaterThan(1);
    const text = renderChecklist(c).join('\n');
    for (const l of priced) {
      expect(l.display, l.id).toMatch(/^约.*（估算）$/);
      expect(text).toContain(`说明：${l.note}`);
    }
    // to the yuan: 20㎡ × 10天 × 3元 = 600元, 8㎡ × 600元 = 4800元, 2棵 × 800元 = 1600元
    expect(priced.map((l) => l.amount)).toEqual(expect.arrayContaining([600, 4800, 1600]));
  });

  it('the report counts the rules still to confirm: one more verify, one more in the count', () => {
    const fixture = join(import.meta.dirname, '../fixtures/mini');
    const dir = mkdtempSync(join(tmpdir(), 'yjs-verify-'));
    cpSync(fixture, dir, { recursive: true });
    const count = () => {
      const kk = loadKnowledge(dir, { requireAllBundles: false });
      return verifyCount(kk, [...kk.bundles.keys()][0]!);
    };
    const before = count();
    const file = join(dir, 'knowledge/charges/c.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(\n {2}- \{ id: [^,]+,)/, '$1 verify: true,'));
    expect(count()).toBe(before + 1);
    expect(verifyCount(k, 'second-hand-house')).toBeGreaterThan(0);
  });

  it("a restaurant's utility connection on a lease is not told what a company registration asks of the lease", () => {
    const shop = list('utility-connection', {
      services: ['water', 'power'],
      customer_type: 'enterprise',
      request_kind: 'new',
      building: 'existing',
      premises: 'lease',
      power_kw: 60,
      external_dig: false,
    });
    const lease = shop.bring.find((m) => m.material === 'lease-contract')!;
    expect(lease.note).toBeDefined();
    expect(lease.note).not.toMatch(/拟设企业|登记之日/);
    const startup = list('business-startup', {
      entity_type: 'llc',
      investor_kinds: ['natural'],
      premises: 'leased',
      needs_seals: false,
      needs_invoices: false,
      hires_staff: false,
      needs_bank: false,
      licensed_scope: [],
      has_agent: false,
    });
    expect(startup.bring.find((m) => m.material === 'lease-contract')!.note).toContain('拟设企业名称或投资人');
  });

  it('城乡居民养老: no 抚恤金 promised anywhere in the checklist, the balance and the local funeral grant said instead; 企业职工 keeps it', () => {
    const base = {
      death_place: 'hospital',
      deceased_hukou: 'district',
      work_status: 'retired',
      housing_fund: 'none',
      medical_balance: 'none',
      applicant: 'child',
      has_agent: false,
      heir_proof: 'commit',
      cancellations: [],
    };
    const resident = list('end-of-life', { ...base, pension_type: 'resident' });
    const said = renderChecklist(resident).join('\n');
    expect(resident.items.map((i) => i.id)).toContain('resident-pension-death-benefits');
    expect(said).not.toContain('抚恤金中抵扣');
    for (const line of [...resident.items.map((i) => i.name), ...resident.outputs, ...resident.bring.flatMap((m) => m.reasons)])
      expect(line).not.toContain('抚恤金');
    expect(said).toContain('城乡居民养老保险没有抚恤金');
    const enterprise = list('end-of-life', { ...base, pension_type: 'enterprise' });
    expect(enterprise.outputs.join('、')).toContain('丧葬补助金和抚恤金');
  });
});
