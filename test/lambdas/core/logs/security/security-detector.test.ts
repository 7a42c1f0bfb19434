import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithConformance } from '../../../../support/conformance';
import { parseLogLine } from '../../../../../lambdas/core/logs/parsing/log-line-parser';
import { DEFAULT_SECURITY_CONFIG, SecurityDetector, SecurityEvent } from '../../../../../lambdas/core/logs/security/security-detector';
import { classifySecurity } from '../../../../../lambdas/core/logs/security/security-signal';

function run(detector: SecurityDetector, lines: readonly { t: number; line: string }[]): SecurityEvent[] {
  const out: SecurityEvent[] = [];
  for (const { t, line } of lines) {
    const p = parseLogLine(line);
    out.push(...detector.add({ timestamp: t, message: p.message, attributes: p.attributes, ...(p.userId ? { userId: p.userId } : {}) }));
  }
  return [...out, ...detector.flush()];
}

const T0 = Date.UTC(2024, 0, 1);

describeWithConformance('security events on the Loghub OpenSSH sample', ['loghub', 'OpenSSH'], (dir) => {
  it('finds the brute-force sources and no address with few failures', () => {
    const lines = readFileSync(join(dir, 'OpenSSH_2k.log'), 'utf8').split(/\r?\n/).filter(Boolean);
    // Independent count of failed attempts per address, straight from the text.
    const failures = new Map<string, number>();
    for (const l of lines) {
      const m = /Failed \S+ for .*? from (\S+) port/.exec(l);
      if (m) failures.set(m[1], (failures.get(m[1]) ?? 0) + 1);
    }
    const detector = new SecurityDetector();
    const events: SecurityEvent[] = [];
    for (const l of lines) {
      const p = parseLogLine(l, { referenceYear: 2016 });
      events.push(...detector.add({ timestamp: p.timestamp as number, message: p.message, attributes: p.attributes }));
    }
    events.push(...detector.flush());
    const flagged = new Set(events.filter((e) => e.type === 'auth-failure-burst-ip').map((e) => e.key.slice(3)));
    const heavy = [...failures].filter(([, n]) => n >= 20).map(([ip]) => ip);
    expect(heavy.length).toBeGreaterThanOrEqual(4);
    for (const ip of heavy) expect(flagged).toContain(ip);
    for (const ip of flagged) expect(failures.get(ip) ?? 0).toBeGreaterThanOrEqual(DEFAULT_SECURITY_CONFIG.authFailuresPerIp);
    expect(events.some((e) => e.type === 'auth-failure-burst-user' && e.key === 'user:root' && e.severity === 'high')).toBe(true);
    const top = events.filter((e) => e.key === 'ip:183.62.140.253');
    expect(Math.max(...top.map((e) => e.count))).toBe(failures.get('183.62.140.253'));
    console.log(`OpenSSH: ${flagged.size} brute-force sources flagged (${[...flagged].join(', ')}); ${heavy.length} with >= 20 failures expected`);
  });
});

