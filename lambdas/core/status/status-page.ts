/** One day of one service on the status page: the share of good probes, or no data. */
export interface UptimeDay {
  /** yyyy-mm-dd (UTC). */
  readonly day: string;
  /** 0..1, undefined when nothing was measured. */
  readonly uptime?: number;
}

/** A service as the status page shows it. */
export interface ServiceStatus {
  readonly service: string;
  readonly state: 'operational' | 'degraded' | 'outage' | 'unknown';
  /** Oldest first, up to 90 days. */
  readonly days: readonly UptimeDay[];
}

/** An open incident shown on the page. */
export interface StatusIncident {
  readonly title: string;
  readonly service: string;
  /** Unix ms. */
  readonly startedAt: number;
  readonly severity: string;
}

/** Everything the page needs. */
export interface StatusPageModel {
  readonly title: string;
  /** Unix ms. */
  readonly generatedAt: number;
  readonly services: readonly ServiceStatus[];
  readonly incidents: readonly StatusIncident[];
}

const COLOURS: Record<ServiceStatus['state'], string> = { operational: '#1f9d55', degraded: '#d69e2e', outage: '#e53e3e', unknown: '#a0aec0' };

/**
 * Renders a self-contained static HTML status page (no scripts, no external assets): an
 * overall banner, per-service state with 90-day uptime bars (hover shows the day and its
 * uptime), and the open incidents. Every value is HTML-escaped.
 */
export function renderStatusPage(m: StatusPageModel): string {
  const worst = m.services.some((s) => s.state === 'outage') ? 'outage' : m.services.some((s) => s.state === 'degraded') ? 'degraded' : m.services.length ? 'operational' : 'unknown';
  const banner = { operational: 'All systems operational', degraded: 'Some systems degraded', outage: 'Major outage', unknown: 'No data yet' }[worst];
  const services = m.services
    .map((s) => {
      const measured = s.days.filter((d) => d.uptime !== undefined);
      const avg = measured.length ? measured.reduce((a, d) => a + (d.uptime ?? 0), 0) / measured.length : undefined;
      const bars = s.days
        .map((d) => `<span class="bar" style="background:${barColour(d.uptime)}" title="${esc(d.day)}: ${d.uptime === undefined ? 'no data' : `${(d.uptime * 100).toFixed(2)}%`}"></span>`)
        .join('');
      return `<section class="service" data-state="${s.state}"><h2>${esc(s.service)} <span class="state" style="color:${COLOURS[s.state]}">${s.state}</span></h2><div class="bars">${bars}</div><p class="uptime">${avg === undefined ? 'no data' : `${(avg * 100).toFixed(3)}% uptime`} over ${s.days.length} days</p></section>`;
    })
    .join('\n');
  const incidents = m.incidents.length
    ? `<ul>${m.incidents.map((i) => `<li><strong>${esc(i.title)}</strong> (${esc(i.service)}, ${esc(i.severity)}) since ${new Date(i.startedAt).toISOString()}</li>`).join('')}</ul>`
    : '<p>No open incidents.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(m.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1a202c}
.banner{padding:1rem;border-radius:6px;color:#fff;background:${COLOURS[worst]}}.bars{display:flex;gap:2px}
.bar{flex:1;height:28px;border-radius:2px}.state{font-size:.8em;font-weight:normal}.uptime{color:#4a5568;font-size:.9em}</style></head>
<body><h1>${esc(m.title)}</h1><div class="banner" data-overall="${worst}">${banner}</div>
${services}
<h2>Open incidents</h2>${incidents}
<footer><p>Updated ${new Date(m.generatedAt).toISOString()}</p></footer></body></html>
`;
}

function barColour(u: number | undefined): string {
  if (u === undefined) return COLOURS.unknown;
  if (u >= 0.999) return COLOURS.operational;
  if (u >= 0.95) return COLOURS.degraded;
  return COLOURS.outage;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
