import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rows } from '../db/query.ts';

export interface RecordRef { recordType: string; recordId: string }

/**
 * Ties `linked` to `record` so the record's timeline carries the linked record's history:
 * a converted lead under its customer and contact, a merged-away record under the survivor.
 */
export async function linkRecords(tx: Db, tenantId: string, record: RecordRef, linked: RecordRef, reason: 'converted' | 'merged', userId: string | null): Promise<void> {
  await tx.execute(sql`
    INSERT INTO record_links (tenant_id, record_type, record_id, linked_type, linked_id, reason, created_by)
    VALUES (${tenantId}, ${record.recordType}, ${record.recordId}, ${linked.recordType}, ${linked.recordId}, ${reason}, ${userId})
    ON CONFLICT DO NOTHING`);
}

/** The record and everything linked to it, transitively (a merged customer that came from a lead…). */
export async function linkedRecords(db: Db, tenantId: string, root: RecordRef): Promise<RecordRef[]> {
  const found = await rows<{ record_type: string; record_id: string }>(db, sql`
    WITH RECURSIVE linked(record_type, record_id) AS (
      SELECT ${root.recordType}::text, ${root.recordId}::uuid
      UNION
      SELECT l.linked_type, l.linked_id FROM record_links l
      JOIN linked ON l.record_type = linked.record_type AND l.record_id = linked.record_id
      WHERE l.tenant_id = ${tenantId}
    )
    SELECT record_type, record_id::text AS record_id FROM linked LIMIT 100`);
  return found.map((r) => ({ recordType: r.record_type, recordId: r.record_id }));
}
