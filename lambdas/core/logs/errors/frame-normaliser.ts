import type { StackFrame } from './stack-trace-parser';

/** A frame reduced to what stays the same across builds, deployments and line shifts. */
export interface NormalisedFrame {
  readonly function: string;
  readonly file: string;
}

// Generated names: Java lambdas and proxies, CGLIB/ByteBuddy classes, anonymous classes, reflection
// accessors, V8 anonymous functions, Python comprehensions keep their kind but lose their counter.
const FUNCTION_RULES: readonly [RegExp, string][] = [
  [/\$\$Lambda\$?[\w]*(?:\/0x[0-9a-f]+)?/g, '$$$$Lambda'],
  [/lambda\$([\w]+)\$\d+/g, 'lambda$$$1'],
  [/\$\$(EnhancerBy\w*?CGLIB|FastClassBy\w*?CGLIB|ByteBuddy|SpringCGLIB|HibernateProxy)\$\$[0-9a-f]+/gi, '$$$$$1'],
  [/\$\d+(?=[.$]|$)/g, '$$?'],
  [/GeneratedMethodAccessor\d+/g, 'GeneratedMethodAccessor'],
  [/GeneratedConstructorAccessor\d+/g, 'GeneratedConstructorAccessor'],
  [/\$Proxy\d+/g, '$$Proxy'],
  [/0x[0-9a-fA-F]+/g, '0x?'],
];

const RUNTIME_FRAME = /^(?:node:internal|internal\/|node:|java\.base\/jdk\.internal\.reflect|jdk\.internal\.reflect|sun\.reflect|java\.lang\.reflect|<frozen )/;

/** The stable part of a file path: no line, column, query, build hash or deployment root. */
export function normaliseFile(file: string): string {
  let f = file.replace(/^(?:file:\/\/|webpack:\/\/\/?|webpack-internal:\/\/\/)/, '');
  f = f.replace(/[?#].*$/, '').replace(/:\d+(?::\d+)?$/, '');
  const nm = f.lastIndexOf('node_modules/');
  if (nm >= 0) f = f.slice(nm);
  const sp = f.search(/(?:site|dist)-packages\//);
  if (sp >= 0) f = f.slice(f.indexOf('/', sp) + 1);
  f = f.replace(/^(?:\/var\/task|\/var\/runtime|\/opt\/nodejs|\/opt\/python|\/opt|\/app|\/usr\/src\/app|\/srv|\/home\/[^/]+|\/workspace|[A-Za-z]:\\[^:]*?\\(?=src\\))\//, '');
  // Content hashes in bundle names: main.3f2a1b9c.js, chunk-7d9f8b6c.mjs.
  f = f.replace(/([.-])[0-9a-f]{6,}(?=\.(?:m?js|cjs|css)$)/, '');
  return f.replace(/^java\.base\//, '');
}

/** Function name without generated counters and addresses. */
export function normaliseFunction(name: string): string {
  let n = name.replace(/^java\.base\//, '');
  for (const [re, to] of FUNCTION_RULES) n = n.replace(re, to);
  return n.replace(/^(?:async |new )/, '');
}

/**
 * Frames as fingerprints use them: runtime internals (Node internals, reflection plumbing) are
 * dropped since they change with runtime versions, and at most `limit` frames are kept.
 */
export function normaliseFrames(frames: readonly StackFrame[], limit = 12): NormalisedFrame[] {
  const out: NormalisedFrame[] = [];
  for (const f of frames) {
    if (RUNTIME_FRAME.test(f.file) || RUNTIME_FRAME.test(f.function)) continue;
    out.push({ function: normaliseFunction(f.function), file: normaliseFile(f.file) });
    if (out.length >= limit) break;
  }
  return out;
}
