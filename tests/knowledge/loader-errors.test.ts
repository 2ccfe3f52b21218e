import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblems, loadKnowledge, KnowledgeError, type Problem } from '../../src/knowledge/load.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/mini');

/** Copies the fixture, applies one edit to one file, and returns the problems the loader reports. */
function problemsAfter(file: string, edit: (s: string) => string): Problem[] {
  const dir = mkdtempSync(join(tmpdir(), 'yjs-kn-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const p = join(dir, file);
  writeFileSync(p, edit(readFileSync(p, 'utf8')));
  try {
    loadKnowledge(dir, { requireAllBundles: false });
  } catch (e) {
    if (e instanceof KnowledgeError) return e.problems;
    throw e;
  }
  return [];
}

describe('knowledge problems are reported with file, path and plain words', () => {
  it('an unknown question in a condition', () => {
    const ps = problemsAfter('knowledge/items/road-excavation.yaml', (s) => s.replace('when: married', 'when: maried'));
    expect(ps).toHaveLength(1);
    expect(ps[0]!.file).toBe('knowledge/items/road-excavation.yaml');
    expect(ps[0]!.path).toContain('「taxes」.materials[1].when');
    expect(ps[0]!.message).toContain('问题「maried」不存在');
  });

  it('an unknown option of a choice question', () => {
    const ps = problemsAfter('dialogs/road-excavation.yaml', (s) =>
      s.replace(
        '  - { id: area,',
        "  - { id: kind, type: single, topic: 类型, text: 类型？, why: x, options: [{ id: a, label: 甲 }, { id: b, label: 乙 }], source: fx, effective: 2020-01-01 }\n  - { id: extra, type: yesno, topic: x, text: x, why: x, askIf: 'kind == c', source: fx, effective: 2020-01-01 }\n  - { id: area,",
      ),
    );
    expect(ps.map((p) => p.message).join('\n')).toContain('问题「kind」没有选项「c」（已有：a、b）');
    expect(ps[0]!.path).toBe('questions[4].askIf');
  });

  it('a condition on a later question', () => {
    const ps = problemsAfter('dialogs/road-excavation.yaml', (s) => s.replace('askIf: has_loan', 'askIf: area > 10'));
    expect(ps[0]!.message).toContain('排在后面');
  });

  it('an unknown material, with the item named', () => {
    const ps = problemsAfter('knowledge/items/road-excavation.yaml', (s) => s.replace('material: deed, why: 证明产权', 'material: deeds, why: 证明产权'));
    expect(ps.map((p) => `${p.file} ${p.path} ${p.message}`)).toContain(
      'knowledge/items/road-excavation.yaml 「contract」.materials[1].material 材料「deeds」不在材料目录中（knowledge/materials/）',
    );
  });

  it('a schema mistake, a YAML syntax error and an unused material', () => {
    const schema = problemsAfter('knowledge/materials/m.yaml', (s) => s.replace('form: copy, copies: 1, shared', 'form: photocopy, copies: 1, shared'));
    expect(schema[0]).toMatchObject({ file: 'knowledge/materials/m.yaml', path: 'materials[2].form' });
    const yaml = problemsAfter('knowledge/fields/f.yaml', (s) => s.replace('fields:', 'fields: [oops'));
    expect(yaml[0]!.message).toContain('YAML 格式错误');
    expect(yaml[0]!.line).toBe(1);
    const unused = problemsAfter('knowledge/materials/m.yaml', (s) => `${s}  - { id: spare, name: 闲置材料, source: fx, effective: 2020-01-01 }\n`);
    expect(unused.map((p) => p.message)).toContain('材料「闲置材料」没有任何事项需要，请删除或在事项中引用');
  });

  it('a charge needs an amount or, priced by its provider, unpriced words, and not both', () => {
    const neither = problemsAfter('knowledge/charges/c.yaml', (s) => s.replace('amount: 80, ', ''));
    // the file fails as a whole, so the items naming its charges are reported too; the first problem is the cause
    expect(neither[0]).toMatchObject({ file: 'knowledge/charges/c.yaml', path: 'charges[3].amount' });
    expect(neither[0]!.message).toContain('unpriced');
    const both = problemsAfter('knowledge/charges/c.yaml', (s) => s.replace('amount: 80, ', 'amount: 80, unpriced: 按公示价格, '));
    expect(both[0]).toMatchObject({ file: 'knowledge/charges/c.yaml', path: 'charges[3].unpriced' });
    expect(problemsAfter('knowledge/charges/c.yaml', (s) => s.replace('amount: 80, ', 'unpriced: 按公示价格, '))).toEqual([]);
  });

  it('each problem names its line in the file, in plain words', () => {
    const file = 'knowledge/materials/m.yaml';
    const lines = readFileSync(join(FIXTURE, file), 'utf8').split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const ps = problemsAfter(file, (s) => s.replace('name: 结婚证, form: copy', 'name: 结婚证, form: photocopy, colour: red'));
    const form = ps.find((p) => p.path === 'materials[2].form')!;
    expect(form.line).toBe(lineOf('结婚证'));
    // what was written and what may be written, not zod's 「无效选项：期望以下之一…」
    expect(form.message).toContain('现在写的是文字「photocopy」');
    expect(form.message).toContain('original、copy');
    expect(form.message).not.toMatch(/期望|invalid/i);
    const unknown = ps.find((p) => p.path === 'materials[2].colour')!;
    expect(unknown.message).toBe('不认识「colour」：拼错了，或者放错了位置');
    expect(unknown.line).toBe(lineOf('结婚证'));
    // a cross-file problem inside an item is found by the item's id (「contract」.materials[1])
    const item = 'knowledge/items/road-excavation.yaml';
    const itemLines = readFileSync(join(FIXTURE, item), 'utf8').split('\n');
    const deeds = problemsAfter(item, (s) => s.replace('material: deed, why: 证明产权', 'material: deeds, why: 证明产权'));
    expect(deeds[0]!.line).toBe(itemLines.findIndex((l) => l.includes('material: deed, why: 证明产权')) + 1);
  });

  it('the same mistake repeated in a file is said once, with its lines', () => {
    const file = 'knowledge/materials/m.yaml';
    const ps = problemsAfter(file, (s) => s.replace(/, source: fixture/g, ''));
    const missing = ps.filter((p) => p.file === file);
    expect(missing.length).toBeGreaterThan(2);
    expect(missing.every((p) => p.message === '缺少「source」，这一项必须写')).toBe(true);
    const said = formatProblems(ps).filter((l) => l.includes(file));
    expect(said).toHaveLength(1);
    const entries = readFileSync(join(FIXTURE, file), 'utf8')
      .split('\n')
      .flatMap((l, i) => (l.includes('source: fixture') ? [i + 1] : []));
    expect(said[0]).toContain(`第 ${entries.join('、')} 行（共 ${entries.length} 处）：缺少「source」`);
  });

  it('the shipped fixture itself loads', () => {
    expect(problemsAfter('knowledge/fields/f.yaml', (s) => s)).toEqual([]);
  });
});
