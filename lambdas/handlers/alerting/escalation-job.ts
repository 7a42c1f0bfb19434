import { escalate, type EscalationPage, type EscalationPolicy } from '../../core/alerting/escalation/escalation-policy';
import type { OnCallSchedule } from '../../core/alerting/escalation/oncall-schedule';
import { ALERTING_KINDS, listAll, updateItem } from '../../core/alerting/platform/alerting-store';
import type { IncidentDocument } from '../../core/alerting/platform/incident-record';
import { ConflictError } from '../../core/domain/errors';
import type { Notification, Ports, Severity } from '../../core/ports';

/** What an escalation run did. */
export interface EscalationSummary {
  readonly incidents: number;
  readonly pages: number;
  readonly failedPages: number;
}

const SEVERITIES: readonly string[] = ['critical', 'warning', 'info'];

/** The notification of one page: to the person (attribute `user`), on the incident's severity topic; its dedup key names the page. */
export function pageNotification(inc: IncidentDocument, page: EscalationPage): Notification {
  const who = page.user ?? `nobody on call in ${page.target.type} ${page.target.id}`;
  return {
    severity: (SEVERITIES.includes(inc.severity) ? inc.severity : 'warning') as Severity,
    subject: `[PAGE level ${page.level}] ${inc.title}`,
    message: `Incident ${inc.id} is not acknowledged. Paging ${who} (level ${page.level}${page.cycle > 0 ? `, repeat ${page.cycle}` : ''}).\nAcknowledge: POST /monitoring/alerts/${inc.id}/ack`,
    attributes: { incidentId: inc.id, level: String(page.level), cycle: String(page.cycle), targetType: page.target.type, targetId: page.target.id, ...(page.user ? { user: page.user } : {}) },
    dedupKey: `page:${inc.id}:${page.cycle}:${page.level}:${page.target.type}:${page.target.id}`,
  };
}

/**
 * One run of the `escalation` job: for each open, unacknowledged incident with a policy, steps
 * the policy to now, writes the new escalation state with the pages as an outbox (versioned:
 * an ack written meanwhile wins and nothing is paged), sends the pages through the Notifier
 * (dedup keys make a resend harmless), then clears the outbox and notes each page on the timeline.
 */
export async function runEscalation(ports: Ports): Promise<EscalationSummary> {
  const now = ports.clock.now();
  const [incidents, policies, schedules] = await Promise.all([
    listAll<IncidentDocument>(ports.state, ALERTING_KINDS.incident),
    listAll<EscalationPolicy>(ports.state, ALERTING_KINDS.policy),
    listAll<OnCallSchedule>(ports.state, ALERTING_KINDS.schedule),
  ]);
  const policyById = new Map(policies.map((p) => [p.id, { ...p.value, id: p.id }]));
  const scheduleById = Object.fromEntries(schedules.map((s) => [s.id, { ...s.value, id: s.id }]));
  let considered = 0;
  let paged = 0;
  let failed = 0;
  for (const item of incidents) {
    let inc = item.value;
    let version = item.version;
    const leftover = inc.pendingPages ?? [];
    const policy = inc.policyId ? policyById.get(inc.policyId) : undefined;
    let pages: EscalationPage[] = [...leftover];
    if (inc.status === 'triggered' && inc.escalation && policy && policy.levels.length > 0) {
      considered++;
      const r = escalate(inc.escalation, policy, now, scheduleById);
      if (r.pages.length > 0) {
        pages = [...leftover, ...r.pages];
        const next: IncidentDocument = {
          ...inc,
          escalation: r.state,
          pendingPages: pages,
          timeline: [...inc.timeline, ...r.pages.map((p) => ({ at: p.at, type: 'escalation' as const, message: `level ${p.level} paged: ${p.user ?? `nobody on call (${p.target.id})`}`, detail: { level: p.level, cycle: p.cycle, target: p.target, user: p.user } }))],
        };
        try {
          const written = await ports.state.put(ALERTING_KINDS.incident, inc.id, next, { expectedVersion: version });
          inc = written.value;
          version = written.version;
        } catch (e) {
          if (e instanceof ConflictError) continue;
          throw e;
        }
      }
    }
    if (pages.length === 0) continue;
    const sent = new Set<string>();
    for (const p of pages) {
      try {
        await ports.notifier.notify(pageNotification(inc, p));
        sent.add(pageKey(p));
        paged++;
      } catch {
        failed++;
      }
    }
    await updateItem<IncidentDocument>(ports.state, ALERTING_KINDS.incident, inc.id, (cur) => cur && { ...cur, pendingPages: (cur.pendingPages ?? []).filter((p) => !sent.has(pageKey(p))) });
  }
  return { incidents: considered, pages: paged, failedPages: failed };
}

function pageKey(p: EscalationPage): string {
  return `${p.cycle}:${p.level}:${p.target.type}:${p.target.id}`;
}
