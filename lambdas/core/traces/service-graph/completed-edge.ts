/**
 * How a client reached a server, with Tempo's `connection_type` label values: '' for a direct
 * request, 'messaging_system' through a queue, 'database' to a database, 'virtual_node' to a
 * peer that sent no spans of its own (or from the 'user' in front of a root server span).
 */
export type ConnectionType = '' | 'messaging_system' | 'database' | 'virtual_node';

/** What a graph node stands for. */
export type NodeType = 'service' | 'database' | 'messaging' | 'external';

/** One request seen between two nodes: a paired client and server span, or a client span and a virtual server. */
export interface CompletedEdge {
  readonly traceId: string;
  readonly client: string;
  readonly clientType: NodeType;
  readonly server: string;
  readonly serverType: NodeType;
  readonly connectionType: ConnectionType;
  /** Seconds, as the client saw it (the server's latency for a virtual 'user' client). */
  readonly clientLatency: number;
  /** Seconds, as the server saw it (the client's latency when the server is virtual). */
  readonly serverLatency: number;
  /** Either side had an error status. */
  readonly failed: boolean;
}
