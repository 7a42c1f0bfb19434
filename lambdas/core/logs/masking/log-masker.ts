import { BUILTIN_MASK_RULES } from './builtin-rules';
import { CustomMaskRule, findSpans, MaskedSpan, MaskRule } from './mask-rule';

/** Which rules run: built-ins on by default, named ones switched on or off, plus custom rules. */
export interface MaskingConfig {
  /** Rule names to turn on (e.g. `ipv4`, `ipv6`, which are off by default). */
  readonly enable?: readonly string[];
  /** Rule names to turn off. */
  readonly disable?: readonly string[];
  /** Extra rules, run after the built-ins. */
  readonly custom?: readonly CustomMaskRule[];
}

/** A masked text with where and how often each rule fired. */
export interface MaskResult {
  readonly text: string;
  /** Replacements per rule name (rules that did not fire are absent). */
  readonly counts: Record<string, number>;
  /** Masked spans in the original text, in order. */
  readonly spans: readonly MaskedSpan[];
}

const SECRET_ATTRIBUTE = /(?:^|[._-])(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|authorization|cookie|set-cookie)$/i;

function compileCustom(c: CustomMaskRule): MaskRule {
  const flags = new Set(`${c.flags ?? ''}gd`);
  return { name: c.name, replacement: c.replacement, pattern: new RegExp(c.pattern, [...flags].join('')), enabledByDefault: true, ...(c.group !== undefined ? { group: c.group } : {}) };
}

/**
 * Masks sensitive data in log messages and attribute values before they are stored: credentials,
 * tokens, keys, emails, phone numbers, card numbers, IBANs, SSNs and national ids (validated where
 * a check exists, so look-alikes such as order numbers stay readable), IPs when enabled.
 */
export class LogMasker {
  private readonly rules: readonly MaskRule[];

  constructor(config: MaskingConfig = {}) {
    const enable = new Set(config.enable ?? []);
    const disable = new Set(config.disable ?? []);
    this.rules = [...BUILTIN_MASK_RULES, ...(config.custom ?? []).map(compileCustom)].filter(
      (r) => !disable.has(r.name) && (r.enabledByDefault || enable.has(r.name)),
    );
  }

  /** Names of the rules that run. */
  get ruleNames(): string[] {
    return [...new Set(this.rules.map((r) => r.name))];
  }

  /** Masks one text. Overlaps go to the rule listed first. */
  mask(text: string): MaskResult {
    const taken: MaskedSpan[] = [];
    for (const rule of this.rules) {
      for (const span of findSpans(rule, text)) {
        if (!taken.some((t) => span.start < t.end && t.start < span.end)) taken.push(span);
      }
    }
    if (taken.length === 0) return { text, counts: {}, spans: [] };
    taken.sort((a, b) => a.start - b.start);
    const byName = new Map(this.rules.map((r) => [r.name, r.replacement]));
    const counts: Record<string, number> = {};
    let out = '';
    let at = 0;
    for (const s of taken) {
      out += text.slice(at, s.start) + byName.get(s.rule);
      at = s.end;
      counts[s.rule] = (counts[s.rule] ?? 0) + 1;
    }
    return { text: out + text.slice(at), counts, spans: taken };
  }

  /**
   * Masks every string in an attribute tree (objects and arrays, to any depth); values under keys
   * that name a secret (`password`, `api_key`, `authorization`...) are replaced whole.
   */
  maskAttributes(attributes: Readonly<Record<string, unknown>>, counts: Record<string, number> = {}): Record<string, unknown> {
    return this.maskValue(attributes, undefined, counts) as Record<string, unknown>;
  }

  /** Masks a record's message and attributes together; `counts` sums both. */
  maskRecord<T extends { readonly message: string; readonly attributes: Readonly<Record<string, unknown>> }>(record: T): { record: T; counts: Record<string, number> } {
    const m = this.mask(record.message);
    const counts = { ...m.counts };
    const attributes = this.maskAttributes(record.attributes, counts);
    return { record: { ...record, message: m.text, attributes }, counts };
  }

  private maskValue(value: unknown, key: string | undefined, counts: Record<string, number>): unknown {
    if (key !== undefined && SECRET_ATTRIBUTE.test(key) && (typeof value === 'string' || typeof value === 'number') && value !== '') {
      counts.secret = (counts.secret ?? 0) + 1;
      return '[SECRET]';
    }
    if (typeof value === 'string') {
      const m = this.mask(value);
      for (const [k, n] of Object.entries(m.counts)) counts[k] = (counts[k] ?? 0) + n;
      return m.text;
    }
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v, key, counts));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.maskValue(v, k, counts);
      return out;
    }
    return value;
  }
}
