import { patternId } from '../patterns/pattern-id';
import { normaliseFrames, NormalisedFrame } from './frame-normaliser';
import { parseStackTrace } from './stack-trace-parser';

/** What identifies an error for grouping, and the parts it was built from. */
export interface ErrorFingerprint {
  /** Stable hash of type chain, message template and normalised frames. */
  readonly fingerprint: string;
  readonly language: 'java' | 'node' | 'python' | 'none';
  /** Exception types, outermost first (empty when the message names none). */
  readonly types: readonly string[];
  readonly messageTemplate: string;
  readonly frames: readonly NormalisedFrame[];
}

// Values that change between occurrences of one error. Repetitions are bounded or anchored by
// look-behinds so that long hostile lines stay linear.
const VALUE_MASKS: readonly RegExp[] = [
  /"(?:[^"\\\n]|\\.){0,1000}"|'(?:[^'\\\n]|\\.){0,1000}'|`[^`\n]{0,1000}`/g,
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
  /\b[a-z][a-z0-9+.-]{0,20}:\/\/\S+/gi,
  /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?/g,
  /(?<![\w/])(?:\/[\w.@-]+){2,}\/?/g,
  /\b0x[0-9a-fA-F]+\b/g,
  /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi,
  /(?<![A-Za-z])[-+]?\d+(?:[.,:]\d+)*/g,
];

/** A message with its variable values (quoted text, ids, URLs, numbers...) replaced by `<*>`. */
export function messageTemplate(message: string): string {
  let t = message.trim();
  for (const re of VALUE_MASKS) t = t.replace(re, '<*>');
  return t.replace(/\s+/g, ' ');
}

/**
 * Fingerprints an error message: the stack trace (Java, Node, Python) is parsed and normalised,
 * and combined with the exception types and the message template, so one error thrown from
 * shifted lines or with other values keeps its fingerprint while another exception type does not.
 * `template` overrides the message template (e.g. the pattern miner's template).
 */
export function fingerprintError(message: string, template?: string): ErrorFingerprint {
  const parsed = parseStackTrace(message);
  const main = parsed.exceptions[0];
  const firstLine = message.split(/\r?\n/)[0];
  const messageText = template ?? messageTemplate(main ? main.message : firstLine);
  const frames = parsed.exceptions.flatMap((e, i) => normaliseFrames(e.frames, i === 0 ? 12 : 6));
  const types = parsed.exceptions.map((e) => e.type);
  const key = [types.join('<'), messageText, ...frames.map((f) => `${f.function}@${f.file}`)].join('\n');
  return { fingerprint: patternId(key).replace(/^p/, 'e'), language: parsed.language, types, messageTemplate: messageText, frames };
}
