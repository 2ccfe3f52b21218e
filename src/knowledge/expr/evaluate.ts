import type { Expr } from './ast.js';

export type AnswerValue = string | number | boolean | string[];
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;
type V = AnswerValue | string[] | undefined;

/**
 * Three-valued evaluation: an unanswered question makes a result unknown (undefined) rather than false,
 * so the engine can tell "does not apply" from "not decided yet".
 */
export function evaluate(e: Expr, answers: Answers): V {
  switch (e.kind) {
    case 'num':
    case 'str':
    case 'bool':
      return e.value;
    case 'ref':
      return answers[e.name];
    case 'list':
      return e.items.map((i) => String(evaluate(i, answers)));
    case 'not': {
      const a = evaluate(e.arg, answers);
      return a === undefined ? undefined : !a;
    }
    case 'logic': {
      const l = evaluate(e.left, answers);
      if (e.op === 'and' && l === false) return false;
      if (e.op === 'or' && l === true) return true;
      const r = evaluate(e.right, answers);
      if (e.op === 'and') return r === false ? false : l === undefined || r === undefined ? undefined : true;
      return r === true ? true : l === undefined || r === undefined ? undefined : false;
    }
    case 'arith': {
      const l = evaluate(e.left, answers);
      const r = evaluate(e.right, answers);
      if (typeof l !== 'number' || typeof r !== 'number') return undefined;
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return r === 0 ? undefined : l / r;
      }
      return undefined;
    }
    case 'call': {
      if (e.fn === 'answered') {
        const a = e.args[0];
        return a?.kind === 'ref' ? answers[a.name] !== undefined : false;
      }
      const args = e.args.map((a) => evaluate(a, answers));
      if (args.some((a) => typeof a !== 'number')) return undefined;
      const n = args as number[];
      if (e.fn === 'max') return Math.max(...n);
      if (e.fn === 'min') return Math.min(...n);
      return Math.round(n[0]! * 100) / 100;
    }
    case 'cmp': {
      const l = evaluate(e.left, answers);
      const r = evaluate(e.right, answers);
      if (l === undefined || r === undefined) return undefined;
      switch (e.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case 'in':
          return Array.isArray(r) && r.includes(String(l));
        case 'has':
          return Array.isArray(l) && l.includes(String(r));
        default:
          if (typeof l !== 'number' || typeof r !== 'number') return undefined;
          return e.op === '<' ? l < r : e.op === '<=' ? l <= r : e.op === '>' ? l > r : l >= r;
      }
    }
  }
}

export function truth(e: Expr | undefined, answers: Answers): boolean | undefined {
  if (!e) return true;
  const v = evaluate(e, answers);
  return v === undefined ? undefined : v === true;
}

export function amount(e: Expr, answers: Answers): number | undefined {
  const v = evaluate(e, answers);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
