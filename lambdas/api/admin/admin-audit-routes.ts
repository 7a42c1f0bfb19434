import type { RouteHandler } from '../http/api-types';
import { jsonResponse } from '../http/responses';
import { AuditLog } from '../audit/audit-log';
import { formatMillis } from '../params/format-time';
import { parseTime } from '../params/time-range';

/** `GET /monitoring/admin/audit` (paged, filtered by actor, action, resource prefix, time) and its verification. */
export const adminAuditRoutes: Readonly<Record<string, RouteHandler>> = {
  async listAudit({ ports, params }) {
    const log = new AuditLog(ports.state);
    const filter = {
      ...(typeof params.actor === 'string' && { actor: params.actor }),
      ...(typeof params.action === 'string' && { action: params.action }),
      ...(typeof params.resource === 'string' && { resource: params.resource }),
      ...(typeof params.from === 'string' && { from: parseTime(params.from, 'from') }),
      ...(typeof params.to === 'string' && { to: parseTime(params.to, 'to') }),
    };
    const page = await log.list(filter, (params.limit as number | undefined) ?? 100, params.cursor as string | undefined);
    const items = page.items.map((r) => ({ ...r, time: formatMillis(r.timestamp) }));
    return jsonResponse(200, { items, ...(page.nextCursor && { nextCursor: page.nextCursor }) });
  },
  async verifyAudit({ ports }) {
    const result = await new AuditLog(ports.state).verify();
    return jsonResponse(200, result.ok ? { valid: true, count: result.count, headSeq: result.headSeq } : { valid: false, count: result.count, firstBadSeq: result.seq, reason: result.reason });
  },
};
