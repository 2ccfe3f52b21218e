import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildChecklist, documentTemplatesFor, documentText, fillDocuments, nextQuestion, randomAnswer, rng } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { documentDocx } from '../../src/server/documents/docx.js';
import { documentsHtml } from '../../src/server/documents/html.js';

const k = loadKnowledge();
const TODAY = '2026-12-06';

/** a complete case: the answers given, and random answers to every other question the interview asks */
function caseOf(bundle: BundleId, given: Record<string, AnswerValue>, seed: number): Record<string, AnswerValue> {
  const r = rng(seed);
  const a: Record<string, AnswerValue> = {};
  for (let q = nextQuestion(k, bundle, a); q; q = nextQuestion(k, bundle, a))
    a[q.id] = q.id in given ? given[q.id]! : randomAnswer(q, r, [60, 89, 120, 150, 1_200_000, 3]);
  return a;
}
const docIds = (bundle: BundleId, a: Record<string, AnswerValue>) => documentTemplatesFor(k, bundle, a, { today: TODAY }).map((d) => d.id);
const onList = (bundle: BundleId, a: Record<string, AnswerValue>, material: string, holder?: string) =>
  buildChecklist(k, bundle, a, { today: TODAY }).bring.some((m) => m.material === material && (holder === undefined || m.holder === holder));

async function docxText(buf: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buf)).file('word/document.xml')!.async('string');
  return xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
}

describe('the 单身承诺书, 放弃继承声明 and 住所申报承诺书 templates appear exactly when their material is on the list', () => {
  it('a single seller signs her own 婚姻状况承诺书, filled from the form; a married seller gets none', () => {
    const sale = { transfer_kind: 'sale', seller_type: 'person' };
    for (let seed = 1; seed <= 12; seed++) {
      const single = caseOf('second-hand-house', { ...sale, seller_marital: 'single' }, seed);
      expect(onList('second-hand-house', single, 'single-status-statement', '卖方'), `seed ${seed}`).toBe(true);
      expect(docIds('second-hand-house', single)).toContain('single-status-seller-doc');
      // the buyer's own statement follows the buyer's answer, not the seller's
      expect(docIds('second-hand-house', single).includes('single-status-buyer-doc')).toBe(
        onList('second-hand-house', single, 'single-status-statement', '买方'),
      );
      const married = caseOf('second-hand-house', { ...sale, seller_marital: 'married' }, seed);
      expect(docIds('second-hand-house', married)).not.toContain('single-status-seller-doc');
    }
    const a = caseOf('second-hand-house', { ...sale, seller_marital: 'single', buyer_type: 'person', buyer_marital: 'married' }, 3);
    const docs = fillDocuments(
      k,
      'second-hand-house',
      a,
      { seller_name: '刘晓燕', seller_id_number: '610112199001011234', house_address: '未央区凤城八路168号6号楼2单元1102室' },
      { today: TODAY },
    );
    const text = documentText(docs.find((d) => d.id === 'single-status-seller-doc')!);
    expect(text).toContain('承诺人 刘晓燕，公民身份号码 610112199001011234，出售位于 未央区凤城八路168号6号楼2单元1102室');
    // the certificate number was not typed: a blank to write by hand, never a guess
    expect(text).toContain('不动产权证号：________');
  });

  it('an heir who gives up a share signs a 放弃继承声明 only when the heirs go without a notarised certificate and there are several', () => {
    const inherit = { transfer_kind: 'inherit' };
    const several = caseOf('second-hand-house', { ...inherit, inherit_notarised: false, heirs_count: 3 }, 5);
    expect(docIds('second-hand-house', several)).toContain('inheritance-waiver-doc');
    expect(docIds('second-hand-house', caseOf('second-hand-house', { ...inherit, inherit_notarised: false, heirs_count: 1 }, 5))).not.toContain(
      'inheritance-waiver-doc',
    );
    expect(docIds('second-hand-house', caseOf('second-hand-house', { ...inherit, inherit_notarised: true }, 5))).not.toContain('inheritance-waiver-doc');
    const d = fillDocuments(k, 'second-hand-house', several, { deceased_name: '王德福', deceased_id_number: '610112194501011239' }, { today: TODAY }).find(
      (x) => x.id === 'inheritance-waiver-doc',
    )!;
    const text = documentText(d);
    expect(text).toContain('被继承人 王德福，公民身份号码 610112194501011239');
    // the heir who signs is not the applicant: name, number and relation are written by hand
    expect(text).toContain('声明人：________，公民身份号码 ________，与被继承人的关系：________');
    expect(
      d.paragraphs
        .flat()
        .filter((s) => 'blank' in s)
        .map((s) => ('blank' in s ? s.blank : '')),
    ).toContain('声明人姓名');
  });

  it('a company registered at a home address gets the 住所申报承诺书 saying so; a leased shop does not', async () => {
    const home = caseOf('business-startup', { entity_type: 'llc', premises: 'home_owned' }, 7);
    expect(onList('business-startup', home, 'address-commitment')).toBe(true);
    expect(docIds('business-startup', home)).toContain('address-commitment-doc');
    expect(docIds('business-startup', caseOf('business-startup', { entity_type: 'llc', premises: 'leased' }, 7))).not.toContain('address-commitment-doc');
    expect(docIds('business-startup', caseOf('business-startup', { entity_type: 'llc', premises: 'owned' }, 7))).not.toContain('address-commitment-doc');

    const docs = fillDocuments(
      k,
      'business-startup',
      home,
      { proposed_name: '西安未央小禾科技有限公司', business_address: '未央区文景路18号3单元502室', rep_name: '陈静' },
      { today: TODAY },
    );
    const d = docs.find((x) => x.id === 'address-commitment-doc')!;
    const text = documentText(d);
    // the house's situation is read back from the case's answer
    expect(text).toContain('房屋情况：自己家的住宅（在家办公）');
    expect(text).toContain('拟设立的市场主体：西安未央小禾科技有限公司');
    expect(text).toContain('承诺人（法定代表人、负责人或经营者）：陈静（签字）');
    expect(text).not.toMatch(/\{/);
    // the same document as the Word file and the printable page
    const word = await docxText(await documentDocx(d));
    expect(word).toContain('住所（经营场所）申报承诺书');
    expect(word).toContain('房屋情况：自己家的住宅（在家办公）');
    const html = documentsHtml('企业开办 填好的文书', docs, (id) => `${id}.docx`, 30);
    expect(html).toContain('<b>西安未央小禾科技有限公司</b>');
    expect(html).toContain('href="address-commitment-doc.docx"');
  });

  it('over random cases of every bundle, the documents offered are exactly the templates whose material (and holder) is on the list', () => {
    for (const bundle of k.bundles.keys()) {
      for (let seed = 1; seed <= 15; seed++) {
        const a = caseOf(bundle, {}, seed * 31);
        const expected = [...k.documents.values()].filter((d) => onList(bundle, a, d.material, d.holder)).map((d) => d.id);
        expect(docIds(bundle, a), `${bundle} seed ${seed}`).toEqual(expected);
        const filled = fillDocuments(k, bundle, a, {}, { today: TODAY }).map((d) => d.id);
        expect(filled).toEqual(['merged-application-form', ...expected]);
      }
    }
  });
});
