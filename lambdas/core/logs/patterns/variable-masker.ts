import { VariableMask, WILDCARD } from './drain-config';

/**
 * Replaces variable parts of a message (numbers, addresses...) with the wildcard and splits it into
 * tokens; with `collapse`, adjacent wildcard tokens become one.
 */
export class VariableMasker {
  private readonly regexes: readonly RegExp[];
  private readonly splitter: RegExp;

  /** `extraDelimiters` are characters that separate tokens besides whitespace. */
  constructor(
    masks: readonly VariableMask[],
    extraDelimiters = '',
    private readonly collapse = false,
  ) {
    this.regexes = masks.map((m) => new RegExp(m.pattern, `g${(m.flags ?? '').replace('g', '')}`));
    const extra = extraDelimiters.replace(/[\\\]^-]/g, '\\$&');
    this.splitter = new RegExp(`[\\s${extra}]+`);
  }

  /** The message with every mask applied. */
  mask(message: string): string {
    let out = message;
    for (const re of this.regexes) {
      re.lastIndex = 0;
      if (re.test(out)) {
        re.lastIndex = 0;
        out = out.replace(re, WILDCARD);
      }
    }
    return out;
  }

  /** Masked tokens of a message; empty tokens are dropped. */
  tokens(message: string): string[] {
    const masked = this.mask(message.trim());
    if (masked === '') return [];
    const out: string[] = [];
    for (const t of masked.split(this.splitter)) {
      if (t === '' || (this.collapse && t === WILDCARD && out[out.length - 1] === WILDCARD)) continue;
      out.push(t);
    }
    return out;
  }
}
