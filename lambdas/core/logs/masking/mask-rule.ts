/** One masking rule: what it finds and what replaces it. */
export interface MaskRule {
  /** Name used to enable or disable it and to count its replacements. */
  readonly name: string;
  /** Text put in place of each secret, e.g. `[EMAIL]`. */
  readonly replacement: string;
  /** Global regular expression; with `group`, only that capture group is the secret. */
  readonly pattern: RegExp;
  /**
   * Capture group holding the secret (the rest of the match is context, left visible); `'first'`
   * takes the first group that took part in the match (for alternatives such as quoted or bare values).
   */
  readonly group?: number | 'first';
  /** Check of the candidate secret (checksum, ranges); candidates that fail are left alone. */
  readonly validate?: (secret: string) => boolean;
  /** Cheap test a text must pass before the full pattern runs (most lines hold no secret). */
  readonly precheck?: RegExp;
  /** Whether the rule runs unless disabled (IP addresses are opt-in). */
  readonly enabledByDefault: boolean;
}

/** A custom rule given as data (configuration). */
export interface CustomMaskRule {
  readonly name: string;
  /** Regular expression source. */
  readonly pattern: string;
  readonly flags?: string;
  readonly replacement: string;
  readonly group?: number;
}

/** A masked span in the original text. */
export interface MaskedSpan {
  readonly rule: string;
  readonly start: number;
  readonly end: number;
}

/** Finds the spans a rule masks in a text, validated, in order. */
export function findSpans(rule: MaskRule, text: string): MaskedSpan[] {
  const spans: MaskedSpan[] = [];
  if (rule.precheck && !rule.precheck.test(text)) return spans;
  const re = rule.pattern;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const g = rule.group === 'first' ? m.findIndex((v, i) => i > 0 && v !== undefined) : rule.group ?? 0;
    if (g < 0) continue;
    const value = m[g];
    const at = m.indices?.[g];
    if (value === undefined || value === '' || !at) continue;
    if (rule.validate && !rule.validate(value)) {
      // A failed candidate may hide a valid one starting inside it (a card after a digit prefix).
      re.lastIndex = m.index + 1;
      continue;
    }
    spans.push({ rule: rule.name, start: at[0], end: at[1] });
  }
  return spans;
}
