/**
 * The condition and amount language used in knowledge files.
 * Parsed once at load into this tree; never evaluated with eval.
 */
export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'ref'; name: string }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'not'; arg: Expr }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'cmp'; op: CmpOp; left: Expr; right: Expr }
  | { kind: 'arith'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'call'; fn: FnName; args: Expr[] };

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'has';

export const FUNCTIONS = ['max', 'min', 'round', 'answered'] as const;
export type FnName = (typeof FUNCTIONS)[number];

/** Question names an expression reads. Run on a checked tree, where option names are already strings. */
export function refs(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'ref':
      out.add(e.name);
      break;
    case 'list':
      e.items.forEach((i) => {
        refs(i, out);
      });
      break;
    case 'not':
      refs(e.arg, out);
      break;
    case 'logic':
    case 'arith':
      refs(e.left, out);
      refs(e.right, out);
      break;
    case 'cmp':
      refs(e.left, out);
      refs(e.right, out);
      break;
    case 'call':
      e.args.forEach((a) => {
        refs(a, out);
      });
      break;
    default:
      break;
  }
  return out;
}
