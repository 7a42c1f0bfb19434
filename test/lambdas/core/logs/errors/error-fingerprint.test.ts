import { fingerprintError, messageTemplate } from '../../../../../lambdas/core/logs/errors/error-fingerprint';
import { ErrorGroups } from '../../../../../lambdas/core/logs/errors/error-groups';
import { parseStackTrace } from '../../../../../lambdas/core/logs/errors/stack-trace-parser';

const java = (orderId: number, line: number, lambda: number, proxy: string) => `Failed to handle request
java.lang.IllegalStateException: Order ${orderId} not found for customer "c-${orderId * 7}"
\tat com.acme.orders.OrderService.lambda$find$${lambda}(OrderService.java:${line})
\tat java.base/java.util.Optional.orElseThrow(Optional.java:403)
\tat com.acme.orders.OrderService.find(OrderService.java:${line - 3})
\tat com.acme.orders.OrderService$$EnhancerBySpringCGLIB$$${proxy}.find(<generated>)
\tat jdk.internal.reflect.GeneratedMethodAccessor${lambda + 40}.invoke(Unknown Source)
\tat java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)
\tat com.acme.web.OrderController$1.handle(OrderController.java:${line + 20})
Caused by: java.sql.SQLTimeoutException: query timed out after ${line} ms
\tat org.postgresql.jdbc.PgStatement.execute(PgStatement.java:${line + 1})
\t... 12 more`;

const node = (id: string, line: number, hash: string) => `TypeError: Cannot read properties of undefined (reading '${id}')
    at getUser (/var/task/dist/handler.${hash}.js:${line}:15)
    at async Promise.all (index 0)
    at processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async Runtime.handler (file:///var/task/dist/index.mjs:${line + 40}:3)`;

const python = (user: number, line: number) => `Traceback (most recent call last):
  File "/var/task/app.py", line ${line}, in handler
    result = process(event)
  File "/var/task/app.py", line ${line - 5}, in process
    return lookup(user_id=${user})
  File "/opt/python/lib/python3.12/site-packages/db/client.py", line 88, in lookup
    raise KeyError(user_id)
KeyError: ${user}`;

describe('parseStackTrace', () => {
  it('parses Java chains with Caused by', () => {
    const p = parseStackTrace(java(1, 42, 0, 'a1b2c3'));
    expect(p.language).toBe('java');
    expect(p.exceptions.map((e) => e.type)).toEqual(['java.lang.IllegalStateException', 'java.sql.SQLTimeoutException']);
    expect(p.exceptions[0].frames[0]).toEqual({ function: 'com.acme.orders.OrderService.lambda$find$0', file: 'OrderService.java', line: 42 });
  });

  it('parses Node and Python traces', () => {
    const n = parseStackTrace(node('id', 12, 'abc123ef'));
    expect(n.language).toBe('node');
    expect(n.exceptions[0]).toMatchObject({ type: 'TypeError', message: "Cannot read properties of undefined (reading 'id')" });
    expect(n.exceptions[0].frames[0]).toEqual({ function: 'getUser', file: '/var/task/dist/handler.abc123ef.js', line: 12 });
    const p = parseStackTrace(python(7, 30));
    expect(p.language).toBe('python');
    expect(p.exceptions[0]).toMatchObject({ type: 'KeyError', message: '7' });
    expect(p.exceptions[0].frames).toHaveLength(3);
  });
});

