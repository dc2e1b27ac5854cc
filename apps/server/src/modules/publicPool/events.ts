/** The pool log: who claimed, was assigned or gave back what, when and why (newest first). */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';

export interface PoolLogEntry {
  id: number;
  kind: 'claim' | 'assign' | 'return';
  recordType: 'lead' | 'customer';
  recordId: string;
  recordName: string | null;
  fromOwnerName: string | null;
  toOwnerName: string | null;
  actorName: string | null;
  /** noFollowup / noOpportunity / notClosed (the rules) or manual */
  reasonCode: string | null;
  reason: string | null;
  createdAt: string;
}

export async function poolLog(db: Db, tenantId: string, poolId: string, q: { limit: number; before?: number }): Promise<PoolLogEntry[]> {
  const found = await rows<PoolLogEntry & { createdAt: Date | string }>(db, sql`
    SELECT e.id::int AS id, e.kind, e.record_type AS "recordType", e.record_id::text AS "recordId",
      coalesce(c.name, l.name) AS "recordName", fu.name AS "fromOwnerName", tu.name AS "toOwnerName", au.name AS "actorName",
      e.reason_code AS "reasonCode", e.reason, e.created_at AS "createdAt"
    FROM pool_events e
      LEFT JOIN customers c ON e.record_type = 'customer' AND c.id = e.record_id
      LEFT JOIN leads l ON e.record_type = 'lead' AND l.id = e.record_id
      LEFT JOIN users fu ON fu.id = e.from_owner_id LEFT JOIN users tu ON tu.id = e.to_owner_id LEFT JOIN users au ON au.id = e.actor_id
    WHERE e.tenant_id = ${tenantId} AND e.pool_id = ${poolId} ${q.before ? sql`AND e.id < ${q.before}` : sql``}
    ORDER BY e.id DESC LIMIT ${q.limit}`);
  return found.map((r) => ({ ...r, id: Number(r.id), createdAt: new Date(r.createdAt).toISOString() }));
}
