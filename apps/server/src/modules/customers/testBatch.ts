/** Test helper: calls a BatchCreator as a signed-in person would, in one transaction. */
import { SESSION_COOKIE } from '@loopline/shared';
import { actorFromSession } from '../../platform/auth/resolveActor.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { BatchCreator, CaptureChannel, DuplicatePolicy } from '../../platform/records/batch.ts';
import type { TestClient, TestEnv } from '../../test/harness.ts';

export async function runBatch(env: TestEnv, client: TestClient, creator: BatchCreator, rows: Record<string, unknown>[], duplicatePolicy: DuplicatePolicy, channel: CaptureChannel = 'import') {
  const actor = (await actorFromSession(env.db, client.cookies[SESSION_COOKIE]!))!;
  const src = { tenantId: actor.tenantId, actorId: actor.userId };
  return env.db.forTenant(actor.tenantId, (db) =>
    inTransaction(db, (tx) => creator(tx, { tenantId: actor.tenantId, actor, src, channel, duplicatePolicy, timeZone: actor.timeZone }, rows), actor.tenantId),
  );
}

/** One row of a table, read as the table owner (test assertions on stored columns). */
export async function stored(env: TestEnv, table: 'customers' | 'contacts', id: string): Promise<Record<string, any>> {
  const res = (await env.db.owner.query(`SELECT * FROM ${table} WHERE id = $1`, [id])) as { rows: Record<string, any>[] };
  return res.rows[0]!;
}
