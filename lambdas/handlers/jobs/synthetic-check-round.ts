import { listAll } from '../../core/alerting/platform/alerting-store';
import type { Ports } from '../../core/ports';
import type { StatusPagePublisher } from '../../core/ports/status-page-publisher';
import { CHECK_KINDS, type ProbeResult, type SyntheticCheck } from '../../core/probes/check-model';
import { runProbeRound, statusOfServices, type CheckState } from '../../core/probes/probe-round';
import { renderStatusPage } from '../../core/status/status-page';

/** What one run of the job did. */
export interface CheckRoundSummary {
  readonly probed: number;
  readonly failed: number;
  readonly notified: number;
}

/**
 * One round of the synthetic-checks job: probe the due checks, write `probe_*` series and
 * one log record per probe, notify checks that start failing or recover, remember each
 * check's state, and republish the status page.
 */
export async function runSyntheticChecks(ports: Ports, statusPage: StatusPagePublisher, probe: (c: SyntheticCheck) => Promise<ProbeResult>, title = 'Service status'): Promise<CheckRoundSummary> {
  const now = ports.clock.now();
  const checks = (await listAll<SyntheticCheck>(ports.state, CHECK_KINDS.check)).map((i) => i.value);
  const stored = await listAll<CheckState>(ports.state, CHECK_KINDS.state);
  const states: Record<string, CheckState> = Object.fromEntries(stored.map((i) => [i.id, i.value]));
  const round = await runProbeRound(checks, states, probe, now);
  if (round.series.length) await ports.metrics.write(round.series);
  if (round.logs.length) await ports.logs.append(round.logs);
  for (const r of round.results) await ports.state.put(CHECK_KINDS.state, r.checkId, round.states[r.checkId]);
  for (const n of round.notifications) await ports.notifier.notify(n);
  const { services, incidents } = statusOfServices(checks, round.states, now);
  await statusPage.publish(renderStatusPage({ title, generatedAt: now, services, incidents }));
  return { probed: round.results.length, failed: round.results.filter((r) => !r.success).length, notified: round.notifications.length };
}
