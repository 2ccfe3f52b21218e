import type { Expr } from './ast.js';
import { parseExpr, ExprSyntaxError } from './parse.js';

/** What the checker needs to know of each question. */
export interface Symbol {
  type: 'bool' | 'num' | 'choice' | 'multi' | 'str';
  options?: readonly string[];
}
export type Symbols = ReadonlyMap<string, Symbol>;
export type ValueType = 'bool' | 'num' | 'choice' | 'multi' | 'str' | 'list';

export class ExprTypeError extends Error {}

interface Typed {
  expr: Expr;
  type: ValueType;
  question?: string;
}

/**
 * Resolves option names to strings and checks that every name is a known question or option,
 * so that a typo in a knowledge file is caught at load rather than silently false at run time.
 */
export function checkExpr(src: string, symbols: Symbols, want: 'bool' | 'num'): Expr {
  let tree: Expr;
  try {
    tree = parseExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) throw new ExprTypeError(`条件「${src}」写法有误：${e.message}`);
    throw e;
  }
  const t = typeOf(tree, symbols, src);
  if (t.type !== want) {
    throw new ExprTypeError(`「${src}」应当是${want === 'bool' ? '一个条件（是/否）' : '一个数值'}，但它的结果是${label(t.type)}`);
  }
  return t.expr;
}

function label(t: ValueType): string {
  return { bool: '是/否', num: '数值', choice: '单选项', multi: '多选项', str: '文字', list: '列表' }[t];
}

function typeOf(e: Expr, sy: Symbols, src: string): Typed {
  switch (e.kind) {
    case 'num':
      return { expr: e, type: 'num' };
    case 'str':
      return { expr: e, type: 'str' };
    case 'bool':
      return { expr: e, type: 'bool' };
    case 'ref': {
      const s = sy.get(e.name);
      if (!s) throw new ExprTypeError(`「${src}」提到的问题「${e.name}」不存在`);
      return { expr: e, type: s.type, question: e.name };
    }
    case 'list':
      return { expr: { kind: 'list', items: e.items.map((i) => typeOf(i, sy, src).expr) }, type: 'list' };
    case 'not': {
      const a = typeOf(e.arg, sy, src);
      need(a, 'bool', 'not', src);
      return { expr: { kind: 'not', arg: a.expr }, type: 'bool' };
    }
    case 'logic': {
      const l = typeOf(e.left, sy, src);
      const r = typeOf(e.right, sy, src);
      need(l, 'bool', e.op, src);
      need(r, 'bool', e.op, src);
      return { expr: { ...e, left: l.expr, right: r.expr }, type: 'bool' };
    }
    case 'arith': {
      const l = typeOf(e.left, sy, src);
      const r = typeOf(e.right, sy, src);
      need(l, 'num', e.op, src);
      need(r, 'num', e.op, src);
      return { expr: { ...e, left: l.expr, right: r.expr }, type: 'num' };
    }
    case 'call': {
      if (e.fn === 'answered') {
        const a = e.args[0];
        if (e.args.length !== 1 || a?.kind !== 'ref' || !sy.has(a.name)) {
          throw new ExprTypeError(`「${src}」中 answered() 需要一个已有问题的名称`);
        }
        return { expr: e, type: 'bool' };
      }
      const args = e.args.map((a) => typeOf(a, sy, src));
      if (args.length === 0) throw new ExprTypeError(`「${src}」中 ${e.fn}() 缺少参数`);
      args.forEach((a) => {
        need(a, 'num', `${e.fn}()`, src);
      });
      return { expr: { ...e, args: args.map((a) => a.expr) }, type: 'num' };
    }
    case 'cmp': {
      const l = typeOf(e.left, sy, src);
      if (l.type === 'choice' || l.type === 'multi') {
        const opts = sy.get(l.question!)?.options ?? [];
        const asOption = (x: Expr): Expr => {
          const name = x.kind === 'ref' ? x.name : x.kind === 'str' ? x.value : null;
          if (name === null) throw new ExprTypeError(`「${src}」中「${l.question}」只能与选项名比较`);
          if (!opts.includes(name)) {
            throw new ExprTypeError(`「${src}」中问题「${l.question}」没有选项「${name}」（已有：${opts.join('、')}）`);
          }
          return { kind: 'str', value: name };
        };
        if (l.type === 'choice') {
          if (e.op === '==' || e.op === '!=') return { expr: { ...e, left: l.expr, right: asOption(e.right) }, type: 'bool' };
          if (e.op === 'in') {
            if (e.right.kind !== 'list') throw new ExprTypeError(`「${src}」中 in 后面应当是 [选项, ...]`);
            return { expr: { ...e, left: l.expr, right: { kind: 'list', items: e.right.items.map(asOption) } }, type: 'bool' };
          }
        } else if (e.op === 'has') {
          return { expr: { ...e, left: l.expr, right: asOption(e.right) }, type: 'bool' };
        }
        throw new ExprTypeError(`「${src}」中对${l.type === 'choice' ? '单选' : '多选'}问题「${l.question}」不能用「${e.op}」（单选用 == != in，多选用 has）`);
      }
      const r = typeOf(e.right, sy, src);
      if (e.op === 'in' || e.op === 'has') throw new ExprTypeError(`「${src}」中「${e.op}」只用于选择题`);
      if (e.op === '==' || e.op === '!=') {
        if (l.type !== r.type) throw new ExprTypeError(`「${src}」比较了${label(l.type)}和${label(r.type)}`);
      } else {
        need(l, 'num', e.op, src);
        need(r, 'num', e.op, src);
      }
      return { expr: { ...e, left: l.expr, right: r.expr }, type: 'bool' };
    }
  }
}

function need(t: Typed, type: ValueType, op: string, src: string): void {
  if (t.type !== type) {
    throw new ExprTypeError(`「${src}」中「${op}」需要${label(type)}，这里给的是${label(t.type)}`);
  }
}
