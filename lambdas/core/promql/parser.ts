import { parser as lezer } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import type { LabelMatcher, MatchOperator } from '../domain/series';
import type { AggregateOp, AtModifier, BinaryOp, Expr, Span, VectorMatching, VectorSelector } from './ast';
import { anchoredRegex } from './label-matcher';
import { parseDuration, parseNumber, unquoteString } from './literals';
import { PromqlParseError } from './promql-error';
import { checkTypes } from './type-check';
import { infoSelector } from './info-function';
import { hasError, patchForLezer } from './lezer-patches';

const BINARY_OPS: Record<string, BinaryOp> = {
  Add: '+', Sub: '-', Mul: '*', Div: '/', Mod: '%', Pow: '^', Atan2: 'atan2', TrimUpper: '</', TrimLower: '>/',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=', And: 'and', Or: 'or', Unless: 'unless',
};
const MATCH_OPS: Record<string, MatchOperator> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** Query context that duration expressions may refer to with `step()` and `range()`, in ms. */
export interface DurationContext {
  readonly step: number;
  readonly range: number;
}

/**
 * Parses a PromQL expression into the engine's AST, using Prometheus' own lezer grammar,
 * then checks operand types as Prometheus' parser does. Throws PromqlParseError with a position.
 */
export function parsePromql(query: string, context: DurationContext = { step: 0, range: 0 }): Expr {
  if (query.trim() === '') throw new PromqlParseError('no expression found in input', 0);
  const renamed = new Map<number, string>();
  let tree = lezer.parse(query);
  if (hasError(tree)) {
    const fixed = patchForLezer(query, renamed);
    if (fixed !== query && !hasError(lezer.parse(fixed))) {
      query = fixed;
      tree = lezer.parse(fixed);
    } else renamed.clear();
  }
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        const near = query.slice(n.from, Math.max(n.to, n.from + 10)).trim();
        throw new PromqlParseError(near ? `unexpected "${near}"` : 'unexpected end of input', n.from);
      }
    },
  });
  const top = tree.topNode.firstChild;
  if (!top) throw new PromqlParseError('no expression found in input', 0);
  const expr = new Converter(query, context, renamed).expr(top);
  checkTypes(expr);
  return expr;
}

class Converter {
  constructor(
    private readonly src: string,
    private readonly context: DurationContext,
    private readonly renamed: ReadonlyMap<number, string>,
  ) {}

  private text(n: SyntaxNode): string {
    return this.src.slice(n.from, n.to);
  }

  private fail(n: SyntaxNode, message: string): never {
    throw new PromqlParseError(message, n.from);
  }

