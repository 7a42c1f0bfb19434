/** Names the placeholders of a dashboard body stand for, keyed by placeholder (`fn:api`, `stage`). */
export type DashboardTokens = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{([a-z]+(?::[a-z0-9-]+)?)\}/g;

/**
 * A CloudWatch dashboard body written with placeholders such as `${fn:api}`,
 * `${stream:metrics}`, `${queue:metrics-dlq}`, `${api}`, `${stage}` and `${region}`,
 * rendered with the platform's real resource names.
 */
export class DashboardTemplate {
  /** True when the JSON value is a CloudWatch dashboard body (it has a `widgets` array). */
  static isCloudWatchBody(value: unknown): value is { widgets: unknown[] } {
    return typeof value === 'object' && value !== null && Array.isArray((value as { widgets?: unknown }).widgets);
  }

  /**
   * Checks widget geometry (24-column grid) and replaces every placeholder in every string.
   * Throws, naming `source`, on an unknown placeholder or a widget outside the grid.
   */
  static render(body: { widgets: unknown[] }, tokens: DashboardTokens, source: string): { widgets: unknown[] } {
    DashboardTemplate.checkWidgets(body.widgets, source);
    return DashboardTemplate.substitute(body, tokens, source) as { widgets: unknown[] };
  }

  private static checkWidgets(widgets: unknown[], source: string): void {
    if (widgets.length > 500) throw new Error(`${source}: ${widgets.length} widgets, CloudWatch allows at most 500`);
    widgets.forEach((widget, index) => {
      const w = widget as { x?: unknown; y?: unknown; width?: unknown; height?: unknown; type?: unknown };
      const where = `${source}: widget ${index}`;
      if (typeof w !== 'object' || w === null || typeof w.type !== 'string') throw new Error(`${where} has no type`);
      const x = w.x ?? 0;
      const width = w.width ?? 6;
      const height = w.height ?? 6;
      if (!Number.isInteger(x) || (x as number) < 0) throw new Error(`${where}: x=${String(x)} must be an integer >= 0`);
      if (!Number.isInteger(width) || (width as number) < 1 || (width as number) > 24) {
        throw new Error(`${where}: width=${String(width)} must be an integer from 1 to 24`);
      }
      if ((x as number) + (width as number) > 24) throw new Error(`${where}: x + width = ${(x as number) + (width as number)} exceeds the 24-column grid`);
      if (!Number.isInteger(height) || (height as number) < 1 || (height as number) > 1000) {
        throw new Error(`${where}: height=${String(height)} must be an integer from 1 to 1000`);
      }
    });
  }

  private static substitute(value: unknown, tokens: DashboardTokens, source: string): unknown {
    if (typeof value === 'string') {
      return value.replace(PLACEHOLDER, (_match, key: string) => {
        const name = tokens[key];
        if (name === undefined) throw new Error(`${source}: unknown placeholder \${${key}}; known: ${Object.keys(tokens).sort().join(', ')}`);
        return name;
      });
    }
    if (Array.isArray(value)) return value.map((item) => DashboardTemplate.substitute(item, tokens, source));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, DashboardTemplate.substitute(item, tokens, source)]),
      );
    }
    return value;
  }
}
