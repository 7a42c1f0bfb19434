/**
 * Go's `fmt` number formatting, as rule templates print numbers: `%v` of a float64 is the
 * shortest `%g` with an exponent from 1e+06 on; `%.4g` is what `humanize` prints.
 */
export function goFormatG(v: number, prec = -1): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  const exp = prec < 0 ? Math.abs(v).toExponential() : toExponentialHalfEven(Math.abs(v), Math.max(prec, 1) - 1);
  const [mant, e] = exp.split('e');
  let digits = mant.replace('.', '');
  if (prec >= 0) digits = digits.replace(/0+$/, '') || '0';
  const x = Number(e);
  let eprec = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  // Go narrows the precision to the digits present when they all sit before the point.
  if (prec >= 0 && eprec > digits.length && digits.length >= x + 1) eprec = digits.length;
  if (x < -4 || x >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  }
  return sign + placePoint(digits, x);
}

function placePoint(digits: string, x: number): string {
  if (x < 0) return `0.${'0'.repeat(-x - 1)}${digits}`;
  const int = digits.slice(0, x + 1).padEnd(x + 1, '0');
  const frac = digits.slice(x + 1);
  return frac ? `${int}.${frac}` : int;
}

// JavaScript rounds exact decimal ties up; Go rounds them to even (`%.4g` of 12345 is 1.234e+04).
function toExponentialHalfEven(v: number, fd: number): string {
  if (v < 0) return `-${toExponentialHalfEven(-v, fd)}`;
  const plain = v.toExponential(fd);
  if (fd >= 80) return plain;
  const [m, e] = v.toExponential(fd + 20).split('e');
  const digits = m.replace('.', '');
  if (!/^50*$/.test(digits.slice(fd + 1))) return plain;
  const kept = digits.slice(0, fd + 1);
  if (Number(kept[kept.length - 1]) % 2 === 1) return plain;
  return `${kept[0]}${fd > 0 ? `.${kept.slice(1)}` : ''}e${e}`;
}

/** Go's `%f`: fixed point with ties rounded to even. */
export function goFormatF(v: number, prec = 6): string {
  if (!Number.isFinite(v)) return goFormatG(v);
  const plain = v.toFixed(prec);
  if (prec > 60 || Math.abs(v) >= 1e21) return plain;
  const long = v.toFixed(Math.min(100, prec + 20));
  const tail = long.slice(long.indexOf('.') + 1 + prec);
  if (!/^50*$/.test(tail)) return plain;
  const cut = long.slice(0, long.indexOf('.') + (prec > 0 ? prec + 1 : 0));
  const last = Number(cut.replace('.', '').slice(-1));
  return last % 2 === 0 ? cut : plain;
}

/** Go's `%e` with a precision (default 6). */
export function goFormatE(v: number, prec = 6): string {
  if (!Number.isFinite(v)) return goFormatG(v);
  const [m, e] = toExponentialHalfEven(v, prec).split('e');
  const x = Number(e);
  return `${m}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
}

/** A Go `time.Time` value inside a template (from `toTime`); prints like Go's `Time.String()` in UTC. */
export class GoTime {
  constructor(readonly ms: number) {}
  toString(): string {
    const d = new Date(this.ms);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const frac = this.ms % 1000 === 0 ? '' : `.${p(((this.ms % 1000) + 1000) % 1000, 3)}`.replace(/0+$/, '');
    return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${frac} +0000 UTC`;
  }
}

/** Prints a template value the way Go's `fmt.Sprint` would. */
export function goPrint(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFormatG(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof GoTime) return v.toString();
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goPrint(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go's `fmt.Sprintf` for the verbs rule templates use: %s %v %d %f %F %e %g %q %x %X %t %%, flags `-+ 0`, width and precision. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let ai = 0;
  const re = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags, width, precText, verb] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (ai >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[ai++];
    const prec = precText === undefined ? undefined : Number(precText);
    let s = formatVerb(verb, arg, prec, flags);
    if (flags.includes('+') && /[dfFeg]/.test(verb) && !s.startsWith('-')) s = `+${s}`;
    const w = width === undefined ? 0 : Number(width);
    if (s.length < w) {
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && /[dfFegxX]/.test(verb)) s = s.startsWith('-') ? `-${s.slice(1).padStart(w - 1, '0')}` : s.padStart(w, '0');
      else s = s.padStart(w);
    }
    out += s;
  }
  out += format.slice(last);
  if (ai < args.length) out += `%!(EXTRA ${args.slice(ai).map(goPrint).join(', ')})`;
  return out;
}

function formatVerb(verb: string, arg: unknown, prec: number | undefined, flags: string): string {
  const num = typeof arg === 'bigint' ? Number(arg) : typeof arg === 'number' ? arg : undefined;
  switch (verb) {
    case 's':
    case 'v': {
      const s = goPrint(arg);
      return verb === 's' && prec !== undefined ? s.slice(0, prec) : s;
    }
    case 'q':
      return JSON.stringify(goPrint(arg));
    case 't':
      return typeof arg === 'boolean' ? String(arg) : `%!t(${goPrint(arg)})`;
    case 'd':
      if (typeof arg === 'bigint') return arg.toString();
      return num !== undefined && Number.isInteger(num) ? String(num) : `%!d(float64=${goPrint(arg)})`;
    case 'f':
    case 'F':
      return num === undefined ? `%!f(${goPrint(arg)})` : goFormatF(num, prec ?? 6);
    case 'e':
      return num === undefined ? `%!e(${goPrint(arg)})` : goFormatE(num, prec ?? 6);
    case 'g':
      return num === undefined ? `%!g(${goPrint(arg)})` : goFormatG(num, prec ?? -1);
    case 'x':
    case 'X': {
      let s: string;
      if (typeof arg === 'string') s = Array.from(new TextEncoder().encode(arg), (b) => b.toString(16).padStart(2, '0')).join('');
      else if (num !== undefined && Number.isInteger(num)) s = (num < 0 ? '-' : '') + Math.abs(num).toString(16);
      else return `%!${verb}(${goPrint(arg)})`;
      if (flags.includes('#')) s = `0x${s}`;
      return verb === 'X' ? s.toUpperCase() : s;
    }
    default:
      return `%!${verb}(${goPrint(arg)})`;
  }
}
