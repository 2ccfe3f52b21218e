import { describe, expect, it } from 'vitest';
import { checkExpr, evaluate, parseExpr, truth, ExprSyntaxError, ExprTypeError, type Symbols } from '../../src/knowledge/expr/index.js';

const sy: Symbols = new Map([
  ['married', { type: 'bool' }],
  ['area', { type: 'num' }],
  ['price', { type: 'num' }],
  ['kind', { type: 'choice', options: ['house', 'shop'] }],
  ['utils', { type: 'multi', options: ['water', 'gas'] }],
]);

describe('condition language', () => {
  it('parses precedence: not > and > or, arithmetic before comparison', () => {
    const e = checkExpr('not married and area > 100 or price * 0.01 >= 5', sy, 'bool');
    expect(truth(e, { married: false, area: 120, price: 0 })).toBe(true);
    expect(truth(e, { married: true, area: 120, price: 600 })).toBe(true);
    expect(truth(e, { married: true, area: 120, price: 400 })).toBe(false);
  });

  it('is three-valued: unknown stays unknown unless the other side decides', () => {
    const e = checkExpr('married and area > 100', sy, 'bool');
    expect(truth(e, {})).toBeUndefined();
    expect(truth(e, { married: false })).toBe(false);
    expect(truth(checkExpr('married or area > 100', sy, 'bool'), { area: 200 })).toBe(true);
  });

  it('resolves option names against the question and supports in / has', () => {
    expect(truth(checkExpr('kind in [house, shop]', sy, 'bool'), { kind: 'shop' })).toBe(true);
    expect(truth(checkExpr('utils has gas', sy, 'bool'), { utils: ['water'] })).toBe(false);
    expect(truth(checkExpr("kind == 'house'", sy, 'bool'), { kind: 'house' })).toBe(true);
  });

  it('computes amounts with functions and refuses division by zero', () => {
    const e = checkExpr('round(max(price - 100, 0) * 0.2)', sy, 'num');
    expect(evaluate(e, { price: 150.123 })).toBe(10.02);
    expect(evaluate(checkExpr('price / area', sy, 'num'), { price: 1, area: 0 })).toBeUndefined();
  });

  it('rejects unknown names, wrong options, wrong operators and wrong result types in Chinese', () => {
    expect(() => checkExpr('marrid', sy, 'bool')).toThrow(/问题「marrid」不存在/);
    expect(() => checkExpr('kind == flat', sy, 'bool')).toThrow(/没有选项「flat」/);
    expect(() => checkExpr('utils == water', sy, 'bool')).toThrow(/多选用 has/);
    expect(() => checkExpr('area + 1', sy, 'bool')).toThrow(ExprTypeError);
    expect(() => checkExpr('married and', sy, 'bool')).toThrow(/表达式不完整/);
    expect(() => parseExpr('area > 1 ; drop')).toThrow(ExprSyntaxError);
    expect(() => parseExpr('process.exit(1)')).toThrow(ExprSyntaxError);
    expect(() => checkExpr('eval(1)', sy, 'num')).toThrow(/没有名为「eval」的函数/);
  });
});
