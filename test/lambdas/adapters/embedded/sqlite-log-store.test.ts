import { SqliteLogStore } from '../../../../lambdas/adapters/embedded/sqlite-log-store';
import { describeLogStoreContract } from '../../../support/contract/log-store-contract';
import { tempDatabase } from '../../../support/contract/temp-database';

describeLogStoreContract('SqliteLogStore', async () => {
  const { db, cleanup } = tempDatabase();
  return { store: new SqliteLogStore(db), cleanup };
});

describe('SqliteLogStore text search', () => {
  it('treats FTS5 syntax in the text as plain words', async () => {
    const { db, cleanup } = tempDatabase();
    const store = new SqliteLogStore(db);
    await store.append([{ id: '1', timestamp: 1, service: 's', level: 'info', message: 'say "hi" OR NOT bye*', attributes: {} }]);
    const range = { start: 0, end: 2 };
    expect((await store.query({ range, text: '"hi" OR' })).items).toHaveLength(1);
    expect((await store.query({ range, text: 'NOT(' })).items).toHaveLength(1);
    expect((await store.query({ range, text: 'bye* nope' })).items).toHaveLength(0);
    expect((await store.query({ range, text: '   ' })).items).toHaveLength(1);
    await cleanup();
  });
});