describe('SecurityDetector on synthetic data', () => {
  const ssh = (user: string, ip: string) => `Dec 10 06:55:46 host sshd[1]: Failed password for ${user} from ${ip} port 4242 ssh2`;

  it('reports a burst from one address once when it crosses the threshold, escalates and summarises', () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ t: T0 + i * 1000, line: ssh(`u${i}`, '198.51.100.7') }));
    const events = run(new SecurityDetector(), lines).filter((e) => e.type === 'auth-failure-burst-ip');
    expect(events.map((e) => [e.count, e.severity])).toEqual([[10, 'medium'], [50, 'high'], [60, 'high']]);
    expect(events[0]).toMatchObject({ key: 'ip:198.51.100.7', windowStart: T0, windowEnd: T0 + 9000 });
    expect(events[0].samples).toHaveLength(5);
  });

  it('ignores slow attempts that never fill the window', () => {
    const lines = Array.from({ length: 30 }, (_, i) => ({ t: T0 + i * 120_000, line: ssh('root', '198.51.100.8') }));
    expect(run(new SecurityDetector(), lines)).toEqual([]);
  });

  it('finds credential stuffing against one user from many addresses', () => {
    const lines = Array.from({ length: 8 }, (_, i) => ({ t: T0 + i * 2000, line: ssh('alice', `203.0.113.${i + 1}`) }));
    const events = run(new SecurityDetector(), lines);
    expect(events.map((e) => e.type)).toEqual(['auth-failure-burst-user', 'auth-failure-burst-user']);
    expect(events[0]).toMatchObject({ key: 'user:alice', count: 5 });
    expect(events[1]).toMatchObject({ count: 8 });
  });

  it('uses configurable thresholds and windows', () => {
    const d = new SecurityDetector({ ...DEFAULT_SECURITY_CONFIG, authFailuresPerIp: 3, authFailuresPerUser: 100, windowMs: 10_000 });
    const lines = [0, 4000, 8000, 30_000, 31_000].map((dt) => ({ t: T0 + dt, line: ssh('bob', '192.0.2.1') }));
    const events = run(d, lines);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'auth-failure-burst-ip', count: 3 });
  });

  it('counts HTTP 401s per client and handles records slightly out of order', () => {
    const line = (s: number) => `192.0.2.44 - - [01/Jan/2024:00:00:0${s} +0000] "POST /login HTTP/1.1" 401 12`;
    const order = [0, 2, 1, 4, 3, 6, 5, 8, 7, 9];
    const events = run(new SecurityDetector(), order.map((s) => ({ t: T0 + s * 1000, line: line(s) })));
    expect(events[0]).toMatchObject({ type: 'auth-failure-burst-ip', key: 'ip:192.0.2.44', count: 10, windowStart: T0, windowEnd: T0 + 9000 });
  });

  it('reports privilege changes: sudo, su, group and role grants, IAM policy attachments', () => {
    const d = new SecurityDetector();
    const sudo = d.add({ timestamp: T0, message: 'sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash' });
    expect(sudo).toEqual([expect.objectContaining({ type: 'privilege-change', severity: 'high', key: 'actor:alice target:root sudo /bin/bash' })]);
    expect(d.add({ timestamp: T0, message: "usermod: add 'bob' to group 'wheel'" })[0]).toMatchObject({ severity: 'high' });
    expect(d.add({ timestamp: T0, message: 'GRANT ROLE reporting TO carol' })[0]).toMatchObject({ severity: 'medium', key: 'target:carol role reporting' });
    const trail = {
      eventSource: 'iam.amazonaws.com',
      eventName: 'AttachUserPolicy',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/mallory', userName: 'mallory' },
      sourceIPAddress: '198.51.100.9',
      requestParameters: { userName: 'mallory', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    };
    const p = parseLogLine(JSON.stringify(trail));
    expect(d.add({ timestamp: T0, message: p.message, attributes: p.attributes })[0]).toMatchObject({
      type: 'privilege-change',
      severity: 'high',
      key: 'actor:arn:aws:iam::123456789012:user/mallory target:mallory AttachUserPolicy arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(classifySecurity({ timestamp: T0, message: JSON.stringify({ ...trail, requestParameters: { roleName: 'ci', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, eventName: 'AttachRolePolicy' }) })).toMatchObject({ kind: 'privilege-change', elevated: false, target: 'ci' });
  });

  it('detects access-denied spikes per principal from CloudTrail error codes', () => {
    const d = new SecurityDetector();
    const events: SecurityEvent[] = [];
    for (let i = 0; i < 25; i++) {
      const record = { eventSource: 's3.amazonaws.com', eventName: 'GetObject', errorCode: 'AccessDenied', userIdentity: { arn: 'arn:aws:sts::1:assumed-role/app/x' }, sourceIPAddress: '10.0.0.1' };
      events.push(...d.add({ timestamp: T0 + i * 1000, message: '', attributes: record }));
    }
    events.push(...d.flush());
    expect(events.map((e) => [e.type, e.key, e.count, e.severity])).toEqual([
      ['access-denied-spike', 'principal:arn:aws:sts::1:assumed-role/app/x', 20, 'low'],
      ['access-denied-spike', 'principal:arn:aws:sts::1:assumed-role/app/x', 25, 'low'],
    ]);
  });

  it('classifies console login failures and leaves ordinary lines alone', () => {
    const login = { eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { userName: 'eve', arn: 'arn:aws:iam::1:user/eve' }, sourceIPAddress: '203.0.113.50', responseElements: { ConsoleLogin: 'Failure' } };
    expect(classifySecurity({ timestamp: 0, message: '', attributes: login })).toEqual({ kind: 'auth-failure', user: 'eve', sourceIp: '203.0.113.50' });
    expect(classifySecurity({ timestamp: 0, message: 'login failed for user dave from 203.0.113.9' })).toEqual({ kind: 'auth-failure', user: 'dave', sourceIp: '203.0.113.9' });
    expect(classifySecurity({ timestamp: 0, message: 'Accepted password for fztu from 119.137.62.142 port 49116 ssh2' })).toBeUndefined();
    expect(classifySecurity({ timestamp: 0, message: 'pam_unix(sshd:auth): authentication failure; logname= uid=0 rhost=1.2.3.4 user=root' })).toBeUndefined();
    expect(classifySecurity({ timestamp: 0, message: 'open /etc/shadow: permission denied' })).toEqual({ kind: 'access-denied' });
  });
});
