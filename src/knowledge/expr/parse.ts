import { FUNCTIONS, type CmpOp, type Expr, type FnName } from './ast.js';

/**
 * Grammar (lowest precedence first):
 *   or    := and ('or' and)*
 *   and   := not ('and' not)*
 *   not   := 'not' not | cmp
 *   cmp   := sum (('=='|'!='|'<'|'<='|'>'|'>='|'in'|'has') sum)?
 *   sum   := prod (('+'|'-') prod)*
 *   prod  := unary (('*'|'/') unary)*
 *   unary := '-' unary | atom
 *   atom  := number | 'string' | true | false | name | name '(' args ')' | '[' items ']' | '(' or ')'
 * Names are ASCII identifiers (question ids and option ids); Chinese stays in labels, not in logic.
 */
export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly at: number,
  ) {
    super(`${message}（位置 ${at + 1}：「${source}」）`);
  }
}

type Tok =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; at: number };

const OPS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ','];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^\d+(\.\d+)?|^\.\d+/.exec(src.slice(i));
      if (!m) throw new ExprSyntaxError('数字写法不对', src, i);
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ExprSyntaxError('引号没有闭合', src, i);
      out.push({ t: 'str', v: src.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprSyntaxError(`不认识的符号「${c}」`, src, i);
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

export function parseExpr(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const isOp = (v: string) => {
    const t = peek();
    return t.t === 'op' && t.v === v;
  };
  const isWord = (v: string) => {
    const t = peek();
    return t.t === 'name' && t.v === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new ExprSyntaxError(`这里应当是「${v}」`, src, peek().at);
    p++;
  };

  const or = (): Expr => {
    let left = and();
    while (isWord('or')) {
      p++;
      left = { kind: 'logic', op: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Expr => {
    let left = not();
    while (isWord('and')) {
      p++;
      left = { kind: 'logic', op: 'and', left, right: not() };
    }
    return left;
  };
  const not = (): Expr => {
    if (isWord('not')) {
      p++;
      return { kind: 'not', arg: not() };
    }
    return cmp();
  };
  const cmp = (): Expr => {
    const left = sum();
    const t = peek();
    const op = t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v) ? t.v : t.t === 'name' && (t.v === 'in' || t.v === 'has') ? t.v : null;
    if (!op) return left;
    p++;
    return { kind: 'cmp', op: op as CmpOp, left, right: sum() };
  };
  const sum = (): Expr => {
    let left = prod();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p++] as { v: '+' | '-' }).v;
      left = { kind: 'arith', op, left, right: prod() };
    }
    return left;
  };
  const prod = (): Expr => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[p++] as { v: '*' | '/' }).v;
      left = { kind: 'arith', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): Expr => {
    if (isOp('-')) {
      p++;
      return { kind: 'arith', op: '-', left: { kind: 'num', value: 0 }, right: unary() };
    }
    return atom();
  };
  const atom = (): Expr => {
    const t = peek();
    if (t.t === 'num') {
      p++;
      return { kind: 'num', value: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { kind: 'str', value: t.v };
    }
    if (t.t === 'op' && t.v === '(') {
      p++;
      const e = or();
      expectOp(')');
      return e;
    }
    if (t.t === 'op' && t.v === '[') {
      p++;
      const items: Expr[] = [];
      if (!isOp(']')) {
        items.push(or());
        while (isOp(',')) {
          p++;
          items.push(or());
        }
      }
      expectOp(']');
      return { kind: 'list', items };
    }
    if (t.t === 'name') {
      if (['and', 'or', 'not', 'in', 'has'].includes(t.v)) {
        throw new ExprSyntaxError(`「${t.v}」前面缺少内容`, src, t.at);
      }
      p++;
      if (t.v === 'true' || t.v === 'false') return { kind: 'bool', value: t.v === 'true' };
      if (isOp('(')) {
        if (!(FUNCTIONS as readonly string[]).includes(t.v)) {
          throw new ExprSyntaxError(`没有名为「${t.v}」的函数，可用：${FUNCTIONS.join('、')}`, src, t.at);
        }
        p++;
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            p++;
            args.push(or());
          }
        }
        expectOp(')');
        return { kind: 'call', fn: t.v as FnName, args };
      }
      return { kind: 'ref', name: t.v };
    }
    throw new ExprSyntaxError(t.t === 'end' ? '表达式不完整' : '这里不应出现该符号', src, t.at);
  };

  const e = or();
  if (peek().t !== 'end') throw new ExprSyntaxError('表达式后面有多余内容', src, peek().at);
  return e;
}
