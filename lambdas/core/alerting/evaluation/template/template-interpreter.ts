import { goPrint } from './go-format';
import { TEMPLATE_FUNCTIONS, truthy, type TemplateFunction } from './template-functions';
import { parseTemplate, TemplateError, type Arg, type Node, type ParsedTemplate, type Pipeline } from './template-parser';

const MAX_STEPS = 100_000;
const MAX_OUTPUT = 64 * 1024;

/**
 * A small, safe interpreter for Go `text/template` as Prometheus rule labels and annotations
 * use it: no code is evaluated, output and work are bounded, missing map keys print as ''.
 */
export class TemplateInterpreter {
  private readonly cache = new Map<string, ParsedTemplate>();

  constructor(private readonly functions: Readonly<Record<string, TemplateFunction>> = TEMPLATE_FUNCTIONS) {}

  /** Runs `source` with `data` as dot and the given variables (without `$`); throws TemplateError. */
  render(source: string, data: unknown, vars: Readonly<Record<string, unknown>> = {}): string {
    if (!source.includes('{{')) return source;
    let parsed = this.cache.get(source);
    if (!parsed) {
      parsed = parseTemplate(source);
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(source, parsed);
    }
    const run = new Run(parsed, this.functions);
    const scope = new Map<string, unknown>([['$', data]]);
    for (const [k, v] of Object.entries(vars)) scope.set(`$${k}`, v);
    run.list(parsed.body, data, [scope]);
    return run.out;
  }
}

type Scopes = Map<string, unknown>[];
type ControlNode = Extract<Node, { readonly list: readonly Node[] }>;

class Run {
  out = '';
  private steps = 0;
  private depth = 0;

  constructor(
    private readonly tpl: ParsedTemplate,
    private readonly fns: Readonly<Record<string, TemplateFunction>>,
  ) {}

  list(nodes: readonly Node[], dot: unknown, scopes: Scopes): void {
    for (const n of nodes) this.node(n, dot, scopes);
  }

  private node(n: Node, dot: unknown, scopes: Scopes): void {
    if (++this.steps > MAX_STEPS) throw new TemplateError('template too expensive');
    switch (n.t) {
      case 'text':
        this.write(n.text);
        return;
      case 'action': {
        const v = this.pipe(n.pipe, dot, scopes);
        if (n.pipe.decl.length === 0) this.write(goPrint(v));
        return;
      }
      case 'if':
      case 'with': {
        const inner: Scopes = [...scopes, new Map()];
        const v = this.pipe(n.pipe, dot, inner);
        if (truthy(v)) this.list(n.list, n.t === 'with' ? v : dot, inner);
        else this.list(n.elseList, dot, [...scopes, new Map()]);
        return;
      }
      case 'range':
        this.range(n, dot, scopes);
        return;
      case 'template': {
        const body = this.tpl.defines.get(n.name);
        if (!body) throw new TemplateError(`no such template "${n.name}"`);
        if (++this.depth > 50) throw new TemplateError('template recursion too deep');
        const arg = n.pipe ? this.pipe(n.pipe, dot, scopes) : null;
        this.list(body, arg, [new Map([['$', arg]])]);
        this.depth--;
      }
    }
  }

  private range(n: ControlNode, dot: unknown, scopes: Scopes): void {
    const bare: Pipeline = { ...n.pipe, decl: [] };
    const v = this.pipe(bare, dot, scopes);
    let entries: [unknown, unknown][];
    if (Array.isArray(v)) entries = v.map((x, i) => [BigInt(i), x]);
    else if (typeof v === 'bigint') entries = Array.from({ length: Number(v) }, (_x, i) => [BigInt(i), BigInt(i)]);
    else if (v && typeof v === 'object') entries = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]);
    else if (v === null || v === undefined) entries = [];
    else throw new TemplateError(`range can't iterate over ${goPrint(v)}`);
    if (entries.length === 0) {
      this.list(n.elseList, dot, [...scopes, new Map()]);
      return;
    }
    for (const [k, x] of entries) {
      const scope = new Map<string, unknown>();
      if (n.pipe.decl.length === 1) scope.set(n.pipe.decl[0], x);
      if (n.pipe.decl.length === 2) {
        scope.set(n.pipe.decl[0], k);
        scope.set(n.pipe.decl[1], x);
      }
      this.list(n.list, x, [...scopes, scope]);
    }
  }

  private pipe(p: Pipeline, dot: unknown, scopes: Scopes): unknown {
    let value: unknown;
    let first = true;
    for (const cmd of p.cmds) {
      value = this.command(cmd.args, dot, scopes, first ? undefined : { v: value });
      first = false;
    }
    for (const name of p.decl) {
      if (p.assign) {
        const s = [...scopes].reverse().find((m) => m.has(name));
        if (!s) throw new TemplateError(`undefined variable: ${name}`);
        s.set(name, value);
      } else {
        scopes[scopes.length - 1].set(name, value);
      }
    }
    return value;
  }

  private command(args: readonly Arg[], dot: unknown, scopes: Scopes, piped?: { v: unknown }): unknown {
    const head = args[0];
    if (head.t === 'ident') {
      const fn = Object.prototype.hasOwnProperty.call(this.fns, head.name) ? this.fns[head.name] : undefined;
      if (!fn) throw new TemplateError(`function "${head.name}" not defined`);
      const values = args.slice(1).map((a) => this.arg(a, dot, scopes));
      if (piped) values.push(piped.v);
      return fn(...values);
    }
    if (args.length > 1 || piped) throw new TemplateError(`can't give arguments to a non-function value`);
    return this.arg(head, dot, scopes);
  }

  private arg(a: Arg, dot: unknown, scopes: Scopes): unknown {
    switch (a.t) {
      case 'lit':
        return a.value;
      case 'dot':
        return field(dot, a.path);
      case 'var': {
        const s = [...scopes].reverse().find((m) => m.has(a.name));
        if (!s) throw new TemplateError(`undefined variable: ${a.name}`);
        return field(s.get(a.name), a.path);
      }
      case 'sub':
        return field(this.pipe(a.pipe, dot, scopes), a.path);
      case 'ident': {
        const fn = Object.prototype.hasOwnProperty.call(this.fns, a.name) ? this.fns[a.name] : undefined;
        if (!fn) throw new TemplateError(`function "${a.name}" not defined`);
        return fn();
      }
    }
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > MAX_OUTPUT) throw new TemplateError('template output too large');
  }
}

function field(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || cur === undefined) throw new TemplateError(`nil pointer evaluating .${p}`);
    if (typeof cur !== 'object' || Array.isArray(cur)) throw new TemplateError(`can't evaluate field ${p} in ${goPrint(cur)}`);
    // Maps give '' for a missing key, as Prometheus' `missingkey=zero` option does.
    cur = Object.prototype.hasOwnProperty.call(cur, p) ? (cur as Record<string, unknown>)[p] : '';
  }
  return cur;
}
