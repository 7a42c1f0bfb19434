import type { OpenApiDocument } from './openapi-types';

const TIME = {
  type: 'string',
  minLength: 1,
  pattern: '^(-?\\d+(\\.\\d+)?|\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2}))$',
  description: 'RFC 3339 time or Unix seconds.',
};

/** A state id: what may appear in a URL path segment and a DynamoDB sort key. */
export const ID_SCHEMA = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' };

const VERSION = { type: 'integer', minimum: 0, description: 'The version the writer read (optimistic concurrency); 0 means "must not exist".' };

/** Shared schemas, parameters and responses of the document. */
export const COMPONENTS: OpenApiDocument['components'] = {
  schemas: {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: {} } },
        },
      },
    },
    DashboardInput: {
      type: 'object',
      required: ['title'],
      properties: { id: ID_SCHEMA, title: { type: 'string', minLength: 1, maxLength: 256 }, version: VERSION },
      additionalProperties: true,
      description: 'A dashboard in the platform model (JSON Schema: lambdas/core/dashboards/dashboard-schema.ts), validated on write; `version` is the edit version read, `schemaVersion` the model version.',
    },
    AlertRuleInput: {
      type: 'object',
      required: ['name', 'expr'],
      properties: {
        id: ID_SCHEMA,
        name: { type: 'string', minLength: 1, maxLength: 256 },
        expr: { type: 'string', minLength: 1, maxLength: 16384, description: 'A PromQL expression.' },
        version: VERSION,
      },
      additionalProperties: true,
    },
    StoredDocument: {
      type: 'object',
      required: ['id', 'version', 'updatedAt'],
      properties: { id: { type: 'string' }, version: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' } },
      additionalProperties: true,
    },
    StoredDocumentPage: {
      type: 'object',
      required: ['items'],
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/StoredDocument' } }, nextCursor: { type: 'string' } },
    },
    LogRecord: {
      type: 'object',
      required: ['id', 'timestamp', 'service', 'level', 'message', 'attributes'],
      properties: {
        id: { type: 'string' },
        timestamp: { type: 'string', format: 'date-time' },
        service: { type: 'string' },
        source: { type: 'string' },
        level: { type: 'string', enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] },
        message: { type: 'string' },
        attributes: { type: 'object' },
        traceId: { type: 'string' },
        spanId: { type: 'string' },
        patternId: { type: 'string' },
      },
    },
    TraceSummary: {
      type: 'object',
      properties: {
        traceId: { type: 'string' },
        rootService: { type: 'string' },
        rootName: { type: 'string' },
        startTime: { type: 'string', description: 'RFC 3339 with microseconds.' },
        duration: { type: 'integer', description: 'Microseconds.' },
        spanCount: { type: 'integer' },
        errorCount: { type: 'integer' },
        services: { type: 'array', items: { type: 'string' } },
      },
    },
    Span: { type: 'object', description: 'A span; startTime is RFC 3339 with microseconds, duration in microseconds.' },
    Series: {
      type: 'object',
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        samples: {
          type: 'array',
          items: { type: 'object', properties: { timestamp: { type: 'string' }, value: { oneOf: [{ type: 'number' }, { type: 'string' }] } } },
        },
      },
    },
  },
  parameters: {
    From: { name: 'from', in: 'query', schema: TIME, description: 'Range start; defaults to an hour before `to`.' },
    To: { name: 'to', in: 'query', schema: TIME, description: 'Range end; defaults to now.' },
    Start: { name: 'start', in: 'query', schema: TIME, description: 'Synonym of `from`.' },
    End: { name: 'end', in: 'query', schema: TIME, description: 'Synonym of `to`.' },
    Limit: { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
    Cursor: { name: 'cursor', in: 'query', schema: { type: 'string', minLength: 1, maxLength: 4096 } },
    IfMatch: { name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'The version the writer read, as an ETag.' },
  },
  responses: {
    BadRequest: { description: 'Invalid argument', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    NotFound: { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    Conflict: { description: 'Version conflict', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    NotImplemented: {
      description: 'The capability has not landed yet',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    },
    Internal: { description: 'Internal error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  },
};
