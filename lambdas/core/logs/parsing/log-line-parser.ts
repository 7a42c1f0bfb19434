import { parseAccessLog } from './access-log-parser';
import { extractCorrelationIds } from './correlation-ids';
import { stripHeader } from './header-stripper';
import { parseJsonLine } from './json-line-parser';
import { parseLambdaLine } from './lambda-line-parser';
import { levelFromText } from './level-detector';
import { parseLogfmt } from './logfmt-parser';
import type { ParsedLog, ParseOptions } from './parsed-log';
import { parseSyslog } from './syslog-parser';

/** Parses plain text: a generic header (time, level, logger) and the level guessed from the text. */
export function parseText(line: string, options: ParseOptions = {}): ParsedLog {
  const h = stripHeader(line, options.referenceYear);
  const attributes: Record<string, unknown> = {};
  if (h.component) attributes['logger'] = h.component;
  return {
    format: 'text',
    ...(h.timestamp !== undefined ? { timestamp: h.timestamp } : {}),
    level: h.level ?? levelFromText(h.content),
    message: h.content,
    attributes,
    ...extractCorrelationIds({}, h.content),
  };
}

/**
 * Detects the format of one log line (or a multi-line entry such as a stack trace) and parses it:
 * JSON object, syslog (RFC 5424 / 3164), Apache/nginx access log, AWS Lambda runtime lines,
 * logfmt, else plain text.
 */
export function parseLogLine(line: string, options: ParseOptions = {}): ParsedLog {
  const first = line.trimStart()[0];
  if (first === '{') {
    const json = parseJsonLine(line, options);
    if (json) return json;
  }
  if (first === '<' || /^[A-Z][a-z]{2} /.test(line)) {
    const syslog = parseSyslog(line, options);
    if (syslog) return syslog;
  }
  if (line.includes('] "')) {
    const access = parseAccessLog(line);
    if (access) return access;
  }
  if (line.includes('\t')) {
    const lambda = parseLambdaLine(line);
    if (lambda) return lambda;
  }
  if (line.includes('=')) {
    const logfmt = parseLogfmt(line, options);
    if (logfmt) return logfmt;
  }
  return parseText(line, options);
}
