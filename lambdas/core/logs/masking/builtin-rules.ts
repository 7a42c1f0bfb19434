import type { MaskRule } from './mask-rule';
import { cardValid, cpfValid, ibanValid, ipv6Valid, ninoValid, spanishIdValid, ssnValid } from './validators';

const SECRET_KEY = String.raw`[\w.-]{0,40}?(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|auth[_-]?key|session[_-]?key|cookie)`;
const VALUE = String.raw`"((?:[^"\\\n]|\\.){1,4096})"|'([^'\n]{1,4096})'|([^\s,;&"'}\])(][^\s,;&"'}\])]*)`;

// Not the continuation of a grouped number or an IBAN (`DE25 6115 0484 ...`), whose inner groups
// would otherwise read as cards or national phone numbers.
const NOT_IN_GROUPS = String.raw`(?<!\d[ -]|\b[A-Z]{2}\d{2}(?: [A-Z0-9]{4})* )`;

function digits(s: string): string {
  return s.replace(/\D/g, '');
}

function rule(name: string, replacement: string, pattern: string, flags = '', extra: Partial<MaskRule> = {}): MaskRule {
  return { name, replacement, pattern: new RegExp(pattern, `gd${flags}`), enabledByDefault: true, ...extra };
}

// Values that are not secrets: placeholders, redactions, references to where the secret lives,
// and words such as `Token: Token {...}` in object dumps.
const NOT_A_SECRET = /^(?:\*+|x{3,}|\[[A-Z_]+\]?|<[^>]*>|\{\{.*\}\}?|\$\{[^}]*\}?|%\(?\w*\)?s|null|nil|none|undefined|true|false|empty|redacted|hidden|masked|filtered|token|password|secret|required|provided|missing|invalid|expired)$/i;
const ENV_REFERENCE = /^\$[A-Z_][A-Z0-9_]*$/;

// A key=value / key: value / "key": "value" secret, whose value is one of three alternative groups.
function keyValueRule(): MaskRule {
  const re = new RegExp(String.raw`(?<![A-Za-z0-9])(?:"${SECRET_KEY}"|'${SECRET_KEY}'|${SECRET_KEY})\s*(?:=>|=|:)\s*(?:${VALUE})`, 'gdi');
  return { name: 'secret', replacement: '[SECRET]', pattern: re, enabledByDefault: true, group: 'first', precheck: /pass|pwd|secret|token|key|credential|cookie/i, validate: (v) => !NOT_A_SECRET.test(v) && !ENV_REFERENCE.test(v) };
}

/**
 * The built-in rules, in priority order: when two rules claim overlapping text, the earlier wins.
 * Checks where the format has one: Luhn and issuer prefixes for cards, mod 97 for IBANs, ranges
 * for SSNs, check letters and digits for national ids.
 */
export const BUILTIN_MASK_RULES: readonly MaskRule[] = [
  rule('private-key', '[PRIVATE_KEY]', String.raw`-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z]+ )?PRIVATE KEY-----`, '', { precheck: /PRIVATE KEY/ }),
  rule('jwt', '[JWT]', String.raw`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`, '', { precheck: /eyJ/ }),
  // The scheme word is case-sensitive and the credential must look random (a digit or mixed case),
  // so prose such as "Basic authentication" or "token_type=bearer expires_in=3600" stays.
  rule('bearer', '[TOKEN]', String.raw`\b(?:Bearer|bearer|BEARER|Basic|basic|Digest)\s+([A-Za-z0-9._~+/-]{8,}=*)(?![\w=.~+/-])`, '', { precheck: /bearer|basic|digest/i,
    group: 1,
    validate: (s) => /\d/.test(s) || (/[a-z]/.test(s) && /[A-Z]/.test(s)),
  }),
  rule('aws-access-key', '[AWS_KEY]', String.raw`\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b`, '', { precheck: /A[KSGIRNBC][IPSDOAN][AEI]/ }),
  rule('aws-secret-key', '[AWS_SECRET]', String.raw`(?:aws[_-]?secret[_-]?(?:access[_-]?)?key|secret[_-]?access[_-]?key)["']?\s*(?:=|:|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])`, 'i', { precheck: /secret/i, group: 1 }),
  keyValueRule(),
  rule('email', '[EMAIL]', String.raw`(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}\b`, '', { precheck: /@/ }),
  rule('iban', '[IBAN]', String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`, '', { precheck: /[A-Z]{2}\d\d/, validate: ibanValid }),
  rule('card', '[CARD]', String.raw`${NOT_IN_GROUPS}(?<![\w.+-])(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,4}(?:\1?\d{1,3})?|\d{4}([ -]?)\d{6}\2\d{4,5})(?![\w-]|\.\d)`, '', { precheck: /\d{4}/,
    validate: (s) => cardValid(digits(s)),
  }),
  rule('ssn', '[SSN]', String.raw`(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])|(?<=\b(?:ssn|SSN|social security(?: number)?)\W{1,3})\d{9}\b`, '', { precheck: /\d{3}-\d\d-|ssn|social/i, validate: ssnValid }),
  rule('national-id', '[NATIONAL_ID]', String.raw`\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b|\b[XYZ]?\d{7,8}[A-Z]\b|(?<![\w.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-])`, '', { precheck: /\d{2} ?\d{2} ?\d{2}|\d{3}\.\d{3}/,
    validate: (s) => ninoValid(s) || spanishIdValid(s) || cpfValid(s),
  }),
  rule('phone', '[PHONE]', [
    // E.164 with optional grouping: +44 20 7946 0958, +1 (415) 555-0132, +4915112345678.
    String.raw`(?<![\w+])\+[1-9]\d{0,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}(?![\w.])`,
    // North American: (415) 555-0132, 415-555-0132, 415.555.0132.
    String.raw`${NOT_IN_GROUPS}(?<![\w.+-])(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.-])\d{3}[.-]\d{4}(?![\w.-])`,
    // Trunk-prefixed national numbers: 020 7946 0958, 07700 900123, 01 23 45 67 89, 030-12345678.
    String.raw`${NOT_IN_GROUPS}(?<![\w.:+-])0[1-9]\d{0,3}(?:[ -]\d{2,8}){1,4}(?![\w.:-])`,
  ].join('|'), '', { precheck: /\d\d/,
    validate: (s) => {
      const n = digits(s).length;
      return s.startsWith('+') ? n >= 8 && n <= 15 : n >= 9 && n <= 12;
    },
  }),
  rule('ipv4', '[IP]', String.raw`(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]|\.\d)`, '', { precheck: /\d\.\d/, enabledByDefault: false }),
  rule('ipv6', '[IP]', String.raw`(?<![\w:.])(?:[0-9A-Fa-f]{1,4}:){1,7}(?::|(?::[0-9A-Fa-f]{1,4}){1,7}|[0-9A-Fa-f]{1,4})(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])|(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:])`, '', { precheck: /:/,
    enabledByDefault: false,
    validate: (s) => ipv6Valid(s) && /[0-9a-fA-F]{1,4}:.*:|::/.test(s),
  }),
];
