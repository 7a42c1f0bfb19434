import type { JsonSchema, OperationObject, ParameterObject } from './openapi-types';

/** A `$ref` to a component schema. */
export const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A `$ref` to a shared parameter. */
export const paramRef = (name: string): ParameterObject => ({ $ref: `#/components/parameters/${name}` });

/** The time range and paging parameters most list endpoints take. */
export const RANGE_PARAMS: readonly ParameterObject[] = ['From', 'To', 'Start', 'End'].map(paramRef);
/** `limit` and `cursor`. */
export const PAGE_PARAMS: readonly ParameterObject[] = ['Limit', 'Cursor'].map(paramRef);

/** A path parameter. */
export function pathParam(name: string, schema: JsonSchema = { type: 'string', minLength: 1 }, description?: string): ParameterObject {
  return { name, in: 'path', required: true, schema, ...(description && { description }) };
}

/** An optional query parameter. */
export function queryParam(name: string, schema: JsonSchema, description?: string): ParameterObject {
  return { name, in: 'query', schema, ...(description && { description }) };
}

const ERROR_RESPONSES = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '500': { $ref: '#/components/responses/Internal' },
};

/** A JSON response with a schema. */
export function jsonOk(description: string, schema: JsonSchema, status = '200'): Record<string, unknown> {
  return { [status]: { description, content: { 'application/json': { schema } } }, ...ERROR_RESPONSES };
}

/** An operation whose capability has not landed: it is routed and answers 501 naming the capability. */
export function pending(
  operationId: string,
  tag: string,
  capability: string,
  summary: string,
  extra: Partial<OperationObject> = {},
): OperationObject {
  return {
    operationId,
    summary,
    tags: [tag],
    responses: { '501': { $ref: '#/components/responses/NotImplemented' }, ...ERROR_RESPONSES },
    'x-capability': capability,
    ...extra,
  };
}

/** A JSON request body with a schema. */
export function jsonBody(schema: JsonSchema): OperationObject['requestBody'] {
  return { required: true, content: { 'application/json': { schema } } };
}
