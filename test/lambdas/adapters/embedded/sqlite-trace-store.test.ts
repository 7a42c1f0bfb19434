import { SqliteTraceStore } from '../../../../lambdas/adapters/embedded/sqlite-trace-store';
import { tempDatabase } from '../../../support/contract/temp-database';
import { describeTraceStoreContract } from '../../../support/contract/trace-store-contract';

describeTraceStoreContract('SqliteTraceStore', async () => {
  const { db, cleanup } = tempDatabase();
  return { store: new SqliteTraceStore(db), cleanup };
});
