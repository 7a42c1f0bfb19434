import { luhnValid, mod97 } from '../../../../../lambdas/core/logs/masking/validators';
import { seededRandom } from '../../../../support/seeded-random';

/** A labelled secret inside a corpus line. */
export interface LabelledSecret {
  readonly kind: string;
  readonly start: number;
  readonly end: number;
}

/** One corpus line with the spans that must be masked; everything else must stay. */
export interface LabelledLine {
  readonly text: string;
  readonly secrets: readonly LabelledSecret[];
}

type Piece = string | { readonly secret: string; readonly kind: string };


const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const B64URL = `${UPPER}${LOWER}${DIGITS}-_`;

/** Builds lines that mix secrets of every kind with look-alikes that must not be masked. */
export class CorpusGenerator {
  private readonly r: () => number;

  constructor(seed: number) {
    this.r = seededRandom(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.r() * alphabet.length)];
    return s;
  }

  private digits(n: number): string {
    return this.chars(DIGITS, n);
  }

  // ---- secrets ----

  email(): string {
    const first = this.pick(['jane', 'john', 'maria', 'li', 'o.connor', 'dev-team', 'ops', 'x_y']);
    const local = this.pick([first, `${first}.${this.pick(['smith', 'doe', 'garcia'])}`, `${first}${this.int(1, 999)}`, `${first}+${this.pick(['news', 'test'])}`]);
    return `${local}@${this.pick(['example.com', 'mail.example.co.uk', 'corp-mail.io', 'gmail.com', 'uni.edu', 'shop.de'])}`;
  }

  phone(): string {
    switch (this.int(0, 7)) {
      case 0: return `+1 ${this.int(201, 989)} ${this.int(200, 999)} ${this.digits(4)}`;
      case 1: return `+44 20 ${this.digits(4)} ${this.digits(4)}`;
      case 2: return `+49${this.int(151, 179)}${this.digits(8)}`;
      case 3: return `(${this.int(201, 989)}) ${this.int(200, 999)}-${this.digits(4)}`;
      case 4: return `${this.int(201, 989)}-${this.int(200, 999)}-${this.digits(4)}`;
      case 5: return `07${this.digits(3)} ${this.digits(6)}`;
      case 6: return `0${this.int(1, 9)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)}`;
      default: return `+33 ${this.int(1, 9)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)}`;
    }
  }

  private luhnComplete(prefix: string, length: number): string {
    const body = prefix + this.digits(length - prefix.length - 1);
    for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
    throw new Error('unreachable');
  }

  card(): string {
    const kind = this.int(0, 5);
    const prefix = ['4', String(this.int(51, 55)), String(this.int(2221, 2720)), this.pick(['34', '37']), '6011', '35' + this.int(28, 89)][kind];
    const len = kind === 3 ? 15 : kind === 0 && this.r() < 0.2 ? 19 : 16;
    const n = this.luhnComplete(prefix, len);
    const sep = this.pick(['', ' ', '-']);
    if (len === 15) return [n.slice(0, 4), n.slice(4, 10), n.slice(10)].join(sep);
    if (len === 19) return sep === '' ? n : [n.slice(0, 4), n.slice(4, 8), n.slice(8, 12), n.slice(12, 16), n.slice(16)].join(sep);
    return [n.slice(0, 4), n.slice(4, 8), n.slice(8, 12), n.slice(12)].join(sep);
  }

  private ibanWithCheck(country: string, bban: string, valid: boolean): string {
    let check = 98 - mod97(`${bban}${country}00`);
    if (!valid) check = check === 2 ? 3 : check - 1;
    const s = `${country}${String(check).padStart(2, '0')}${bban}`;
    return this.r() < 0.5 ? s : s.replace(/(.{4})(?=.)/g, '$1 ');
  }

  iban(valid = true): string {
    const country = this.pick(['DE', 'GB', 'FR', 'ES', 'NL', 'IT']);
    const bban = {
      DE: () => this.digits(18),
      GB: () => this.chars(UPPER, 4) + this.digits(14),
      FR: () => this.digits(10) + this.chars(UPPER + DIGITS, 11) + this.digits(2),
      ES: () => this.digits(20),
      NL: () => this.chars(UPPER, 4) + this.digits(10),
      IT: () => this.chars(UPPER, 1) + this.digits(10) + this.chars(UPPER + DIGITS, 12),
    }[country as 'DE']();
    return this.ibanWithCheck(country, bban, valid);
  }

  ssn(): string {
    let area = this.int(1, 899);
    if (area === 666) area = 667;
    return `${String(area).padStart(3, '0')}-${String(this.int(1, 99)).padStart(2, '0')}-${String(this.int(1, 9999)).padStart(4, '0')}`;
  }

  nationalId(): string {
    const k = this.int(0, 2);
    if (k === 0) {
      const n = this.int(0, 99999999);
      return `${String(n).padStart(8, '0')}${'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}`;
    }
    if (k === 1) {
      const d = this.digits(6);
      const nino = `${this.pick(['AB', 'CE', 'JG', 'PR', 'SW'])}${d}${this.pick(['A', 'B', 'C', 'D'])}`;
      return this.r() < 0.5 ? nino : `${nino.slice(0, 2)} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${nino[8]}`;
    }
    const d = this.digits(9).split('').map(Number);
    const check = (ds: number[]): number => {
      const r = (ds.reduce((s, v, i) => s + v * (ds.length + 1 - i), 0) * 10) % 11;
      return r === 10 ? 0 : r;
    };
    d.push(check(d));
    d.push(check(d));
    const s = d.join('');
    return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
  }

  private b64url(text: string): string {
    return Buffer.from(text).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  }

  jwt(): string {
    const header = this.b64url(JSON.stringify({ alg: this.pick(['HS256', 'RS256']), typ: 'JWT' }));
    const payload = this.b64url(JSON.stringify({ sub: this.digits(8), exp: 1700000000 + this.int(0, 1e6) }));
    return `${header}.${payload}.${this.chars(B64URL, 43)}`;
  }

  awsKeyId(): string {
    return `${this.pick(['AKIA', 'ASIA'])}${this.chars(UPPER + DIGITS, 16)}`;
  }

  awsSecret(): string {
    return this.chars(`${UPPER}${LOWER}${DIGITS}/+`, 40);
  }

  password(quoted: boolean): string {
    const alphabet = `${UPPER}${LOWER}${DIGITS}!@#$%^*_+-`;
    const s = this.chars(alphabet, this.int(8, 20));
    return quoted && this.r() < 0.2 ? `${this.pick(['correct', 'blue'])} ${this.pick(['horse', 'sky'])} ${this.digits(2)}` : s;
  }

  token(): string {
    return this.pick(['', 'ghp_', 'sk_live_', 'xoxb-']) + this.chars(`${UPPER}${LOWER}${DIGITS}`, this.int(20, 40));
  }

  // ---- look-alikes ----

  orderNumber(): string {
    const len = this.int(13, 19);
    let n = this.pick(['4', '5', '3', '6', '1', '9']) + this.digits(len - 1);
    while (luhnValid(n)) n = n.slice(0, -1) + ((Number(n[n.length - 1]) + 1) % 10);
    return this.r() < 0.3 && len === 16 ? n.replace(/(\d{4})(?=\d)/g, '$1 ') : n;
  }

  lookalike(): string {
    switch (this.int(0, 19)) {
      case 0: return `v${this.int(0, 20)}.${this.int(0, 40)}.${this.int(0, 99)}`;
      case 1: return `${this.int(1, 12)}.${this.int(0, 9)}.${this.int(0, 9)}-rc.${this.int(1, 5)}`;
      case 2: return `2024-${String(this.int(1, 12)).padStart(2, '0')}-${String(this.int(1, 28)).padStart(2, '0')}T${String(this.int(0, 23)).padStart(2, '0')}:${this.int(10, 59)}:${this.int(10, 59)}.${this.digits(3)}Z`;
      case 3: return `${1600000000000 + this.int(0, 1e11)}`;
      case 4: return `1${this.digits(18)}`;
      case 5: return `${this.chars(HEX, 8)}-${this.chars(HEX, 4)}-4${this.chars(HEX, 3)}-a${this.chars(HEX, 3)}-${this.chars(HEX, 12)}`;
      case 6: return this.chars(HEX, this.pick([32, 40, 64]));
      case 7: return `$${this.int(1, 9)},${this.digits(3)}.${this.digits(2)}`;
      case 8: return `EUR ${this.int(1, 999)}.${this.digits(2)}`;
      case 9: return `${this.int(1, 9999)}ms`;
      case 10: return `${String(this.int(0, 23)).padStart(2, '0')}:${this.int(10, 59)}:${this.int(10, 59)}.${this.digits(3)}`;
      case 11: return `${this.int(1, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
      case 12: return this.orderNumber();
      case 13: return this.iban(false);
      case 14: return `${this.pick(['000', '666', '912'])}-${this.digits(2)}-${this.digits(4)}`;
      case 15: return `web-${this.chars(HEX, 9)}-${this.chars(LOWER + DIGITS, 5)}`;
      case 16: return `${this.int(100000000, 999999999)}`;
      case 17: return `${this.int(1, 9)}${this.digits(3)}.${this.digits(2)} KB`;
      case 18: return `10.0.${this.int(10000, 22000)}.${this.int(1000, 3000)}`;
      default: return `build ${this.chars(HEX, 7)}`;
    }
  }

  // ---- lines ----

  private secretPieces(): Piece[] {
    const s = (secret: string, kind: string): Piece => ({ secret, kind });
    switch (this.int(0, 19)) {
      case 0: return ['user ', s(this.email(), 'email'), ' signed in'];
      case 1: return ['sms sent to ', s(this.phone(), 'phone')];
      case 2: return ['charged card ', s(this.card(), 'card'), ' amount ', this.lookalike()];
      case 3: return ['refund to ', s(this.iban(), 'iban')];
      case 4: return ['kyc ssn=', s(this.ssn(), 'ssn')];
      case 5: return ['identity document ', s(this.nationalId(), 'national-id'), ' verified'];
      case 6: return ['session ', s(this.jwt(), 'jwt'), ' issued'];
      case 7: return ['using access key ', s(this.awsKeyId(), 'aws-access-key')];
      case 8: {
        const key = this.pick(['aws_secret_access_key', 'AWS_SECRET_ACCESS_KEY', 'secretAccessKey']);
        return this.r() < 0.5 ? [`${key}=`, s(this.awsSecret(), 'aws-secret-key')] : [`"${key}": "`, s(this.awsSecret(), 'aws-secret-key'), '"'];
      }
      case 9: case 10: case 11: {
        const key = this.pick(['password', 'db_password', 'PASSWORD', 'passwd', 'pwd', 'client_secret', 'api_key', 'apiKey', 'x-api-key', 'access_token', 'refresh_token', 'secret', 'auth_token', 'user.password']);
        const style = this.int(0, 4);
        if (style === 0) return [`${key}=`, s(this.password(false), 'secret')];
        if (style === 1) return [`${key}: `, s(this.password(false), 'secret')];
        if (style === 2) return [`{"${key}":"`, s(this.password(true), 'secret'), '"}'];
        if (style === 3) return [`"${key}": "`, s(this.password(true), 'secret'), '",'];
        return [`${key}='`, s(this.password(true), 'secret'), `'`];
      }
      case 12: case 13: return [this.pick(['Authorization: Bearer ', 'authorization=Bearer ', 'header Authorization: Basic ']), s(this.token(), 'bearer')];
      case 14: return ['contact ', s(this.email(), 'email'), ' or ', s(this.phone(), 'phone')];
      case 15: return ['payment ', s(this.card(), 'card'), ' from ', s(this.email(), 'email')];
      case 16: return ['token=', s(this.token(), 'secret'), ' expires ', this.lookalike()];
      case 17: return ['wire ', s(this.iban(), 'iban'), ' ref ', this.orderNumber()];
      case 18: return ['customer ssn ', s(this.ssn(), 'ssn'), ' phone ', s(this.phone(), 'phone')];
      default: return ['api called with ', s(this.jwt(), 'jwt')];
    }
  }

  private noise(): Piece[] {
    const templates: (() => Piece[])[] = [
      () => ['order ', this.orderNumber(), ' shipped at ', this.lookalike()],
      () => ['request ', this.lookalike(), ' took ', this.lookalike()],
      () => ['GET /api/v2/items/', this.lookalike(), ' 200 ', this.lookalike()],
      () => ['cache key ', this.lookalike(), ' size ', this.lookalike()],
      () => ['tokens=', String(this.int(1, 4096)), ' max_tokens: ', String(this.int(256, 8192))],
      () => ['password reset requested for account ', this.lookalike()],
      () => ['deploy ', this.lookalike(), ' of service checkout version ', this.lookalike()],
      () => ['invoice ', this.orderNumber(), ' total ', this.lookalike(), ' due ', this.lookalike()],
      () => ['secret_name=prod/db token_type=bearer expires_in=', String(this.int(60, 86400))],
      () => ['connected to ', this.lookalike(), ' in ', this.lookalike()],
    ];
    return this.pick(templates)();
  }

  /** One line: a prefix of ordinary log text, then zero to two secrets and look-alikes in random order. */
  line(): LabelledLine {
    const parts: Piece[][] = [this.noise()];
    const secrets = this.pick([0, 1, 1, 1, 2]);
    for (let i = 0; i < secrets; i++) parts.push(this.secretPieces());
    if (this.r() < 0.5) parts.push(this.noise());
    for (let i = parts.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [parts[i], parts[j]] = [parts[j], parts[i]];
    }
    const head = `${this.lookalike()} ${this.pick(['INFO', 'WARN', 'ERROR'])} ${this.pick(['api', 'billing', 'auth'])}: `;
    let text = head;
    const labels: LabelledSecret[] = [];
    parts.forEach((pieces, i) => {
      if (i > 0) text += this.pick([' ', ' | ', '; ', ', ']);
      for (const p of pieces) {
        if (typeof p === 'string') text += p;
        else {
          labels.push({ kind: p.kind, start: text.length, end: text.length + p.secret.length });
          text += p.secret;
        }
      }
    });
    return { text, secrets: labels };
  }

  /** `n` lines. */
  lines(n: number): LabelledLine[] {
    return Array.from({ length: n }, () => this.line());
  }
}
