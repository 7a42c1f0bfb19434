import { SqliteNotifier } from '../../../../lambdas/adapters/embedded/sqlite-notifier';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { describeNotifierContract } from '../../../support/contract/notifier-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

describeNotifierContract('SqliteNotifier', async () => {
  const { db, cleanup } = tempDatabase();
  const notifier = new SqliteNotifier(db, new ManualClock(1_000));
  return { notifier, cleanup, sent: async () => notifier.sent().map((s) => ({ ...s })) };
});

describe('SqliteNotifier outbox', () => {
  it('records the creation time and survives a second instance on the same file', async () => {
    const { db, cleanup } = tempDatabase();
    const clock = new ManualClock(5_000);
    await new SqliteNotifier(db, clock).notify({ severity: 'info', subject: 's', message: 'm', dedupKey: 'k' });
    const second = new SqliteNotifier(db, clock);
    const [row] = second.sent();
    expect(row).toMatchObject({ createdAt: 5_000, dedupKey: 'k', attributes: {} });
    expect((await second.notify({ severity: 'info', subject: 'x', message: 'y', dedupKey: 'k' })).messageId).toBe(row.id);
    expect(second.sent()).toHaveLength(1);
    await cleanup();
  });
});
