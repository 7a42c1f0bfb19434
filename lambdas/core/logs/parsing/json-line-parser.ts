import type { ParsedLog, ParseOptions } from './parsed-log';
import { fromStructuredFields } from './structured-fields';

/** Parses a JSON-object line; undefined when the line is not one. */
export function parseJsonLine(line: string, options: ParseOptions = {}): ParsedLog | undefined {
  const t = line.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return fromStructuredFields('json', value as Record<string, unknown>, options);
}
