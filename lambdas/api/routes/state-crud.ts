import { randomUUID } from 'node:crypto';
import { PlatformError } from '../../core/domain/errors';
import type { StateItem } from '../../core/ports/state-store';
import type { RouteContext, RouteHandler } from '../http/api-types';
import { errorResponse, jsonResponse } from '../http/responses';
import { formatMillis } from '../params/format-time';

/** The five handlers of one stored-document kind. */
export interface StateCrud {
  readonly list: RouteHandler;
  readonly create: RouteHandler;
  readonly get: RouteHandler;
  readonly update: RouteHandler;
  readonly remove: RouteHandler;
}

type Document = Record<string, unknown>;

/**
 * CRUD over the StateStore for free-form JSON documents of one kind, with optimistic
 * concurrency: a `version` in the body (or `If-Match`, or `?version=` on delete) must equal
 * the stored version, else 409. The answer is the document with `id`, `version` and
 * `updatedAt` merged in; `ETag` carries the version.
 */
export function stateCrud(kind: string, basePath: string, noun: string): StateCrud {
  const present = (item: StateItem<Document>) => ({ ...item.value, id: item.id, version: item.version, updatedAt: formatMillis(item.updatedAt) });
  const etag = (item: StateItem<unknown>) => ({ etag: `"${item.version}"` });
  return {
    async list({ ports, params }) {
      const page = await ports.state.list<Document>(kind, { limit: params.limit as number | undefined, cursor: params.cursor as string | undefined });
      return jsonResponse(200, { items: page.items.map(present), ...(page.nextCursor && { nextCursor: page.nextCursor }) });
    },
    async create({ ports, body }) {
      const { id, value, version } = split(body);
      const item = await ports.state.put(kind, id ?? randomUUID(), value, { expectedVersion: version ?? 0 });
      return jsonResponse(201, present(item), { location: `${basePath}/${encodeURIComponent(item.id)}`, ...etag(item) });
    },
    async get({ ports, params }) {
      const item = await ports.state.get<Document>(kind, params.id as string);
      if (!item) return notFound(noun, params.id as string);
      return jsonResponse(200, present(item), etag(item));
    },
    async update(ctx) {
      const { id: bodyId, value, version } = split(ctx.body);
      const id = ctx.params.id as string;
      if (bodyId !== undefined && bodyId !== id) {
        throw new PlatformError('invalid_argument', `the body's id ${bodyId} differs from the path's ${id}`, [{ in: 'body', name: 'id' }]);
      }
      const expectedVersion = agreeing(version, ifMatch(ctx));
      const item = await ctx.ports.state.put(kind, id, value, expectedVersion === undefined ? {} : { expectedVersion });
      return jsonResponse(200, present(item), etag(item));
    },
    async remove(ctx) {
      const id = ctx.params.id as string;
      const expectedVersion = agreeing(ctx.params.version as number | undefined, ifMatch(ctx));
      const deleted = await ctx.ports.state.delete(kind, id, expectedVersion === undefined ? {} : { expectedVersion });
      return deleted ? { statusCode: 204 } : notFound(noun, id);
    },
  };
}

function split(body: unknown): { id?: string; version?: number; value: Document } {
  const { id, version, updatedAt: _ignored, ...value } = body as Document;
  return { id: id as string | undefined, version: version as number | undefined, value };
}

function notFound(noun: string, id: string) {
  return errorResponse('not_found', `${noun} ${id} does not exist`, [{ id }]);
}

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`); `*` means any. */
export function ifMatch(ctx: RouteContext): number | undefined {
  const header = ctx.params['If-Match'];
  if (typeof header !== 'string' || header.trim() === '*') return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m) throw new PlatformError('invalid_argument', 'If-Match must be a version such as "3"', [{ in: 'header', name: 'If-Match', value: header }]);
  return Number(m[1]);
}

/** The version a write must match: the body's and If-Match's, which must agree when both are given. */
export function agreeing(a: number | undefined, b: number | undefined): number | undefined {
  if (a !== undefined && b !== undefined && a !== b) {
    throw new PlatformError('invalid_argument', `the body names version ${a} but If-Match names ${b}`, [{ in: 'header', name: 'If-Match' }]);
  }
  return a ?? b;
}
