import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { answerFaq } from '../../src/engine/index.js';

const k = loadKnowledge();

describe('answerFaq keeps to the entries in force on the given day', () => {
  // 渐进式延迟退休 starts 2025-01-01; the old ages hold until 2024-12-31 (knowledge/bundles/public-retirement.yaml)
  it('gives the 2025 retirement ages from 2025 on, and only those', () => {
    expect(
      answerFaq(k, 'public-retirement', 'other', {}, { today: '2026-11-28' })
        .map((f) => f.id)
        .filter((id) => id.startsWith('retire-age')),
    ).toEqual(['retire-age-2025']);
    expect(
      answerFaq(k, 'public-retirement', 'other', {}, { today: '2025-01-01' })
        .map((f) => f.id)
        .filter((id) => id.startsWith('retire-age')),
    ).toEqual(['retire-age-2025']);
  });

  it('gives the old ages before 2025, and not the rule that is not yet in force', () => {
    expect(
      answerFaq(k, 'public-retirement', 'other', {}, { today: '2024-12-31' })
        .map((f) => f.id)
        .filter((id) => id.startsWith('retire-age')),
    ).toEqual(['retire-age-before-2025']);
    expect(
      answerFaq(k, 'public-retirement', 'other', {}, { today: '2023-06-01' })
        .map((f) => f.id)
        .filter((id) => id.startsWith('retire-age')),
    ).toEqual(['retire-age-before-2025']);
  });

  it('gives nothing on a day before any of its entries took effect', () => {
    expect(answerFaq(k, 'public-retirement', 'presence', {}, { today: '2020-01-01' })).toEqual([]);
  });

  it('uses the real date when no day is given, so an expired entry never shows', () => {
    expect(answerFaq(k, 'public-retirement', 'other', {}).map((f) => f.id)).not.toContain('retire-age-before-2025');
  });
});
