/** An error in a template's syntax or while running it; the message says where. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** An operand of a command. */
export type Arg =
  | { readonly t: 'dot'; readonly path: readonly string[] }
  | { readonly t: 'var'; readonly name: string; readonly path: readonly string[] }
  | { readonly t: 'ident'; readonly name: string }
  | { readonly t: 'lit'; readonly value: unknown }
  | { readonly t: 'sub'; readonly pipe: Pipeline; readonly path: readonly string[] };

/** `arg arg ...`: a function call, or one value. */
export interface Command {
  readonly args: readonly Arg[];
}

/** `$x := cmd | cmd ...`. */
export interface Pipeline {
  readonly decl: readonly string[];
  /** `=` assigns to existing variables rather than declaring new ones. */
  readonly assign: boolean;
  readonly cmds: readonly Command[];
}

/** A node of a parsed template. */
export type Node =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'action'; readonly pipe: Pipeline }
  | { readonly t: 'if' | 'with' | 'range'; readonly pipe: Pipeline; readonly list: readonly Node[]; readonly elseList: readonly Node[] }
  | { readonly t: 'template'; readonly name: string; readonly pipe?: Pipeline };

/** A parsed template: its body and the `{{ define }}`d sub-templates. */
export interface ParsedTemplate {
  readonly body: readonly Node[];
  readonly defines: ReadonlyMap<string, readonly Node[]>;
}

type Tok = { k: 'str' | 'num' | 'id' | 'var' | 'field' | 'op'; v: string };

/** Parses Go `text/template` syntax (the subset Prometheus rule templates use) into a tree. */
export function parseTemplate(src: string): ParsedTemplate {
  const defines = new Map<string, Node[]>();
  const items = split(src);
  let i = 0;
  // Parses nodes until one of `stops` ({{else}}, {{end}}) and returns which one ended the list.
  const parseList = (stops: readonly string[]): { nodes: Node[]; stop: string; rest: Tok[] } => {
    const nodes: Node[] = [];
    while (i < items.length) {
      const it = items[i++];
      if (typeof it === 'string') {
        if (it) nodes.push({ t: 'text', text: it });
        continue;
      }
      if (it.length === 0) continue;
      const head = it[0];
      const kw = head.k === 'id' ? head.v : '';
      if (kw === 'end' || kw === 'else') {
        if (!stops.includes(kw)) throw new TemplateError(`unexpected {{${kw}}}`);
        return { nodes, stop: kw, rest: it.slice(1) };
      }
      if (kw === 'if' || kw === 'with' || kw === 'range') {
        nodes.push(parseControl(kw, it.slice(1)));
      } else if (kw === 'define' || kw === 'block') {
        const name = it[1]?.k === 'str' ? it[1].v : undefined;
        if (name === undefined) throw new TemplateError(`{{${kw}}} needs a quoted name`);
        const inner = parseList(['end']);
        defines.set(name, inner.nodes);
        if (kw === 'block') nodes.push({ t: 'template', name, pipe: it.length > 2 ? parsePipeline(it.slice(2)) : undefined });
      } else if (kw === 'template') {
        const name = it[1]?.k === 'str' ? it[1].v : undefined;
        if (name === undefined) throw new TemplateError('{{template}} needs a quoted name');
        nodes.push({ t: 'template', name, pipe: it.length > 2 ? parsePipeline(it.slice(2)) : undefined });
      } else {
        nodes.push({ t: 'action', pipe: parsePipeline(it) });
      }
    }
    if (stops.length > 0) throw new TemplateError('unexpected end of template: missing {{end}}');
    return { nodes, stop: '', rest: [] };
  };
  const parseControl = (kw: 'if' | 'with' | 'range', toks: Tok[]): Node => {
    const pipe = parsePipeline(toks);
    const body = parseList(['else', 'end']);
    let elseList: Node[] = [];
    if (body.stop === 'else') {
      const r = body.rest;
      if (r.length > 0 && r[0].k === 'id' && (r[0].v === 'if' || r[0].v === 'with')) {
        // `{{else if x}}` is an `if` nested in the else branch that shares the outer {{end}}.
        elseList = [parseControl(r[0].v as 'if' | 'with', r.slice(1))];
      } else {
        elseList = parseList(['end']).nodes;
      }
    }
    return { t: kw, pipe, list: body.nodes, elseList };
  };
  const body = parseList([]).nodes;
  return { body, defines };
}

