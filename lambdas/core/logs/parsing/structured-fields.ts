import { extractCorrelationIds } from './correlation-ids';
import { levelFromText, levelFromValue } from './level-detector';
import type { LogFormat, ParsedLog, ParseOptions } from './parsed-log';
import { parseTimestampValue } from './timestamp-parser';

const MESSAGE_KEYS = ['message', 'msg', '@message', 'log', 'text', 'event', 'body', 'short_message'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log_level', 'levelname', 'severity_text', 'severitytext', '@level', 'log.level', 'status'];
const TIME_KEYS = ['timestamp', '@timestamp', 'time', 'ts', 'datetime', 'date', 't', 'eventtime', 'event_time', 'asctime'];
const SERVICE_KEYS = ['service', 'service.name', 'service_name', 'servicename', 'app', 'application', 'app_name'];

// Finds a top-level key without regard to case, or a dotted key through nested objects.
function lookup(fields: Readonly<Record<string, unknown>>, key: string): [string, unknown] | undefined {
  for (const k of Object.keys(fields)) if (k.toLowerCase() === key) return [k, fields[k]];
  const dot = key.indexOf('.');
  if (dot > 0) {
    const head = lookup(fields, key.slice(0, dot));
    const inner = head?.[1];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const found = lookup(inner as Record<string, unknown>, key.slice(dot + 1));
      if (found) return [`${head[0]}.${found[0]}`, found[1]];
    }
  }
  return undefined;
}

function take(fields: Readonly<Record<string, unknown>>, keys: readonly string[], accept: (v: unknown) => boolean): [string, unknown] | undefined {
  for (const key of keys) {
    const hit = lookup(fields, key);
    if (hit && accept(hit[1])) return hit;
  }
  return undefined;
}

function without(fields: Readonly<Record<string, unknown>>, paths: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fields };
  for (const path of paths) {
    if (path in out) delete out[path];
    else {
      // Only top-level entries are removed; nested ones are left in place rather than copied deep.
      const top = path.split('.')[0];
      const v = out[top];
      if (v && typeof v === 'object' && Object.keys(v).length === 1) delete out[top];
    }
  }
  return out;
}

/**
 * Maps the fields of a structured line (JSON or logfmt) to a parsed log: well-known keys for
 * message, level, time and service are lifted out, the rest stay as attributes.
 */
export function fromStructuredFields(format: LogFormat, fields: Readonly<Record<string, unknown>>, options: ParseOptions = {}): ParsedLog {
  const msg = take(fields, MESSAGE_KEYS, (v) => typeof v === 'string');
  const lvl = take(fields, LEVEL_KEYS, (v) => levelFromValue(v) !== undefined);
  const ts = take(fields, TIME_KEYS, (v) => parseTimestampValue(v, options.referenceYear) !== undefined);
  const svc = take(fields, SERVICE_KEYS, (v) => typeof v === 'string' && v !== '');
  const message = msg ? (msg[1] as string) : '';
  const used = [msg, lvl, ts, svc].filter((x): x is [string, unknown] => x !== undefined).map((x) => x[0]);
  const attributes = without(fields, used);
  const text = message || JSON.stringify(attributes);
  let level = lvl ? levelFromValue(lvl[1]) ?? 'unknown' : 'unknown';
  if (level === 'unknown') level = levelFromText(`${message}\n${typeof fields.error === 'string' ? fields.error : ''}`);
  if (level === 'unknown' && (fields.error !== undefined || fields.err !== undefined || fields.exception !== undefined)) level = 'error';
  const ids = extractCorrelationIds(fields, text);
  return {
    format,
    ...(ts ? { timestamp: parseTimestampValue(ts[1], options.referenceYear) } : {}),
    level,
    message,
    attributes,
    ...(svc ? { service: svc[1] as string } : {}),
    ...ids,
  };
}
