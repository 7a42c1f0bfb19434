import { extractCorrelationIds } from './correlation-ids';
import { levelFromName, levelFromText } from './level-detector';
import type { ParsedLog } from './parsed-log';
import { parseTimestamp } from './timestamp-parser';

const UUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
// Node.js runtime: `2024-01-01T00:00:00.000Z\t<request id>\tERROR\tmessage`.
const NODE = new RegExp(String.raw`^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\t(${UUID}|undefined)\t([A-Z]+)\t([\s\S]*)$`);
// Python runtime: `[ERROR]\t2024-01-01T00:00:00.000Z\t<request id>\tmessage`.
const PYTHON = new RegExp(String.raw`^\[([A-Z]+)\]\t(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\t(${UUID})\t([\s\S]*)$`);

/**
 * Parses the tab-separated lines the AWS Lambda Node.js and Python runtimes write to CloudWatch
 * Logs (time, request id, level, message); undefined for other lines.
 */
export function parseLambdaLine(line: string): ParsedLog | undefined {
  let time: string;
  let requestId: string;
  let levelName: string;
  let message: string;
  const n = NODE.exec(line);
  const p = n ? undefined : PYTHON.exec(line);
  if (n) [, time, requestId, levelName, message] = n;
  else if (p) [, levelName, time, requestId, message] = p;
  else return undefined;
  const timestamp = parseTimestamp(time);
  const ids = extractCorrelationIds({}, message);
  return {
    format: 'text',
    ...(timestamp !== undefined ? { timestamp } : {}),
    level: levelFromName(levelName) ?? levelFromText(message),
    message: message.trimEnd(),
    attributes: {},
    ...ids,
    ...(requestId !== 'undefined' ? { requestId } : {}),
  };
}
