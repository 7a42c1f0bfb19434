import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { LocalPlatform } from '../../../lambdas/local/local-platform';
import { eventually, searchAll, startLogPlatform } from './log-platform-helpers';

jest.setTimeout(30_000);

const T = Date.UTC(2026, 2, 1, 12, 0, 0);

function luhnCard(prefix: string, seed: number): string {
  let digits = prefix + String(seed * 7_919_317 + 12_345_678_901_234).padStart(15 - prefix.length, '0').slice(-(15 - prefix.length));
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  digits += String((10 - (sum % 10)) % 10);
  return digits;
}

function b64url(o: unknown): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

/** A labelled corpus: each line carries secrets the stores must never see. */
function corpus(n: number) {
  const secrets: string[] = [];
  const lines: string[] = [];
  const ibans = ['GB82WEST12345698765432', 'DE89370400440532013000', 'FR1420041010050500013M02606'];
  for (let i = 0; i < n; i++) {
    const email = `customer.${i}.x${(i * 7919).toString(36)}@example.org`;
    const card = luhnCard('4', i + 11);
    const jwt = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: `user-${i}`, n: i * 31 })}.${Buffer.from(`sig-${i}-abcdefghijklmnop`).toString('base64url')}`;
    const akid = `AKIA${(1_000_000_000_000_000 + i * 982_451_653).toString(36).toUpperCase().padEnd(16, 'Q').slice(0, 16)}`;
    const password = `Pw-${(i * 104_729).toString(36)}-Zq9`;
    const iban = ibans[i % ibans.length];
    secrets.push(email, card, jwt, akid, password);
    if (i < ibans.length) secrets.push(iban);
    switch (i % 4) {
      case 0:
        lines.push(`user ${email} paid with card ${card} iban ${iban}`);
        break;
      case 1:
        lines.push(JSON.stringify({ level: 'error', msg: `login failed password=${password}`, userId: email, token: jwt }));
        break;
      case 2:
        lines.push(`level=warn msg="auth header" authorization="Bearer ${jwt}" aws_access_key_id=${akid}`);
        break;
      default:
        lines.push(`ERROR charge failed for ${email} card=${card} key ${akid} password: ${password}`);
    }
  }
  return { secrets: [...new Set(secrets)], lines };
}

describe('masking happens before anything is stored (local platform, every ingest path)', () => {
  let platform: LocalPlatform;
  let dir: string;

  beforeAll(async () => {
    ({ platform, dir } = await startLogPlatform('masking-e2e-'));
  });
  afterAll(async () => {
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('no raw secret reaches the log store, the FTS index, the state store, metrics or the notifier outbox', async () => {
    const { secrets, lines } = corpus(200);
    const third = Math.floor(lines.length / 3);
    const loki = lines.slice(0, third);
    const otlp = lines.slice(third, 2 * third);
    const cwl = lines.slice(2 * third);
    const emails = secrets.filter((x) => x.includes('@'));
    const passwords = secrets.filter((x) => x.startsWith('Pw-'));
    const lokiRes = await fetch(`${platform.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ streams: [{ stream: { service_name: 'shop' }, values: loki.map((l, i) => [`${T + i}000000`, l, { user_email: secrets[0] }]) }] })),
    });
    expect([lokiRes.status, lokiRes.status === 204 ? '' : await lokiRes.text()]).toEqual([204, '']);
    const otlpRes = await fetch(`${platform.url}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
            scopeLogs: [
              {
                scope: { name: 'app' },
                logRecords: otlp.map((l, i) => ({
                  timeUnixNano: `${T + third + i}000000`,
                  body: { stringValue: l },
                  attributes: [{ key: 'enduser.email', value: { stringValue: emails[i % emails.length] } }, { key: 'db.password', value: { stringValue: passwords[i % passwords.length] } }],
                })),
              },
            ],
          },
        ],
      }),
    });
    expect(otlpRes.status).toBe(200);
    expect(await otlpRes.json()).toEqual({});
    const cwlData = gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/shop',
        logStream: 's',
        subscriptionFilters: ['f'],
        logEvents: cwl.map((message, i) => ({ id: `ev-${i}`, timestamp: T + 2 * third + i, message })),
      }),
    );
    await platform.stream.put('logs', [{ id: 'cwl-1', partitionKey: 'shop', data: cwlData }]);

    const range = { from: new Date(T - 1000).toISOString(), to: new Date(T + 60_000).toISOString() };
    const stored = await eventually(async () => {
      const got = await searchAll(platform.url, { ...range, q: 'service:shop' });
      return got.length >= lines.length ? got : undefined;
    });
    expect(stored).toHaveLength(lines.length);
    expect(stored.some((r) => r.message.includes('[EMAIL]'))).toBe(true);

    // Read every row of every table but the stream's own (the transport, like Kinesis) from a second connection.
    const files = readdirSync(dir).filter((f) => f.endsWith('.db'));
    const db = new Database(join(dir, files[0]), { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'stream_%' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['log_records', 'log_fts_data', 'state_items', 'metric_labels', 'notification_outbox']));
    const leaks: string[] = [];
    let cells = 0;
    for (const table of tables) {
      for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]) {
        for (const cell of row) {
          const text = Buffer.isBuffer(cell) ? cell.toString('latin1') : String(cell);
          cells++;
          for (const s of secrets) if (text.includes(s) || text.toLowerCase().includes(s.toLowerCase())) leaks.push(`${table}: ${s}`);
        }
      }
    }
    db.close();
    expect(cells).toBeGreaterThan(lines.length);
    // The archive (gzip JSON lines under <DATA_DIR>/archive/) holds the same masked records.
    const archived = await eventually(async () => {
      const texts = readdirSync(join(dir, 'archive'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
        .map((e) => gunzipSync(readFileSync(join(e.parentPath, e.name))).toString('utf8'));
      return texts.join('').split('\n').filter((l) => l !== '').length >= lines.length ? texts : undefined;
    });
    for (const text of archived) for (const s of secrets) if (text.toLowerCase().includes(s.toLowerCase())) leaks.push(`archive: ${s}`);
    expect(leaks).toEqual([]);
    // The state store holds the miner, error groups and security events built from masked text.
    const errors = (await (await fetch(`${platform.url}/monitoring/errors?from=${range.from}&to=${range.to}`)).json()) as { items: { sample: string }[] };
    expect(errors.items.length).toBeGreaterThan(0);
  });
});
