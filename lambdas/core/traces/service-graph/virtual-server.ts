import type { Span } from '../../domain/span';
import type { ConnectionType, NodeType } from './completed-edge';

/** The node a client span talks to when no server span answers it. */
export interface VirtualServer {
  readonly id: string;
  readonly type: NodeType;
  readonly connectionType: ConnectionType;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The virtual server of a client or producer span, read from semantic-convention attributes
 * (old and new names), first match wins:
 * - a database: `db.name` / `db.namespace`, else `db.system` / `db.system.name` → type 'database';
 * - a messaging system: `messaging.destination.name` / `messaging.destination`, else
 *   `messaging.system` → type 'messaging';
 * - `peer.service` → type 'external' (merged into a real service of the same name if one reports spans);
 * - `server.address` / `net.peer.name` → type 'external'.
 * Undefined when nothing names the peer.
 */
export function virtualServer(span: Span): VirtualServer | undefined {
  const a = span.attributes;
  const dbSystem = text(a['db.system']) ?? text(a['db.system.name']);
  if (dbSystem !== undefined) {
    return { id: text(a['db.name']) ?? text(a['db.namespace']) ?? dbSystem, type: 'database', connectionType: 'database' };
  }
  const messaging = text(a['messaging.system']);
  if (messaging !== undefined) {
    return { id: text(a['messaging.destination.name']) ?? text(a['messaging.destination']) ?? messaging, type: 'messaging', connectionType: 'messaging_system' };
  }
  const peer = text(a['peer.service']) ?? text(a['server.address']) ?? text(a['net.peer.name']);
  if (peer !== undefined) return { id: peer, type: 'external', connectionType: 'virtual_node' };
  return undefined;
}

/** Whether a client span calls a database, which never answers with spans of its own (as Tempo assumes). */
export function isDatabaseCall(span: Span): boolean {
  return text(span.attributes['db.system']) !== undefined || text(span.attributes['db.system.name']) !== undefined;
}
