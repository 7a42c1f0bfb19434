import { fingerprintError } from '../../../../lambdas/core/logs/errors/error-fingerprint';
import { LogLineProcessor } from '../../../../lambdas/core/logs/log-line-processor';
import { classifySecurity } from '../../../../lambdas/core/logs/security/security-signal';

// Long lines shaped to make careless regular expressions backtrack quadratically. This is not a
// benchmark: the bound is hundreds of times what a linear scan needs, and only catches blow-ups.
const n = 40_000;
const HOSTILE: Record<string, string> = {
  digits: `+${'1'.repeat(n)}`,
  underscores: `key ${'a_'.repeat(n)}`,
  dots: `${'a.'.repeat(n)}@`,
  hyphens: `x@${'a-'.repeat(n)}`,
  quotes: `"password":"${'\\"'.repeat(n)}`,
  kv: `password=${'x'.repeat(n)}`,
  spacedDigits: '1 '.repeat(n),
  brackets: '['.repeat(n),
  stack: `Error: x\n${'    at f (a.js:1:2)\n'.repeat(n / 8)}`,
};

describe('hostile long lines', () => {
  it.each(Object.keys(HOSTILE))('%s is parsed, masked, mined, fingerprinted and classified without blowing up', (name) => {
    const line = HOSTILE[name];
    const t0 = Date.now();
    const out = new LogLineProcessor({ masking: { enable: ['ipv4', 'ipv6'] } }).process(line);
    fingerprintError(line);
    classifySecurity({ timestamp: 0, message: line });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(out.patternId).toMatch(/^p[0-9a-f]{16}$/);
  });
});
