import { extractCorrelationIds } from './correlation-ids';
import { levelFromHttpStatus } from './level-detector';
import type { ParsedLog } from './parsed-log';
import { parseTimestamp } from './timestamp-parser';

// Common Log Format, optionally followed by the combined format's referer and user agent and
// nginx-style extras (request time, upstream fields...), which are kept as `http.extra`.
const ACCESS = /^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(?:\s+(.*))?$/;

/**
 * Parses an Apache/nginx access log line in the common or combined format; the level follows
 * the status (5xx error, 4xx warn). Undefined when the line is not one.
 */
export function parseAccessLog(line: string): ParsedLog | undefined {
  const m = ACCESS.exec(line.trim());
  if (!m) return undefined;
  const [, host, ident, user, time, request, statusText, bytes, referer, agent, extra] = m;
  const status = Number(statusText);
  const attributes: Record<string, unknown> = { 'http.client_ip': host, 'http.status_code': status };
  const req = /^(\S+) (\S+)(?: (HTTP\/[\d.]+))?$/.exec(request);
  if (req) {
    attributes['http.method'] = req[1];
    attributes['http.target'] = req[2];
    if (req[3]) attributes['http.protocol'] = req[3];
  } else attributes['http.request'] = request;
  if (bytes !== '-') attributes['http.response_size'] = Number(bytes);
  if (ident !== '-') attributes['ident'] = ident;
  if (user !== '-') attributes['user'] = user;
  if (referer !== undefined && referer !== '-') attributes['http.referer'] = referer;
  if (agent !== undefined && agent !== '-') attributes['http.user_agent'] = agent;
  if (extra) attributes['http.extra'] = extra;
  const ids = extractCorrelationIds({}, extra ?? '');
  const timestamp = parseTimestamp(time);
  return {
    format: 'access',
    ...(timestamp !== undefined ? { timestamp } : {}),
    level: levelFromHttpStatus(status),
    message: `${request} ${status}`,
    attributes,
    ...ids,
    ...(user !== '-' ? { userId: user } : {}),
  };
}
