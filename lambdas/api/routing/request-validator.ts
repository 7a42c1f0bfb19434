import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { PlatformError } from '../../core/domain/errors';
import type { JsonSchema, OpenApiDocument, OperationObject, ParameterObject } from '../openapi/openapi-types';

type ResolvedParameter = Exclude<ParameterObject, { $ref: string }>;

/** The compiled validators of one operation. */
interface OperationValidators {
  readonly parameters: readonly ResolvedParameter[];
  readonly params: ValidateFunction;
  readonly bodies: ReadonlyMap<string, ValidateFunction | undefined>;
}

/**
 * Validates path, query and header parameters and JSON bodies against the document's
 * schemas. Each operation's validators are compiled on its first request and kept.
 * Parameters are coerced to their schema types (`limit=10` becomes 10); bodies are not.
 */
export class RequestValidator {
  private readonly paramAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false, coerceTypes: 'array', useDefaults: true });
  private readonly bodyAjv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly compiled = new Map<string, OperationValidators>();

  constructor(private readonly document: OpenApiDocument) {}

  /** Validated and coerced parameters by name (path, query, header); throws invalid_argument with one detail per problem. */
  parameters(
    operation: OperationObject,
    pathParams: Readonly<Record<string, string>>,
    query: Readonly<Record<string, readonly string[]>>,
    headers: Readonly<Record<string, string>>,
  ): Record<string, unknown> {
    const v = this.validators(operation);
    const values: Record<string, unknown> = {};
    const where: Record<string, string> = {};
    for (const p of v.parameters) {
      where[p.name] = p.in;
      let raw: unknown;
      if (p.in === 'path') raw = pathParams[p.name];
      else if (p.in === 'header') raw = headers[p.name.toLowerCase()];
      else {
        const all = query[p.name] ?? query[`${p.name}[]`];
        raw = all === undefined ? undefined : (p.schema.type === 'array' ? [...all] : all[0]);
      }
      if (raw !== undefined) values[p.name] = raw;
    }
    if (!v.params(values)) throw invalid('invalid parameters', (v.params.errors ?? []).map((e) => paramDetail(e, where)));
    return values;
  }

  /** Checks a parsed JSON body against the operation's schema for the media type, if it has one. */
  body(operation: OperationObject, mediaType: string, body: unknown): void {
    const validate = this.validators(operation).bodies.get(mediaType);
    if (validate && !validate(body)) {
      throw invalid('the request body does not match the schema', (validate.errors ?? []).map((e) => ({
        in: 'body',
        path: e.instancePath || '/',
        message: e.message ?? 'invalid',
        ...(e.keyword === 'required' && { missing: (e.params as { missingProperty: string }).missingProperty }),
      })));
    }
  }

  private validators(operation: OperationObject): OperationValidators {
    let v = this.compiled.get(operation.operationId);
    if (!v) {
      const parameters = (operation.parameters ?? []).map((p) => this.resolve(p) as ResolvedParameter);
      const schema = {
        type: 'object',
        properties: Object.fromEntries(parameters.map((p) => [p.name, this.deref(p.schema)])),
        required: parameters.filter((p) => p.required).map((p) => p.name),
      };
      const bodies = new Map<string, ValidateFunction | undefined>();
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
        bodies.set(type, media.schema ? this.bodyAjv.compile(this.deref(media.schema) as object) : undefined);
      }
      v = { parameters, params: this.paramAjv.compile(schema), bodies };
      this.compiled.set(operation.operationId, v);
    }
    return v;
  }

  private resolve(value: unknown): unknown {
    if (value && typeof value === 'object' && '$ref' in value && typeof (value as { $ref: unknown }).$ref === 'string') {
      const pointer = (value as { $ref: string }).$ref;
      if (!pointer.startsWith('#/')) throw new Error(`only local references are supported: ${pointer}`);
      let target: unknown = this.document;
      for (const part of pointer.slice(2).split('/')) target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (target === undefined) throw new Error(`unresolved reference ${pointer}`);
      return this.resolve(target);
    }
    return value;
  }

  // Inlines every local $ref so each compiled schema stands alone (the document has no cycles).
  private deref(schema: unknown): JsonSchema {
    const walk = (node: unknown): unknown => {
      const resolved = this.resolve(node);
      if (Array.isArray(resolved)) return resolved.map(walk);
      if (resolved && typeof resolved === 'object') {
        return Object.fromEntries(Object.entries(resolved).map(([k, val]) => [k, walk(val)]));
      }
      return resolved;
    };
    return walk(schema) as JsonSchema;
  }
}

function invalid(message: string, details: readonly unknown[]): PlatformError {
  return new PlatformError('invalid_argument', message, details);
}

function paramDetail(e: ErrorObject, where: Record<string, string>): Record<string, unknown> {
  const name = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.instancePath.split('/')[1] ?? '';
  return { in: where[name] ?? 'query', name, message: e.message ?? 'invalid' };
}
