import type { LogLevel } from '../../domain/log-record';
import { extractCorrelationIds } from './correlation-ids';
import { levelFromSyslogSeverity, levelFromText } from './level-detector';
import type { ParsedLog, ParseOptions } from './parsed-log';
import { parseTimestamp } from './timestamp-parser';

const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/s;
const RFC3164 = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}(?: \d{4})?) (\S+) ([^\s:[\]]+)(?:\[(\d+)\])?: ?(.*)$/s;
const SD_ELEMENT = /\[([^\s\]=]+)((?:\s+[^\s=\]]+="(?:[^"\\]|\\.)*")*)\]/g;
const SD_PARAM = /([^\s=\]]+)="((?:[^"\\]|\\.)*)"/g;

const RANK: readonly LogLevel[] = ['unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];

function nil(v: string): string | undefined {
  return v === '-' ? undefined : v;
}

function structuredData(sd: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const el of sd.matchAll(SD_ELEMENT)) {
    const params: Record<string, string> = {};
    for (const p of el[2].matchAll(SD_PARAM)) params[p[1]] = p[2].replace(/\\(["\\\]])/g, '$1');
    out[el[1]] = params;
  }
  return out;
}

/**
 * Parses a syslog line: RFC 5424 (`<165>1 2003-10-11T22:14:15.003Z host app 1234 ID47 [sd] msg`)
 * or RFC 3164 / BSD (`<34>Oct 11 22:14:15 host su[123]: msg`, the priority being optional as in
 * files written by syslog daemons). Undefined when the line is neither.
 */
export function parseSyslog(line: string, options: ParseOptions = {}): ParsedLog | undefined {
  let m = RFC5424.exec(line);
  if (m) {
    const [, pri, time, host, app, procId, msgId, sd, rawMsg] = m;
    const message = (rawMsg ?? '').replace(/^\uFEFF/, '');
    const attributes: Record<string, unknown> = { 'syslog.facility': Math.floor(+pri / 8) };
    if (nil(host)) attributes['host.name'] = host;
    if (nil(procId)) attributes['process.pid'] = procId;
    if (nil(msgId)) attributes['syslog.msgid'] = msgId;
    if (sd !== '-') attributes['syslog.structured_data'] = structuredData(sd);
    const timestamp = nil(time) && parseTimestamp(time);
    return {
      format: 'syslog',
      ...(timestamp ? { timestamp } : {}),
      level: levelFromSyslogSeverity(+pri % 8),
      message,
      attributes,
      ...(nil(app) ? { service: app } : {}),
      ...extractCorrelationIds(sd === '-' ? {} : flattenSd(structuredData(sd)), message),
    };
  }
  m = RFC3164.exec(line);
  if (!m) return undefined;
  const [, pri, time, host, tag, pid, message] = m;
  const attributes: Record<string, unknown> = { 'host.name': host };
  if (pid) attributes['process.pid'] = pid;
  if (pri) attributes['syslog.facility'] = Math.floor(+pri / 8);
  const timestamp = parseTimestamp(time, options.referenceYear);
  const textLevel = levelFromText(message);
  // The priority is authoritative, but many programs log everything at one priority: a text that
  // says worse (an exception under `info`) raises the level.
  const priLevel = pri ? levelFromSyslogSeverity(+pri % 8) : 'unknown';
  return {
    format: 'syslog',
    ...(timestamp !== undefined ? { timestamp } : {}),
    level: RANK.indexOf(textLevel) > RANK.indexOf(priLevel) ? textLevel : priLevel,
    message,
    attributes,
    service: tag,
    ...extractCorrelationIds({}, message),
  };
}

function flattenSd(sd: Record<string, Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const params of Object.values(sd)) Object.assign(out, params);
  return out;
}
