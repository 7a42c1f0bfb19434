import { LogMasker } from '../../../../../lambdas/core/logs/masking/log-masker';
import { cardValid, cpfValid, ibanValid, ipv6Valid, luhnValid, ninoValid, spanishIdValid, ssnValid } from '../../../../../lambdas/core/logs/masking/validators';

describe('LogMasker', () => {
  it('replaces secrets and counts replacements per rule', () => {
    const r = new LogMasker().mask('user a@b.io paid 4111 1111 1111 1111 and 5555555555554444, password=x1y2z3');
    expect(r.text).toBe('user [EMAIL] paid [CARD] and [CARD], password=[SECRET]');
    expect(r.counts).toEqual({ email: 1, card: 2, secret: 1 });
    expect(r.spans.map((s) => s.rule)).toEqual(['email', 'card', 'card', 'secret']);
  });

  it('leaves IP addresses unless enabled', () => {
    const line = 'from 10.1.2.3 and 2001:db8::8a2e:370:7334';
    expect(new LogMasker().mask(line).text).toBe(line);
    expect(new LogMasker({ enable: ['ipv4', 'ipv6'] }).mask(line).text).toBe('from [IP] and [IP]');
    expect(new LogMasker({ enable: ['ipv4'] }).mask('version 1.2.3.4.5 and 300.1.1.1').text).toBe('version 1.2.3.4.5 and 300.1.1.1');
  });

  it('disables rules by name', () => {
    const m = new LogMasker({ disable: ['email'] });
    expect(m.ruleNames).not.toContain('email');
    expect(m.mask('mail a@b.io').text).toBe('mail a@b.io');
  });

  it('runs custom rules with their replacement and optional group', () => {
    const m = new LogMasker({
      custom: [
        { name: 'employee', pattern: 'EMP-\\d{6}', replacement: '[EMPLOYEE]' },
        { name: 'pin', pattern: 'pin (\\d{4})', replacement: '####', group: 1, flags: 'i' },
      ],
    });
    const r = m.mask('EMP-123456 entered PIN 9876');
    expect(r.text).toBe('[EMPLOYEE] entered PIN ####');
    expect(r.counts).toEqual({ employee: 1, pin: 1 });
  });

  it('masks attribute trees, whole values under secret-named keys', () => {
    const counts: Record<string, number> = {};
    const out = new LogMasker().maskAttributes(
      { db: { password: 'pw', host: 'db.local' }, headers: { Authorization: 'Bearer abc123def456' }, emails: ['x@y.com', 'ok'], n: 4, api_key: 12345 },
      counts,
    );
    expect(out).toEqual({ db: { password: '[SECRET]', host: 'db.local' }, headers: { Authorization: '[SECRET]' }, emails: ['[EMAIL]', 'ok'], n: 4, api_key: '[SECRET]' });
    expect(counts).toEqual({ secret: 3, email: 1 });
  });

  it('masks a record message and attributes together', () => {
    const { record, counts } = new LogMasker().maskRecord({ message: 'ssn 078-05-1120', attributes: { to: 'a@b.io' }, level: 'info' });
    expect(record).toEqual({ message: 'ssn [SSN]', attributes: { to: '[EMAIL]' }, level: 'info' });
    expect(counts).toEqual({ ssn: 1, email: 1 });
  });

  it('gives overlapping text to the earlier rule', () => {
    // The JWT also matches the key/value rule's value; it is counted once, as a JWT.
    const r = new LogMasker().mask('token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijkl');
    expect(r.counts).toEqual({ jwt: 1 });
  });
});

describe('validators', () => {
  it('check cards, IBANs, SSNs and national ids', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(cardValid('4111111111111111')).toBe(true);
    expect(cardValid('1700000000000007')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false);
    expect(ibanValid('DE89370400440532013')).toBe(false);
    expect(ssnValid('078-05-1120')).toBe(true);
    expect(ssnValid('666-05-1120')).toBe(false);
    expect(ssnValid('078-00-1120')).toBe(false);
    expect(spanishIdValid('12345678Z')).toBe(true);
    expect(spanishIdValid('Y1234567X')).toBe(true);
    expect(spanishIdValid('12345678A')).toBe(false);
    expect(cpfValid('111.444.777-35')).toBe(true);
    expect(cpfValid('111.111.111-11')).toBe(false);
    expect(ninoValid('AB123456C')).toBe(true);
    expect(ninoValid('GB123456C')).toBe(false);
    expect(ipv6Valid('::1')).toBe(true);
    expect(ipv6Valid('2001:db8::ff00:42:8329')).toBe(true);
    expect(ipv6Valid('::ffff:192.0.2.128')).toBe(true);
    expect(ipv6Valid('1:2:3')).toBe(false);
    expect(ipv6Valid('1::2::3')).toBe(false);
  });
});