  private children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  expr(n: SyntaxNode): Expr {
    const span: Span = { start: n.from, end: n.to };
    const kids = this.children(n);
    switch (n.name) {
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(kids[0]), span };
      case 'NumberDurationLiteral': {
        const value = parseNumber(this.text(n));
        if (value === undefined) this.fail(n, `bad number or duration syntax: "${this.text(n)}"`);
        return { kind: 'number', value, span };
      }
      case 'StringLiteral':
        return { kind: 'string', value: unquoteString(this.text(n)), span };
      case 'VectorSelector':
        return this.vectorSelector(kids);
      case 'MatrixSelector': {
        const inner = this.expr(kids[0]);
        if (inner.kind !== 'vector') this.fail(kids[0], 'ranges only allowed for vector selectors');
        if (inner.offset !== 0 || inner.at) this.fail(kids[0], 'no offset or @ modifiers allowed before range');
        const range = this.duration(kids[1]);
        if (range <= 0) this.fail(kids[1], `range must be greater than 0, got ${this.text(kids[1])}`);
        return { kind: 'matrix', selector: inner, range, span };
      }
      case 'SubqueryExpr': {
        const inner = this.expr(kids[0]);
        const range = this.duration(kids[1]);
        const step = kids[2] ? this.duration(kids[2]) : undefined;
        if (range <= 0) this.fail(kids[1], 'range must be greater than 0');
        if (step !== undefined && step <= 0) this.fail(kids[2], 'step must be greater than 0');
        return { kind: 'subquery', expr: inner, range, step, offset: 0, span };
      }
      case 'OffsetExpr':
        return this.withModifier(this.expr(kids[0]), kids[0], span, { offset: this.duration(kids[2]) });
      case 'StepInvariantExpr':
        return this.withModifier(this.expr(kids[0]), kids[0], span, { at: this.at(kids[2]) });
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const inner = this.expr(kids[0]);
        const ext = n.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
        if (inner.kind === 'matrix') {
          if (inner.extension) this.fail(n, 'anchored and smoothed modifiers cannot be used together');
          return { ...inner, extension: ext, span };
        }
        if (inner.kind === 'vector' && ext === 'smoothed') return { ...inner, smoothed: true, span };
        if (inner.kind === 'subquery') this.fail(n, `${ext} modifier is not supported for subqueries`);
        return this.fail(n, ext === 'anchored' ? 'anchored modifier can only be used on range selectors' : 'smoothed modifier can only be used on vector and range selectors');
      }
      case 'UnaryExpr': {
        const op = this.text(kids[0]) as '-' | '+';
        const inner = this.expr(kids[1]);
        if (inner.kind === 'number') return { kind: 'number', value: op === '-' ? -inner.value : inner.value, span };
        return { kind: 'unary', op, expr: inner, span };
      }
      case 'BinaryExpr':
        return this.binary(kids, span);
      case 'AggregateExpr':
        return this.aggregate(kids, span);
      case 'FunctionCall': {
        const name = this.renamed.get(n.from) ?? this.text(kids[0]);
        const body = kids.find((k) => k.name === 'FunctionCallBody');
        const argNodes = body ? this.children(body) : [];
        // info()'s label selector may consist only of matchers that accept empty values.
        const args = argNodes.map((a, i) => (name === 'info' && i === 1 && a.name === 'VectorSelector' ? this.vectorSelector(this.children(a), true) : this.expr(a)));
        if (name === 'info') return { kind: 'call', func: name, args, span, infoSelector: infoSelector(args) };
        return { kind: 'call', func: name, args, span };
      }
      default:
        return this.fail(n, `unsupported expression "${this.text(n)}" (${n.name})`);
    }
  }

  private withModifier(inner: Expr, node: SyntaxNode, span: Span, mod: { offset?: number; at?: AtModifier }): Expr {
    const apply = <T extends { offset: number; at?: AtModifier }>(e: T): T => {
      if (mod.offset !== undefined && e.offset !== 0) this.fail(node, 'offset may not be set multiple times');
      if (mod.at !== undefined && e.at !== undefined) this.fail(node, '@ <timestamp> may not be set multiple times');
      return { ...e, offset: mod.offset ?? e.offset, at: mod.at ?? e.at, span };
    };
    switch (inner.kind) {
      // The lezer grammar attaches a trailing modifier to a whole binary or unary expression;
      // Prometheus binds it to the operand just before it.
      case 'binary':
        return { ...inner, rhs: this.withModifier(inner.rhs, node, inner.rhs.span, mod) };
      case 'unary':
        return { ...inner, expr: this.withModifier(inner.expr, node, inner.expr.span, mod) };
      case 'vector':
        return apply(inner);
      case 'matrix':
        return { ...inner, selector: apply(inner.selector), span };
      case 'subquery':
        return apply(inner);
      default:
        return this.fail(node, `${mod.offset !== undefined ? 'offset' : '@'} modifier must be preceded by an instant vector selector or range vector selector or a subquery`);
    }
  }

  private at(n: SyntaxNode): AtModifier {
    if (n.name === 'AtModifierPreprocessors') return this.text(n).startsWith('start') ? { kind: 'start' } : { kind: 'end' };
    const seconds = parseNumber(this.text(n));
    if (seconds === undefined || !Number.isFinite(seconds)) this.fail(n, `invalid @ timestamp "${this.text(n)}"`);
    return { kind: 'time', ms: Math.round(seconds * 1000) };
  }

  /** Evaluates a duration expression (literal, arithmetic, parentheses) to ms. */
  private duration(n: SyntaxNode): number {
    const kids = this.children(n);
    switch (n.name) {
      case 'NumberDurationLiteralInDurationContext':
      case 'NumberDurationLiteral': {
        const t = this.text(n);
        const d = parseDuration(t) ?? ((parseNumber(t) ?? NaN) * 1000);
        if (Number.isNaN(d)) this.fail(n, `bad duration "${t}"`);
        return d;
      }
      case 'DurationExpr':
      case 'OffsetDurationExpr':
      case 'ParenExpr':
        if (kids.length === 1) return this.duration(kids[0]);
        if (kids.length === 2 && kids[0].name === 'UnaryOp') {
          const d = this.duration(kids[1]);
          return this.text(kids[0]) === '-' ? -d : d;
        }
        if (kids.length === 3 && (kids[0].name === 'DurationMinOf' || kids[0].name === 'DurationMaxOf')) {
          const [a, b] = [this.duration(kids[1]), this.duration(kids[2])];
          return kids[0].name === 'DurationMinOf' ? Math.min(a, b) : Math.max(a, b);
        }
        if (kids.length === 3) return this.durationArith(kids[1], this.duration(kids[0]), this.duration(kids[2]));
        return this.fail(n, `unsupported duration "${this.text(n)}"`);
      case 'DurationStep':
        return this.context.step;
      case 'DurationRange':
        return this.context.range;
      default:
        return this.fail(n, `unsupported duration "${this.text(n)}"`);
    }
  }

  private durationArith(op: SyntaxNode, a: number, b: number): number {
    switch (op.name) {
      case 'Add': return a + b;
      case 'Sub': return a - b;
      case 'Mul': return (a * b) / 1000;
      case 'Div': return (a / b) * 1000;
      case 'Mod': return a % b;
      case 'Pow': return Math.pow(a / 1000, b / 1000) * 1000;
      default: return this.fail(op, `unsupported duration operator "${this.text(op)}"`);
    }
  }

  private vectorSelector(kids: SyntaxNode[], allowEmpty = false): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | undefined;
    const setName = (node: SyntaxNode, value: string) => {
      if (name !== undefined) this.fail(node, `metric name must not be set twice: "${name}" or "${value}"`);
      name = value;
    };
    for (const k of kids) {
      if (k.name === 'Identifier') setName(k, this.text(k));
      if (k.name !== 'LabelMatchers') continue;
      for (const m of this.children(k)) {
        if (m.name === 'QuotedLabelName') {
          setName(m, unquoteString(this.text(m)));
          continue;
        }
        const parts = this.children(m);
        const labelName = m.name === 'QuotedLabelMatcher' ? unquoteString(this.text(parts[0])) : this.text(parts[0]);
        const op = MATCH_OPS[parts[1].firstChild?.name ?? ''];
        if (!op || !parts[2]) this.fail(m, `invalid label matcher "${this.text(m)}"`);
        const value = unquoteString(this.text(parts[2]));
        if (op === '=~' || op === '!~') {
          try {
            anchoredRegex(value);
          } catch (err) {
            this.fail(parts[2], `invalid regular expression "${value}": ${(err as Error).message}`);
          }
        }
        matchers.push({ name: labelName, op, value });
      }
    }
    if (name !== undefined) {
      if (matchers.some((m) => m.name === '__name__')) this.fail(kids[0], `metric name must not be set twice: "${name}"`);
      matchers.unshift({ name: '__name__', op: '=', value: name });
    }
    const nonEmpty = matchers.some((m) => {
      if (m.op === '=') return m.value !== '';
      if (m.op === '!=') return m.value === '';
      const re = anchoredRegex(m.value);
      return m.op === '=~' ? !re.test('') : re.test('');
    });
    if (!nonEmpty && !allowEmpty) this.fail(kids[0], 'vector selector must contain at least one non-empty matcher');
    return { kind: 'vector', matchers, offset: 0, span: { start: kids[0].from, end: kids[kids.length - 1].to } };
  }

  private grouping(n: SyntaxNode): string[] {
    return this.children(n).map((c) => (c.name === 'QuotedLabelName' ? unquoteString(this.text(c)) : this.text(c)));
  }

  private binary(kids: SyntaxNode[], span: Span): Expr {
    const lhs = this.expr(kids[0]);
    const rhs = this.expr(kids[kids.length - 1]);
    const opNode = kids[1];
    const op = BINARY_OPS[opNode.name];
    if (!op) this.fail(opNode, `unsupported binary operator "${this.text(opNode)}"`);
    let returnBool = false;
    let matching: VectorMatching | undefined;
    let fill: { fillLeft?: number; fillRight?: number } | undefined;
    for (const k of kids.slice(2, -1)) {
      if (k.name === 'BoolModifier') returnBool = true;
      else if (k.name === 'MatchingModifierClause') matching = this.matching(k, op);
      else if (k.name === 'FillModifier') fill = this.fill(k);
      else this.fail(k, `unsupported binary modifier "${this.text(k)}"`);
    }
    if (fill) matching = { ...(matching ?? { card: 'one-to-one', on: false, labels: [], include: [] }), ...fill };
    if (!matching && (op === 'and' || op === 'or' || op === 'unless')) {
      matching = { card: 'many-to-many', on: false, labels: [], include: [] };
    }
    return { kind: 'binary', op, lhs, rhs, returnBool, matching, span };
  }

  private fill(n: SyntaxNode): { fillLeft?: number; fillRight?: number } {
    const out: { fillLeft?: number; fillRight?: number } = {};
    for (const clause of this.children(n)) {
      const [kw, valueNode] = this.children(clause);
      const value = valueNode ? this.expr(valueNode) : undefined;
      if (value?.kind !== 'number') this.fail(clause, `fill value must be a number literal: "${this.text(clause)}"`);
      if (kw.name === 'Fill' || kw.name === 'FillLeft') out.fillLeft = value.value;
      if (kw.name === 'Fill' || kw.name === 'FillRight') out.fillRight = value.value;
    }
    return out;
  }

  private matching(n: SyntaxNode, op: BinaryOp): VectorMatching {
    const kids = this.children(n);
    const on = kids[0].name === 'On';
    const labels = this.grouping(kids[1]);
    let card: VectorMatching['card'] = op === 'and' || op === 'or' || op === 'unless' ? 'many-to-many' : 'one-to-one';
    let include: string[] = [];
    const g = kids[2];
    if (g) {
      if (card === 'many-to-many') this.fail(g, `no grouping allowed for "${op}" operation`);
      card = g.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
      include = kids[3] ? this.grouping(kids[3]) : [];
      if (on) {
        for (const l of include) if (labels.includes(l)) this.fail(g, `label "${l}" must not occur in ON and GROUP clause at once`);
      }
    }
    return { card, on, labels, include };
  }

  private aggregate(kids: SyntaxNode[], span: Span): Expr {
    const op = this.text(kids[0]).toLowerCase() as AggregateOp;
    const mod = kids.find((k) => k.name === 'AggregateModifier');
    const body = kids.find((k) => k.name === 'FunctionCallBody');
    const args = body ? this.children(body).map((a) => this.expr(a)) : [];
    const takesParam = ['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'].includes(op);
    if (args.length !== (takesParam ? 2 : 1)) {
      this.fail(body ?? kids[0], `wrong number of arguments for aggregate expression provided, expected ${takesParam ? 2 : 1}, got ${args.length}`);
    }
    const modKids = mod ? this.children(mod) : [];
    return {
      kind: 'aggregate',
      op,
      param: takesParam ? args[0] : undefined,
      expr: args[args.length - 1],
      without: modKids[0]?.name === 'Without',
      grouping: modKids[1] ? this.grouping(modKids[1]) : [],
      span,
    };
  }
}
