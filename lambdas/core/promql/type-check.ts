import type { Expr, ValueType } from './ast';
import { FUNCTION_SIGNATURES } from './function-signatures';
import { PromqlParseError } from './promql-error';

const TYPE_NAMES: Record<ValueType, string> = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' };
const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

/** The value type an expression evaluates to. */
export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number': return 'scalar';
    case 'string': return 'string';
    case 'vector': return 'vector';
    case 'matrix':
    case 'subquery': return 'matrix';
    case 'paren':
    case 'unary': return typeOf(e.expr);
    case 'binary': return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'aggregate': return 'vector';
    case 'call': return FUNCTION_SIGNATURES.get(e.func)?.returns ?? 'vector';
  }
}

function fail(e: Expr, message: string): never {
  throw new PromqlParseError(message, e.span.start);
}

function expect(e: Expr, want: ValueType, context: string): void {
  const got = typeOf(e);
  if (got !== want) fail(e, `expected type ${TYPE_NAMES[want]} in ${context}, got ${TYPE_NAMES[got]}`);
}

/** Checks operand and argument types throughout the tree, as Prometheus' parser does; throws PromqlParseError. */
export function checkTypes(e: Expr): void {
  switch (e.kind) {
    case 'number':
    case 'string':
    case 'vector':
    case 'matrix':
      return;
    case 'paren':
      return checkTypes(e.expr);
    case 'subquery':
      checkTypes(e.expr);
      return expect(e.expr, 'vector', 'subquery');
    case 'unary': {
      checkTypes(e.expr);
      const t = typeOf(e.expr);
      if (t !== 'scalar' && t !== 'vector') fail(e, `unary expression only allowed on expressions of type scalar or instant vector, got ${TYPE_NAMES[t]}`);
      return;
    }
    case 'aggregate':
      checkTypes(e.expr);
      expect(e.expr, 'vector', 'aggregation expression');
      if (e.param) {
        checkTypes(e.param);
        expect(e.param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
      }
      return;
    case 'call':
      return checkCall(e);
    case 'binary':
      return checkBinary(e);
  }
}

function checkCall(e: Extract<Expr, { kind: 'call' }>): void {
  const sig = FUNCTION_SIGNATURES.get(e.func);
  if (!sig) fail(e, `unknown function with name "${e.func}"`);
  const n = e.args.length;
  const min = sig.args.length - sig.optional;
  if (n < min || (sig.variadic !== -1 && n > sig.args.length)) {
    fail(e, `expected ${sig.optional ? 'at least ' + min : sig.args.length} argument(s) in call to "${e.func}", got ${n}`);
  }
  e.args.forEach((a, i) => {
    checkTypes(a);
    expect(a, sig.args[Math.min(i, sig.args.length - 1)], `call to function "${e.func}"`);
  });
}

function checkBinary(e: Extract<Expr, { kind: 'binary' }>): void {
  checkTypes(e.lhs);
  checkTypes(e.rhs);
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  if ((lt !== 'scalar' && lt !== 'vector') || (rt !== 'scalar' && rt !== 'vector')) {
    fail(e, 'binary expression must contain only scalar and instant vector types');
  }
  if (e.returnBool && !COMPARISON.has(e.op)) fail(e, 'bool modifier can only be used on comparison operators');
  if (COMPARISON.has(e.op) && lt === 'scalar' && rt === 'scalar' && !e.returnBool) fail(e, 'comparisons between scalars must use BOOL modifier');
  if (SET_OPS.has(e.op) && (lt === 'scalar' || rt === 'scalar')) fail(e, `set operator "${e.op}" not allowed in binary scalar expression`);
  const explicit = e.matching && !(SET_OPS.has(e.op) && e.matching.labels.length === 0 && !e.matching.on);
  if ((lt === 'scalar' || rt === 'scalar') && explicit && e.matching && (e.matching.on || e.matching.labels.length > 0 || e.matching.card !== 'one-to-one')) {
    fail(e, 'vector matching only allowed between instant vectors');
  }
}
