/** A JSON Schema (the OpenAPI 3.0 subset ajv validates), kept loose on purpose. */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI parameter object, or a reference to one. */
export type ParameterObject =
  | { readonly $ref: string }
  | {
      readonly name: string;
      readonly in: 'query' | 'path' | 'header';
      readonly required?: boolean;
      readonly description?: string;
      readonly schema: JsonSchema;
      readonly style?: string;
      readonly explode?: boolean;
    };

/** An OpenAPI operation, with this platform's extensions. */
export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly description?: string;
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Readonly<Record<string, { readonly schema?: JsonSchema }>>;
  };
  readonly responses: Readonly<Record<string, unknown>>;
  /** The function that serves it: `api` (default) or `ingest`. */
  readonly 'x-function'?: 'api' | 'ingest';
  /** Set while the operation's capability has not landed: it answers 501 naming it. */
  readonly 'x-capability'?: string;
  /** Largest accepted body in bytes. @default 1 MiB */
  readonly 'x-max-body-bytes'?: number;
}

/** The HTTP methods the platform routes. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';

/** Operations of one path. */
export type PathItem = Partial<Record<HttpMethod, OperationObject>>;

/** The OpenAPI 3.0 document. */
export interface OpenApiDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly parameters: Readonly<Record<string, ParameterObject>>;
    readonly responses: Readonly<Record<string, unknown>>;
  };
  readonly tags?: readonly { readonly name: string; readonly description?: string }[];
}
