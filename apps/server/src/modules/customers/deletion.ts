import { sql } from 'drizzle-orm';
import { recordAudits, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';

/**
 * Soft-deletes customers and, with them, their live contacts — stamped with the same deleted_at
 * (the transaction's now()), which is how a restore knows which contacts went with the customer.
 */
export async function softDeleteCustomers(tx: Db, src: AuditSource, rows: { id: string; name: string; number: string | null }[], bulk: boolean): Promise<void> {
  if (!rows.length) return;
  const ids = sql`${sql.param(rows.map((r) => r.id))}::uuid[]`;
  await tx.execute(sql`UPDATE customers SET deleted_at = now(), deleted_by = ${src.actorId}, updated_at = now() WHERE tenant_id = ${src.tenantId} AND id = ANY(${ids})`);
  const gone = await queryRows<{ id: string; name: string; number: string | null; customer_id: string }>(tx, sql`
    UPDATE contacts SET deleted_at = now(), deleted_by = ${src.actorId}, updated_at = now()
     WHERE tenant_id = ${src.tenantId} AND customer_id = ANY(${ids}) AND deleted_at IS NULL
    RETURNING id::text AS id, name, number, customer_id::text AS customer_id`);
  await recordAudits(tx, src, [
    ...rows.map((r) => ({ action: 'delete', recordType: 'customer', recordId: r.id, data: { name: r.name, number: r.number, ...(bulk ? { bulk } : {}) } })),
    ...gone.map((k) => ({ action: 'delete', recordType: 'contact', recordId: k.id, data: { name: k.name, number: k.number, withCustomer: k.customer_id } })),
  ]);
}

/** Brings back the contacts that were deleted together with a customer (same deleted_at). */
export async function restoreContactsOf(tx: Db, src: AuditSource, customerId: string): Promise<void> {
  const back = await queryRows<{ id: string; name: string; number: string | null }>(tx, sql`
    UPDATE contacts SET deleted_at = NULL, deleted_by = NULL, updated_at = now()
     WHERE tenant_id = ${src.tenantId} AND customer_id = ${customerId} AND deleted_at = (SELECT c.deleted_at FROM customers c WHERE c.id = ${customerId})
    RETURNING id::text AS id, name, number`);
  await recordAudits(tx, src, back.map((k) => ({ action: 'restore', recordType: 'contact', recordId: k.id, data: { name: k.name, number: k.number, withCustomer: customerId } })));
}
