import { sql } from 'drizzle-orm';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';
import { recordAudits } from '../../platform/audit/audit.ts';

/** A customer row locked (FOR UPDATE) by the caller, about to change hands. */
export interface MovingCustomer { id: string; ownerId: string | null }

/** One array parameter however many ids (a handover may move thousands). */
export const uuidArray = (list: string[]) => sql`${sql.param(list)}::uuid[]`;

/**
 * Gives customers to a new owner — single and bulk transfer, handover — the one way: the receiver's
 * ownership caps are checked first, the previous owner and "owner since" are recorded, and each
 * record gets an ownerChange audit entry carrying the reason. With `withContacts`, the customers'
 * contacts that the previous owner held follow them (a rep taking over an account takes its people).
 * Returns the ids that changed owner (rows already owned by the receiver are left alone).
 */
export async function moveCustomers(
  tx: Db, src: AuditSource, rows: MovingCustomer[], toUserId: string,
  opts: { reason?: string | null; withContacts: boolean; data?: Record<string, unknown> },
): Promise<string[]> {
  const moving = rows.filter((r) => r.ownerId !== toUserId);
  if (!moving.length) return [];
  const movedIds = moving.map((r) => r.id);
  // by id, so the cap counts closed and locked customers the way it is configured
  await assertOwnershipCaps(tx, src.tenantId, [{ userId: toUserId, customerIds: movedIds }]);
  // SET expressions read the old row, so previous_owner_id takes the owner being replaced; an owned
  // customer is in no pool.
  await tx.execute(sql`UPDATE customers SET previous_owner_id = owner_id, owner_id = ${toUserId}, owner_since = now(), updated_at = now(),
      pool_id = NULL, pool_entered_at = NULL
    WHERE tenant_id = ${src.tenantId} AND id = ANY(${uuidArray(movedIds)})`);
  const data = { ...(opts.data ?? {}), ...(opts.reason ? { reason: opts.reason } : {}) };
  await recordAudits(tx, src, moving.map((r) => ({ action: 'ownerChange', recordType: 'customer', recordId: r.id, before: { ownerId: r.ownerId }, after: { ownerId: toUserId }, data })));
  if (opts.withContacts) {
    const followed = await queryRows<{ id: string; from_id: string; customer_id: string }>(tx, sql`
      UPDATE contacts k SET owner_id = ${toUserId}, updated_at = now()
        FROM customers c
       WHERE k.tenant_id = ${src.tenantId} AND c.tenant_id = ${src.tenantId} AND k.customer_id = c.id AND c.id = ANY(${uuidArray(movedIds)})
         AND k.deleted_at IS NULL AND k.owner_id = c.previous_owner_id
      RETURNING k.id::text AS id, c.previous_owner_id::text AS from_id, c.id::text AS customer_id`);
    await recordAudits(tx, src, followed.map((k) => ({
      action: 'ownerChange', recordType: 'contact', recordId: k.id, before: { ownerId: k.from_id }, after: { ownerId: toUserId }, data: { ...data, withCustomer: k.customer_id },
    })));
  }
  return movedIds;
}

/**
 * Moves every record of one kind a user owns (handover): leads that are still open, contacts.
 * Rows are locked in id order so overlapping moves queue instead of deadlocking.
 */
export async function moveOwnedRecords(
  tx: Db, src: AuditSource, table: 'leads' | 'contacts', fromUserId: string, toUserId: string, data: Record<string, unknown>,
): Promise<number> {
  const t = sql.identifier(table);
  const open = table === 'leads' ? sql`AND status IN ('new', 'contacting', 'qualified')` : sql``;
  const owned = sql`tenant_id = ${src.tenantId} AND owner_id = ${fromUserId} AND deleted_at IS NULL ${open}`;
  const locked = await queryRows<{ id: string }>(tx, sql`SELECT id::text AS id FROM ${t} WHERE ${owned} ORDER BY id FOR UPDATE`);
  if (!locked.length) return 0;
  const ownerSince = table === 'leads' ? sql`, previous_owner_id = owner_id, owner_since = now()` : sql``;
  await tx.execute(sql`UPDATE ${t} SET owner_id = ${toUserId}, updated_at = now() ${ownerSince} WHERE tenant_id = ${src.tenantId} AND id = ANY(${uuidArray(locked.map((r) => r.id))})`);
  const recordType = table === 'leads' ? 'lead' : 'contact';
  await recordAudits(tx, src, locked.map((r) => ({ action: 'ownerChange', recordType, recordId: r.id, before: { ownerId: fromUserId }, after: { ownerId: toUserId }, data })));
  return locked.length;
}
