import { PANEL_TYPES } from './dashboard-model';

const duration = { type: 'string', pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$' };
const nonEmpty = { type: 'string', minLength: 1, maxLength: 512 };

/** JSON Schema (draft-07) of the dashboard model: the one definition the API validates against and publishes. */
export const DASHBOARD_JSON_SCHEMA = {
  $id: 'https://observability.local/schemas/dashboard.json',
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: {
    schemaVersion: { type: 'integer', const: 1, default: 1 },
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
    title: nonEmpty,
    description: { type: 'string', maxLength: 4096 },
    tags: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 64 }, default: [] },
    timeRange: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: { from: nonEmpty, to: nonEmpty },
      default: { from: 'now-6h', to: 'now' },
    },
    refresh: duration,
    timezone: { type: 'string', maxLength: 64 },
    variables: {
      type: 'array',
      maxItems: 50,
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'type'],
        properties: {
          name: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' },
          label: { type: 'string', maxLength: 128 },
          type: { enum: ['query', 'custom', 'interval', 'constant', 'textbox'] },
          query: { type: 'string', maxLength: 4096 },
          options: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 1024 } },
          current: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          multi: { type: 'boolean' },
          includeAll: { type: 'boolean' },
          allValue: { type: 'string' },
          regex: { type: 'string', maxLength: 1024 },
        },
      },
    },
    panels: {
      type: 'array',
      maxItems: 500,
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'type', 'gridPos', 'queries'],
        properties: {
          id: { type: 'integer', minimum: 0 },
          title: { type: 'string', maxLength: 512 },
          type: { enum: [...PANEL_TYPES] },
          gridPos: {
            type: 'object',
            additionalProperties: false,
            required: ['x', 'y', 'w', 'h'],
            properties: {
              x: { type: 'integer', minimum: 0, maximum: 23 },
              y: { type: 'integer', minimum: 0 },
              w: { type: 'integer', minimum: 1, maximum: 24 },
              h: { type: 'integer', minimum: 1, maximum: 1000 },
            },
          },
          description: { type: 'string', maxLength: 4096 },
          queries: {
            type: 'array',
            maxItems: 26,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['refId', 'kind'],
              properties: {
                refId: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' },
                kind: { enum: ['promql', 'logs', 'traces', 'cloudwatch'] },
                expr: { type: 'string', maxLength: 16384 },
                legendFormat: { type: 'string', maxLength: 512 },
                instant: { type: 'boolean' },
                minInterval: { type: 'string', maxLength: 64 },
                hide: { type: 'boolean' },
                cloudwatch: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['namespace', 'metricName'],
                  properties: {
                    namespace: nonEmpty,
                    metricName: nonEmpty,
                    dimensions: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 30 },
                    stat: { type: 'string', maxLength: 32 },
                    period: { type: 'integer', minimum: 1 },
                    region: { type: 'string', maxLength: 32 },
                  },
                },
              },
            },
          },
          unit: { type: 'string', maxLength: 64 },
          decimals: { type: 'integer', minimum: 0, maximum: 20 },
          min: { type: 'number' },
          max: { type: 'number' },
          thresholds: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['value', 'color'],
              properties: { value: { type: ['number', 'null'] }, color: { type: 'string', maxLength: 32 } },
            },
          },
          legend: {
            type: 'object',
            additionalProperties: false,
            required: ['show'],
            properties: { show: { type: 'boolean' }, placement: { enum: ['bottom', 'right'] } },
          },
          content: { type: 'string', maxLength: 65536 },
          group: { type: 'string', maxLength: 512 },
          options: { type: 'object' },
        },
      },
    },
    links: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'url'],
        properties: { title: nonEmpty, url: { type: 'string', maxLength: 2048 } },
      },
    },
  },
} as const;