// Splits the source into text and tokenised actions, applying `{{-` / `-}}` trimming and dropping comments.
function split(src: string): (string | Tok[])[] {
  const out: (string | Tok[])[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = open < 0 ? src.slice(pos) : src.slice(pos, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      out.push(text);
      break;
    }
    let start = open + 2;
    if (src[start] === '-' && /\s/.test(src[start + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      start++;
    }
    out.push(text);
    const { toks, end, trim } = lexAction(src, start);
    trimNext = trim;
    out.push(toks);
    pos = end;
  }
  return out;
}

function lexAction(src: string, start: number): { toks: Tok[]; end: number; trim: boolean } {
  const toks: Tok[] = [];
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      if (src[i + 1] === '-' && src.startsWith('}}', i + 2)) return { toks, end: i + 4, trim: true };
      i++;
    } else if (src.startsWith('}}', i)) {
      return { toks, end: i + 2, trim: false };
    } else if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) throw new TemplateError('unclosed comment');
      i = close + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new TemplateError('unterminated quoted string');
      toks.push({ k: 'str', v: JSON.parse(src.slice(i, j + 1).replace(/\\'/g, "'")) as string });
      i = j + 1;
    } else if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError('unterminated raw string');
      toks.push({ k: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (c === ':' && src[i + 1] === '=') {
      toks.push({ k: 'op', v: ':=' });
      i += 2;
    } else if ('()|=,'.includes(c)) {
      toks.push({ k: 'op', v: c });
      i++;
    } else if (c === '$' || c === '.') {
      const m = /^(\$[A-Za-z0-9_]*|)((?:\.[A-Za-z0-9_]+)*)(\.?)/.exec(src.slice(i))!;
      if (m[1]) toks.push({ k: 'var', v: m[1] });
      if (m[2]) toks.push({ k: 'field', v: m[2] });
      else if (!m[1]) toks.push({ k: 'field', v: '.' });
      i += Math.max(1, m[1].length + m[2].length + (m[1] || m[2] ? 0 : 1));
    } else if (/[-+0-9]/.test(c)) {
      const m = /^[-+]?(0x[0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)/.exec(src.slice(i));
      if (!m) throw new TemplateError(`bad number at "${src.slice(i, i + 10)}"`);
      toks.push({ k: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ k: 'id', v: m[0] });
      i += m[0].length;
    } else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      toks.push({ k: 'num', v: String(src.codePointAt(i + 1)) });
      i = j + 1;
    } else {
      throw new TemplateError(`unexpected "${c}" in action`);
    }
  }
  throw new TemplateError('unclosed action');
}

function parsePipeline(toks: Tok[]): Pipeline {
  let decl: string[] = [];
  let assign = false;
  let pos = 0;
  // Declarations: `$x :=`, `$k, $v :=`, `$x =`.
  const declEnd = toks.findIndex((t) => t.k === 'op' && (t.v === ':=' || t.v === '='));
  if (declEnd > 0 && toks.slice(0, declEnd).every((t) => t.k === 'var' || (t.k === 'op' && t.v === ','))) {
    decl = toks.slice(0, declEnd).filter((t) => t.k === 'var').map((t) => t.v);
    assign = toks[declEnd].v === '=';
    pos = declEnd + 1;
  }
  const cmds: Command[] = [];
  let args: Arg[] = [];
  while (pos < toks.length) {
    const t = toks[pos];
    if (t.k === 'op' && t.v === '|') {
      if (args.length === 0) throw new TemplateError('missing command before "|"');
      cmds.push({ args });
      args = [];
      pos++;
      continue;
    }
    const [arg, next] = parseArg(toks, pos);
    args.push(arg);
    pos = next;
  }
  if (args.length > 0) cmds.push({ args });
  if (cmds.length === 0) throw new TemplateError('missing value for command');
  return { decl, assign, cmds };
}

function parseArg(toks: Tok[], pos: number): [Arg, number] {
  const t = toks[pos];
  const fieldAfter = (p: number): [string[], number] =>
    toks[p]?.k === 'field' && toks[p].v !== '.' ? [toks[p].v.slice(1).split('.'), p + 1] : [[], p];
  switch (t.k) {
    case 'str':
      return [{ t: 'lit', value: t.v }, pos + 1];
    case 'num': {
      const isInt = /^[-+]?(0x[0-9a-fA-F]+|\d+)$/.test(t.v);
      // Integer literals are Go ints (printed without an exponent); BigInt keeps them apart from float64s.
      return [{ t: 'lit', value: isInt ? BigInt(t.v.replace(/^\+/, '')) : Number(t.v) }, pos + 1];
    }
    case 'id':
      if (t.v === 'true' || t.v === 'false') return [{ t: 'lit', value: t.v === 'true' }, pos + 1];
      if (t.v === 'nil') return [{ t: 'lit', value: null }, pos + 1];
      return [{ t: 'ident', name: t.v }, pos + 1];
    case 'var': {
      const [path, next] = fieldAfter(pos + 1);
      return [{ t: 'var', name: t.v, path }, next];
    }
    case 'field':
      return [{ t: 'dot', path: t.v === '.' ? [] : t.v.slice(1).split('.') }, pos + 1];
    case 'op':
      if (t.v === '(') {
        let depth = 1;
        let j = pos + 1;
        for (; j < toks.length && depth > 0; j++) {
          if (toks[j].k === 'op' && toks[j].v === '(') depth++;
          if (toks[j].k === 'op' && toks[j].v === ')') depth--;
        }
        if (depth !== 0) throw new TemplateError('unclosed "("');
        const pipe = parsePipeline(toks.slice(pos + 1, j - 1));
        const [path, next] = fieldAfter(j);
        return [{ t: 'sub', pipe, path }, next];
      }
      throw new TemplateError(`unexpected "${t.v}"`);
  }
}
