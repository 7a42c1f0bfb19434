const POSIX: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: '0-9a-zA-Z', upper: 'A-Z', lower: 'a-z', space: '\\t\\n\\v\\f\\r ', blank: '\\t ',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** Translates one character class starting at `[` (index i); answers the JS class and the index after it. */
function translateClass(p: string, i: number, ci: boolean): [string, number] {
  let out = '[';
  let j = i + 1;
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  const extra: string[] = [];
  while (j < p.length && (p[j] !== ']' || first)) {
    first = false;
    if (p.startsWith('[:', j)) {
      const end = p.indexOf(':]', j);
      const name = p.slice(j + 2, end);
      const neg = name.startsWith('^');
      const cls = POSIX[neg ? name.slice(1) : name] ?? '';
      out += neg ? '' : cls;
      j = end + 2;
      continue;
    }
    if (p[j] === '\\') {
      out += p.slice(j, j + 2);
      j += 2;
      continue;
    }
    const c = p[j];
    if (p[j + 1] === '-' && p[j + 2] !== undefined && p[j + 2] !== ']') {
      const d = p[j + 2];
      out += `${escapeClassChar(c)}-${escapeClassChar(d)}`;
      if (ci && isLetter(c) && isLetter(d)) {
        const swap = (x: string) => (x === x.toLowerCase() ? x.toUpperCase() : x.toLowerCase());
        extra.push(`${swap(c)}-${swap(d)}`);
      }
      j += 3;
      continue;
    }
    out += escapeClassChar(c);
    if (ci && isLetter(c)) extra.push(c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
    j++;
  }
  return [out + extra.join('') + ']', j + 1];
}

function escapeClassChar(c: string): string {
  return c === '[' || c === '/' ? `\\${c}` : c;
}

/**
 * Translates an RE2 pattern (Prometheus' regex dialect) to a JavaScript RegExp source: inline flag
 * groups `(?i)`, `(?i:...)`, `(?P<name>...)`, `\Q...\E`, `\A`, `\z` and POSIX classes, which JavaScript lacks.
 * Case-insensitivity is expanded into character classes, since JavaScript has no scoped flags on Node 20.
 */
export function re2ToJs(p: string): string {
  let out = '';
  // One entry per open group: whether case-insensitivity was on when it opened.
  const stack: boolean[] = [];
  let ci = false;
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const lit = p.slice(i + 2, end === -1 ? p.length : end);
        out += ci ? [...lit].map((x) => (isLetter(x) ? `[${x.toLowerCase()}${x.toUpperCase()}]` : escapeLiteral(x))).join('') : escapeLiteral(lit);
        i = end === -1 ? p.length : end + 2;
      } else if (n === 'A') {
        out += '^';
        i += 2;
      } else if (n === 'z') {
        out += '$';
        i += 2;
      } else {
        out += p.slice(i, i + 2);
        i += 2;
      }
      continue;
    }
    if (c === '[') {
      const [cls, after] = translateClass(p, i, ci);
      out += cls;
      i = after;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([a-zA-Z-]*)(\)|:)/.exec(p.slice(i));
      if (flags && flags[1] !== 'P' && !p.startsWith('(?P<', i)) {
        const [on, off] = flags[1].split('-');
        let next: boolean = ci;
        if (on.includes('i')) next = true;
        if (off?.includes('i')) next = false;
        if (flags[2] === ')') {
          ci = next;
        } else {
          stack.push(ci);
          ci = next;
          out += '(?:';
        }
        i += flags[0].length;
        continue;
      }
      if (p.startsWith('(?P<', i)) {
        out += '(?<';
        i += 4;
      } else {
        out += '(';
        i++;
      }
      stack.push(ci);
      continue;
    }
    if (c === ')') {
      ci = stack.pop() ?? false;
      out += ')';
      i++;
      continue;
    }
    out += ci && isLetter(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
    i++;
  }
  return out;
}
