import type { Notification, Notifier } from '../../../lambdas/core/ports/notifier';
import { usePortHarness } from './port-harness';

/** What the Notifier contract needs: a fresh notifier and what reached its receivers, oldest first. */
export interface NotifierHarness {
  readonly notifier: Notifier;
  sent(): Promise<(Notification & { readonly id: string })[]>;
  readonly cleanup?: () => Promise<void>;
}

/** Declares the behaviour every Notifier adapter must have. `makeHarness` is called once per test. */
export function describeNotifierContract(name: string, makeHarness: () => Promise<NotifierHarness>): void {
  describe(`Notifier contract: ${name}`, () => {
    let h: NotifierHarness;
    usePortHarness(makeHarness, (harness) => (h = harness));

    it('delivers severity, subject, message and attributes and answers the message id', async () => {
      const n: Notification = {
        severity: 'critical',
        subject: '[FIRING] HighErrorRate on checkout',
        message: 'error rate 12% > 5% for 10m\nrunbook: https://example.test/rb',
        attributes: { alertname: 'HighErrorRate', service: 'checkout' },
      };
      const { messageId } = await h.notifier.notify(n);
      expect(messageId).toMatch(/\S/);
      const sent = await h.sent();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ id: messageId, severity: 'critical', subject: n.subject, message: n.message });
      expect(sent[0].attributes).toMatchObject({ alertname: 'HighErrorRate', service: 'checkout' });
    });

    it('gives distinct notifications distinct ids, in order', async () => {
      const a = await h.notifier.notify({ severity: 'info', subject: 'a', message: 'first' });
      const b = await h.notifier.notify({ severity: 'warning', subject: 'b', message: 'second' });
      expect(a.messageId).not.toBe(b.messageId);
      expect((await h.sent()).map((s) => [s.id, s.severity, s.message])).toEqual([
        [a.messageId, 'info', 'first'],
        [b.messageId, 'warning', 'second'],
      ]);
    });

    it('sends a dedupKey once and answers the first id for a repeat', async () => {
      const first = await h.notifier.notify({ severity: 'warning', subject: 's', message: 'm1', dedupKey: 'alert-42-firing' });
      const again = await h.notifier.notify({ severity: 'warning', subject: 's', message: 'm2', dedupKey: 'alert-42-firing' });
      const other = await h.notifier.notify({ severity: 'warning', subject: 's', message: 'm3', dedupKey: 'alert-42-resolved' });
      expect(again.messageId).toBe(first.messageId);
      expect(other.messageId).not.toBe(first.messageId);
      const sent = await h.sent();
      expect(sent.map((s) => s.message)).toEqual(['m1', 'm3']);
      expect(sent[0].dedupKey).toBe('alert-42-firing');
    });
  });
}
