import type { Db } from './client.ts';
import { invalidateListCounts } from '../records/listQuery.ts';

/**
 * Runs fn in a transaction; drizzle's transaction handle is used through the same Db type. With a
 * tenant, the tenant's cached list totals are dropped once the transaction has committed.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>, tenantId?: string): Promise<T> {
  const result = await db.transaction((tx) => fn(tx as unknown as Db));
  if (tenantId) invalidateListCounts(tenantId);
  return result;
}
