import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { customerKeys } from './keys.ts';

/**
 * Customers created before 查重 keys existed (migration 0005) have none, so no duplicate check
 * would find them. The keys come from TypeScript normalisers, so SQL migrations cannot fill them;
 * this does, once, at start-up, a batch at a time. Idempotent: concurrent instances write the same values.
 */
export async function backfillCustomerKeys(database: Database, batchSize = 1000): Promise<number> {
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const batch = await database.asSystem((db) =>
      rows<{ id: string; name: string; phone: string | null; email: string | null }>(db, sql`
        SELECT id::text AS id, name, phone, email FROM customers
        WHERE name_norm IS NULL AND deleted_at IS NULL AND id > ${after}::uuid
        ORDER BY id LIMIT ${batchSize}`),
    );
    if (batch.length === 0) return total;
    const values = batch.map((r) => ({ id: r.id, ...customerKeys(r) }));
    await database.asSystem((db) =>
      db.execute(sql`
        UPDATE customers c SET name_norm = v."nameNorm", phone_norm = v."phoneNorm", email_norm = v."emailNorm"
        FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS v(id uuid, "nameNorm" text, "phoneNorm" text, "emailNorm" text)
        WHERE c.id = v.id`),
    );
    total += batch.length;
    after = batch[batch.length - 1]!.id;
  }
}
