import { parseLogLine } from '../../../../../lambdas/core/logs/parsing/log-line-parser';

describe('parseLogLine', () => {
  it('parses JSON lines, lifting message, level, time, service and ids', () => {
    const p = parseLogLine('{"level":"WARN","@timestamp":"2024-03-01T10:00:00.250Z","message":"slow","service":{"name":"cart"},"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7","user_id":42,"extra":{"a":1}}');
    expect(p.format).toBe('json');
    expect(p.level).toBe('warn');
    expect(p.timestamp).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 250));
    expect(p.message).toBe('slow');
    expect(p.service).toBe('cart');
    expect(p.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(p.spanId).toBe('00f067aa0ba902b7');
    expect(p.userId).toBe('42');
    expect(p.attributes).toMatchObject({ extra: { a: 1 } });
    expect(p.attributes).not.toHaveProperty('message');
  });

  it('reads pino numeric levels and epoch milliseconds', () => {
    const p = parseLogLine('{"level":50,"time":1700000000123,"msg":"db down","pid":1}');
    expect(p.level).toBe('error');
    expect(p.timestamp).toBe(1700000000123);
  });

  it('converts X-Ray trace ids to 32 hex and reads the parent as span id', () => {
    const p = parseLogLine('{"msg":"x","_X_AMZN_TRACE_ID":"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"}');
    expect(p.traceId).toBe('5759e988bd862e3fe1be46a994272793');
    expect(p.spanId).toBe('53995c3f42cd8ad8');
  });

  it('extracts a W3C traceparent from text', () => {
    const p = parseLogLine('2024-01-01 00:00:00 INFO handled traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 request_id=req-77aa');
    expect(p.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(p.spanId).toBe('b7ad6b7169203331');
    expect(p.requestId).toBe('req-77aa');
  });

  it('parses logfmt', () => {
    const p = parseLogLine('ts=2024-01-02T03:04:05Z level=error msg="payment failed: card declined" service=billing traceId=0af7651916cd43dd8448eb211c80319c user=u-9');
    expect(p.format).toBe('logfmt');
    expect(p.level).toBe('error');
    expect(p.message).toBe('payment failed: card declined');
    expect(p.service).toBe('billing');
    expect(p.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(p.userId).toBe('u-9');
  });

  it('does not take free text ending in key=value pairs for logfmt', () => {
    expect(parseLogLine('Starting server on port=8080 host=localhost').format).toBe('text');
  });

  it('parses combined access logs with the level from the status', () => {
    const line = '203.0.113.9 - jane [10/Oct/2000:13:55:36 -0700] "POST /api/orders HTTP/1.1" 502 512 "https://shop.example/" "curl/8.0"';
    const p = parseLogLine(line);
    expect(p.format).toBe('access');
    expect(p.level).toBe('error');
    expect(p.timestamp).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(p.attributes).toMatchObject({ 'http.method': 'POST', 'http.target': '/api/orders', 'http.status_code': 502, 'http.user_agent': 'curl/8.0' });
    expect(p.userId).toBe('jane');
    expect(parseLogLine('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /missing HTTP/1.1" 404 0').level).toBe('warn');
    expect(parseLogLine('10.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 10').level).toBe('info');
  });

  it('parses RFC 5424 syslog with structured data', () => {
    const p = parseLogLine('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event');
    expect(p.format).toBe('syslog');
    expect(p.level).toBe('info');
    expect(p.service).toBe('evntslog');
    expect(p.message).toBe('An application event');
    expect(p.timestamp).toBe(Date.UTC(2003, 9, 11, 22, 14, 15, 3));
    expect(p.attributes['syslog.structured_data']).toEqual({ 'exampleSDID@32473': { iut: '3', eventSource: 'Application' } });
    expect(parseLogLine('<11>1 2003-10-11T22:14:15Z host app 1 - - disk failure').level).toBe('error');
  });

  it('parses RFC 3164 syslog, with or without priority, needing a year for the time', () => {
    const p = parseLogLine('Dec 10 06:55:46 LabSZ sshd[24200]: Failed password for root from 1.2.3.4 port 22 ssh2', { referenceYear: 2016 });
    expect(p.format).toBe('syslog');
    expect(p.service).toBe('sshd');
    expect(p.attributes).toMatchObject({ 'host.name': 'LabSZ', 'process.pid': '24200' });
    expect(p.timestamp).toBe(Date.UTC(2016, 11, 10, 6, 55, 46));
    expect(parseLogLine('<34>Oct 11 22:14:15 mymachine su: su root failed on /dev/pts/8').level).toBe('fatal');
    expect(parseLogLine('Dec 10 06:55:46 LabSZ sshd[1]: x').timestamp).toBeUndefined();
    expect(parseLogLine('<14>Oct 11 22:14:15 host app: java.lang.IllegalStateException: boom').level).toBe('error');
    expect(parseLogLine('<11>Oct 11 22:14:15 host app: INFO all good').level).toBe('error');
    expect(parseLogLine('Oct 11 22:14:15 host app: plain').level).toBe('unknown');
  });

  it('strips generic headers of plain text lines', () => {
    const hdfs = parseLogLine('081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating');
    expect(hdfs).toMatchObject({ format: 'text', level: 'info', message: 'PacketResponder 1 for block blk_38865049064139660 terminating' });
    expect(hdfs.timestamp).toBe(Date.UTC(2008, 10, 9, 20, 36, 15));
    const zk = parseLogLine('2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread');
    expect(zk).toMatchObject({ level: 'warn', message: 'Send worker leaving thread', timestamp: Date.UTC(2015, 6, 29, 19, 4, 29, 71) });
    const apache = parseLogLine('[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6');
    expect(apache).toMatchObject({ level: 'error', message: 'mod_jk child workerEnv in error state 6' });
    const bgl = parseLogLine('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL FATAL data TLB error interrupt');
    expect(bgl).toMatchObject({ level: 'fatal', message: 'data TLB error interrupt' });
    const hadoop = parseLogLine('2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster');
    expect(hadoop).toMatchObject({ message: 'Created MRAppMaster', attributes: { logger: 'main org.apache.hadoop.mapreduce.v2.app.MRAppMaster' } });
  });

  it('keeps lines without a level whole and guesses the level from the text', () => {
    expect(parseLogLine('Something happened here')).toMatchObject({ level: 'unknown', message: 'Something happened here' });
    expect(parseLogLine('Exception in thread "main" java.lang.IllegalStateException: bad\n\tat com.acme.A.run(A.java:10)').level).toBe('error');
    expect(parseLogLine('TypeError: x is not a function\n    at Object.<anonymous> (/app/index.js:3:5)').level).toBe('error');
    expect(parseLogLine('Traceback (most recent call last):\n  File "app.py", line 3, in <module>').level).toBe('error');
    expect(parseLogLine('Warning: deprecated flag').level).toBe('warn');
    expect(parseLogLine('disk at 91 percent: FATAL').level).toBe('fatal');
    expect(parseLogLine('0 errors found').level).toBe('unknown');
  });

  it('parses AWS Lambda Node.js and Python runtime lines', () => {
    const node = parseLogLine('2024-02-03T04:05:06.789Z\t8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab\tERROR\tInvoke Error \t{"errorType":"TypeError"}');
    expect(node).toMatchObject({ level: 'error', requestId: '8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab', timestamp: Date.UTC(2024, 1, 3, 4, 5, 6, 789), message: 'Invoke Error \t{"errorType":"TypeError"}' });
    const py = parseLogLine('[WARNING]\t2024-02-03T04:05:06.789Z\t8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab\tslow downstream');
    expect(py).toMatchObject({ level: 'warn', message: 'slow downstream', requestId: '8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab' });
  });

  it('reads Lambda RequestId lines', () => {
    const p = parseLogLine('START RequestId: 8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab Version: $LATEST');
    expect(p.requestId).toBe('8f5bd5a3-1a2b-4c3d-9e8f-0123456789ab');
  });
});
