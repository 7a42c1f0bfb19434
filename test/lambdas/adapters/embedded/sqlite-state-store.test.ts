import { SqliteStateStore } from '../../../../lambdas/adapters/embedded/sqlite-state-store';
import { ManualClock } from '../../../../lambdas/core/ports/clock';
import { describeStateStoreContract } from '../../../support/contract/state-store-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

describeStateStoreContract('SqliteStateStore', async () => {
  const { db, cleanup } = tempDatabase();
  const clock = new ManualClock(1_700_000_000_000);
  return { store: new SqliteStateStore(db, clock), clock, cleanup };
});
