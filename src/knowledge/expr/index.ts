export type { Expr } from './ast.js';
export { refs } from './ast.js';
export { parseExpr, ExprSyntaxError } from './parse.js';
export { checkExpr, ExprTypeError, type Symbol, type Symbols } from './check.js';
export { evaluate, truth, amount, type AnswerValue, type Answers } from './evaluate.js';
