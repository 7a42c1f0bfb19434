/**
 * Builds a CloudWatch metric-math `LAMBDA("<fn>", "<arg>", ...)` expression. Arguments are
 * double-quoted, so any double quote inside an argument must go: PromQL string literals are
 * rewritten to backtick raw strings (PromQL reads `` `a` `` like "a"), or to single quotes
 * when they contain a backtick. Line feeds become spaces, as CloudWatch would do anyway.
 */
export function lambdaExpression(functionName: string, args: readonly string[]): string {
  if (args.length > 20) throw new Error('LAMBDA takes at most 20 arguments');
  const quoted = args.map((a) => `"${a.replace(/[\r\n]+/g, ' ').replace(/"/g, "'")}"`);
  return `LAMBDA(${[`"${functionName}"`, ...quoted].join(', ')})`;
}

/** Rewrites every PromQL string literal of `expr` so that it contains no double quote; comments are dropped. */
export function promqlWithoutDoubleQuotes(expr: string): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const { value, end } = readString(expr, i);
      out += requote(value);
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function readString(s: string, start: number): { value: string; end: number } {
  const quote = s[start];
  let i = start + 1;
  let value = '';
  while (i < s.length && s[i] !== quote) {
    if (s[i] === '\\' && quote !== '`') {
      const n = s[i + 1];
      value += n === 'n' ? '\n' : n === 't' ? '\t' : n === '\\' ? '\\' : n === quote ? quote : `\\${n}`;
      i += 2;
    } else {
      value += s[i++];
    }
  }
  return { value, end: i + 1 };
}

function requote(value: string): string {
  if (!value.includes('`') && !value.includes('"')) return `\`${value}\``;
  if (!value.includes('`')) return `\`${value}\``;
  // Single quotes with escapes; a double quote inside becomes \x22, which PromQL reads back.
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/"/g, '\\x22').replace(/\n/g, '\\n')}'`;
}
