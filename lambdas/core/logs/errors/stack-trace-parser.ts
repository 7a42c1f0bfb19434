/** One frame of a stack trace, as written (normalisation comes later). */
export interface StackFrame {
  readonly function: string;
  /** File or module path, without line and column. */
  readonly file: string;
  readonly line?: number;
}

/** One exception of a chain (Java `Caused by:`, Python chained tracebacks). */
export interface ParsedException {
  readonly type: string;
  readonly message: string;
  /** Innermost call last for Python, first for Java and Node, as printed. */
  readonly frames: readonly StackFrame[];
}

/** A parsed error: the language recognised and the exceptions, outermost first. */
export interface ParsedError {
  readonly language: 'java' | 'node' | 'python' | 'none';
  readonly exceptions: readonly ParsedException[];
}

const JAVA_HEAD = /^(?:Exception in thread "[^"]*" )?(?:Caused by: |Suppressed: )?([a-zA-Z_$][\w$]*(?:\.[\w$]+)+)(?:: ?(.*))?$/;
const JAVA_FRAME = /^\s+at ([^\s(]+)\(([^)]*)\)/;
const NODE_HEAD = /^(?:Uncaught )?([A-Z][\w$]*(?:Error|Exception)|Error)(?: \[[\w_]+\])?: ?(.*)$/;
const NODE_FRAME = /^\s+at (?:async )?(?:(.+?) \((.+?)\)|(.+?))\s*$/;
const PY_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
const PY_EXC = /^([A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit|Interrupt|Iteration|[A-Z]\w*)):? ?(.*)$/;

function splitLocation(location: string): { file: string; line?: number } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(location);
  return m ? { file: m[1], line: Number(m[2]) } : { file: location };
}

function parseJava(lines: readonly string[]): ParsedException[] {
  const out: { type: string; message: string; frames: StackFrame[] }[] = [];
  for (const line of lines) {
    const f = JAVA_FRAME.exec(line);
    if (f && out.length > 0) {
      const { file, line: n } = splitLocation(f[2]);
      out[out.length - 1].frames.push({ function: f[1], file, ...(n !== undefined ? { line: n } : {}) });
      continue;
    }
    const h = JAVA_HEAD.exec(line.trim());
    if (h && !/^\s+/.test(line) && (out.length === 0 || /^(Caused by|Suppressed): /.test(line.trim()))) {
      out.push({ type: h[1], message: h[2] ?? '', frames: [] });
    }
  }
  return out;
}

function parseNode(lines: readonly string[]): ParsedException[] {
  const head = NODE_HEAD.exec(lines[0].trim());
  if (!head) return [];
  const frames: StackFrame[] = [];
  for (const line of lines.slice(1)) {
    const f = NODE_FRAME.exec(line);
    if (!f) continue;
    const loc = splitLocation(f[2] ?? f[3]);
    frames.push({ function: f[1] ?? '', file: loc.file, ...(loc.line !== undefined ? { line: loc.line } : {}) });
  }
  return [{ type: head[1], message: head[2], frames }];
}

function parsePython(lines: readonly string[]): ParsedException[] {
  const out: ParsedException[] = [];
  let frames: StackFrame[] = [];
  for (const line of lines) {
    const f = PY_FRAME.exec(line);
    if (f) {
      frames.push({ function: f[3] ?? '', file: f[1], line: Number(f[2]) });
      continue;
    }
    if (/^Traceback \(most recent call last\):/.test(line)) {
      frames = [];
      continue;
    }
    const e = /^\S/.test(line) ? PY_EXC.exec(line) : null;
    if (e && frames.length > 0) {
      out.push({ type: e[1], message: e[2], frames });
      frames = [];
    }
  }
  // Python prints the cause first and the exception raised last; outermost first means reversing.
  return out.reverse();
}

/**
 * Parses a Java, Node.js or Python stack trace out of a log message (multi-line). Messages
 * without a recognisable trace give `language: 'none'` and, when the first line names an
 * exception (`TimeoutError: ...`), that exception without frames.
 */
export function parseStackTrace(text: string): ParsedError {
  const lines = text.split(/\r?\n/);
  if (lines.some((l) => /^Traceback \(most recent call last\):/.test(l.trim()))) {
    const ex = parsePython(lines.map((l) => l.replace(/\s+$/, '')));
    if (ex.length) return { language: 'python', exceptions: ex };
  }
  const start = lines.findIndex((l) => JAVA_FRAME.test(l) || NODE_FRAME.test(l));
  if (start > 0) {
    const isJava = lines.some((l) => JAVA_FRAME.test(l) && /\.(?:java|kt|scala|groovy):\d+\)|\(Native Method\)|\(Unknown Source\)|\(<generated>\)/.test(l));
    // The exception line is the nearest line above the first frame that names one; log text may precede it.
    const headRe = isJava ? JAVA_HEAD : NODE_HEAD;
    let h = start - 1;
    while (h > 0 && !headRe.test(lines[h].trim())) h--;
    const ex = isJava ? parseJava(lines.slice(h)) : parseNode(lines.slice(h));
    if (ex.length) return { language: isJava ? 'java' : 'node', exceptions: ex };
  }
  const first = lines[0].trim();
  const m = NODE_HEAD.exec(first) ?? JAVA_HEAD.exec(first);
  return { language: 'none', exceptions: m ? [{ type: m[1], message: m[2] ?? '', frames: [] }] : [] };
}