describe('fingerprintError', () => {
  it('gives the same fingerprint to one error thrown from shifted lines with other values', () => {
    const a = fingerprintError(java(1001, 42, 0, 'a1b2c3'));
    const b = fingerprintError(java(2002, 57, 3, 'ffee99'));
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(a.messageTemplate).toBe('Order <*> not found for customer <*>');
    expect(a.frames.map((f) => f.function)).toEqual([
      'com.acme.orders.OrderService.lambda$find',
      'java.util.Optional.orElseThrow',
      'com.acme.orders.OrderService.find',
      'com.acme.orders.OrderService$$EnhancerBySpringCGLIB.find',
      'com.acme.web.OrderController$?.handle',
      'org.postgresql.jdbc.PgStatement.execute',
    ]);
    expect(fingerprintError(node('id', 12, 'abc123ef')).fingerprint).toBe(fingerprintError(node('email', 19, '99ff00aa')).fingerprint);
    expect(fingerprintError(python(7, 30)).fingerprint).toBe(fingerprintError(python(123456, 41)).fingerprint);
  });

  it('separates different exception types and different call sites', () => {
    const base = java(1, 42, 0, 'a1');
    const other = base.replace('java.lang.IllegalStateException', 'java.lang.IllegalArgumentException');
    expect(fingerprintError(other).fingerprint).not.toBe(fingerprintError(base).fingerprint);
    const cause = base.replace('java.sql.SQLTimeoutException', 'java.net.ConnectException');
    expect(fingerprintError(cause).fingerprint).not.toBe(fingerprintError(base).fingerprint);
    const nodeRange = node('id', 12, 'abc').replace('TypeError', 'RangeError');
    expect(fingerprintError(nodeRange).fingerprint).not.toBe(fingerprintError(node('id', 12, 'abc')).fingerprint);
    const elsewhere = node('id', 12, 'abc').replace('getUser', 'getOrder');
    expect(fingerprintError(elsewhere).fingerprint).not.toBe(fingerprintError(node('id', 12, 'abc')).fingerprint);
    expect(fingerprintError(python(7, 30).replace(/^KeyError/m, 'ValueError')).fingerprint).not.toBe(fingerprintError(python(7, 30)).fingerprint);
  });

  it('fingerprints messages without traces by their template', () => {
    const a = fingerprintError('Error: connect ECONNREFUSED 10.0.0.5:5432');
    const b = fingerprintError('Error: connect ECONNREFUSED 10.0.0.9:5432');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.language).toBe('none');
    expect(a.types).toEqual(['Error']);
    expect(fingerprintError('Error: disk full').fingerprint).not.toBe(a.fingerprint);
  });

  it('templates messages', () => {
    expect(messageTemplate("user 'bob' id=42 from https://x.io/a?b=1 at 0x7ffe took 3.5 s")).toBe('user <*> id=<*> from <*> at <*> took <*> s');
  });
});

describe('ErrorGroups', () => {
  it('aggregates count, first/last seen, distinct users, services and a sample; round-trips JSON', () => {
    const groups = new ErrorGroups();
    groups.add({ timestamp: 2000, message: java(1, 42, 0, 'a'), userId: 'u1', service: 'orders' });
    groups.add({ timestamp: 1000, message: java(2, 50, 1, 'b'), userId: 'u2', service: 'orders' });
    groups.add({ timestamp: 3000, message: java(3, 60, 2, 'c'), userId: 'u1', service: 'checkout' });
    const r = groups.add({ timestamp: 2500, message: node('id', 3, 'aa') });
    expect(r.isNew).toBe(true);
    const list = groups.list();
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ count: 3, firstSeen: 1000, lastSeen: 3000, distinctUsers: 2, services: ['orders', 'checkout'], types: ['java.lang.IllegalStateException', 'java.sql.SQLTimeoutException'] });
    expect(list[0].sample).toBe(java(1, 42, 0, 'a'));
    const restored = ErrorGroups.fromJSON(JSON.parse(JSON.stringify(groups.toJSON())));
    restored.add({ timestamp: 4000, message: java(9, 70, 5, 'd'), userId: 'u3' });
    expect(restored.get(list[0].fingerprint)).toMatchObject({ count: 4, lastSeen: 4000, distinctUsers: 3 });
  });

  it('counts users exactly up to the cap and flags more', () => {
    const groups = new ErrorGroups(2);
    for (const u of ['a', 'b', 'c', 'd']) groups.add({ timestamp: 1, message: 'Error: boom', userId: u });
    expect(groups.list()[0].distinctUsers).toBe(3);
  });
});
