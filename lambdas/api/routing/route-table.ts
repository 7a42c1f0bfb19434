import type { HttpMethod, OpenApiDocument, OperationObject } from '../openapi/openapi-types';

const METHODS: readonly HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** One path template of the document, compiled. */
export interface CompiledPath {
  readonly template: string;
  readonly segments: readonly { readonly literal?: string; readonly param?: string }[];
  readonly operations: ReadonlyMap<string, OperationObject>;
}

/** The outcome of matching a request line. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly template: string; readonly method: string; readonly operation: OperationObject; readonly pathParams: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/**
 * The document's paths compiled for matching, restricted to one function's operations.
 * A literal segment beats a parameter at the same position, so `/alerts/rules/{id}` wins over
 * `/alerts/{id}/ack` for `/alerts/rules/ack`.
 */
export class RouteTable {
  private readonly paths: CompiledPath[];

  constructor(document: OpenApiDocument, fn: 'api' | 'ingest' | 'any' = 'any') {
    this.paths = [];
    for (const [template, item] of Object.entries(document.paths)) {
      const operations = new Map<string, OperationObject>();
      for (const method of METHODS) {
        const op = item[method];
        if (op && (fn === 'any' || (op['x-function'] ?? 'api') === fn)) operations.set(method.toUpperCase(), op);
      }
      if (operations.size === 0) continue;
      const segments = split(template).map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s }));
      this.paths.push({ template, segments, operations });
    }
    this.paths.sort(bySpecificity);
  }

  /** Every compiled path (for tests and the local runtime's function choice). */
  all(): readonly CompiledPath[] {
    return this.paths;
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    const allow = new Set<string>();
    for (const p of this.paths) {
      const params = matchSegments(p, parts);
      if (!params) continue;
      const upper = method.toUpperCase();
      const op = p.operations.get(upper) ?? (upper === 'HEAD' ? p.operations.get('GET') : undefined);
      if (op) return { kind: 'found', template: p.template, method: upper, operation: op, pathParams: params };
      for (const m of p.operations.keys()) allow.add(m);
    }
    return allow.size > 0 ? { kind: 'method-not-allowed', allow: [...allow].sort() } : { kind: 'not-found' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(p: CompiledPath, parts: readonly string[]): Record<string, string> | undefined {
  if (p.segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const seg = p.segments[i];
    if (seg.literal !== undefined) {
      if (seg.literal !== parts[i]) return undefined;
    } else {
      let value: string;
      try {
        value = decodeURIComponent(parts[i]);
      } catch {
        return undefined;
      }
      params[seg.param as string] = value;
    }
  }
  return params;
}

function bySpecificity(a: CompiledPath, b: CompiledPath): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const al = a.segments[i].literal !== undefined;
    const bl = b.segments[i].literal !== undefined;
    if (al !== bl) return al ? -1 : 1;
  }
  return 0;
}
