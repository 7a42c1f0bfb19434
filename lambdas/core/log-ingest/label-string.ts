import { PlatformError } from '../domain/errors';

/**
 * Parses a Prometheus-style label set string, `{a="b", c="d\"e"}`, as Loki's push protobuf
 * carries stream labels. Throws invalid_argument with the position on malformed input.
 */
export function parseLabelString(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const fail = (what: string): never => {
    throw new PlatformError('invalid_argument', `malformed stream labels ${JSON.stringify(text.slice(0, 200))}: ${what} at position ${i}`);
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  space();
  if (text[i] !== '{') fail('expected "{"');
  i++;
  space();
  while (text[i] !== '}') {
    const start = i;
    while (i < text.length && /[a-zA-Z0-9_]/.test(text[i])) i++;
    const name = text.slice(start, i);
    if (!name) fail('expected a label name');
    space();
    if (text[i] !== '=') fail('expected "="');
    i++;
    space();
    if (text[i] !== '"') fail('expected a quoted value');
    i++;
    let value = '';
    for (;;) {
      if (i >= text.length) fail('unterminated value');
      const c = text[i++];
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i++];
        value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else value += c;
    }
    out[name] = value;
    space();
    if (text[i] === ',') {
      i++;
      space();
    } else if (text[i] !== '}') fail('expected "," or "}"');
  }
  i++;
  space();
  if (i < text.length) fail('unexpected text after "}"');
  return out;
}
