/** Who may see and change payment plans, payment records and invoices, and the contract they belong to. */
import { sql, type SQL } from 'drizzle-orm';
import { pgTable, uuid } from 'drizzle-orm/pg-core';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords, writableRecords, type OwnedTable } from '../../platform/permissions/recordAccess.ts';

/** The columns of `contracts` the visibility condition needs (the contracts module owns the table). */
export const contractRef = pgTable('contracts', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  ownerId: uuid('owner_id'),
});

export interface ContractInfo {
  id: string; number: string | null; name: string; customerId: string; ownerId: string | null; status: string; amount: string;
  receivedAmount: string; invoicedAmount: string;
}

/**
 * A live contract the actor may see, or a 400 naming `field` (its existence is not revealed). A
 * finance user sees every contract (their role's scope is "all"); a rep their own.
 */
export async function visibleContract(db: Db, actor: Actor, contractId: string, field = 'contractId'): Promise<ContractInfo> {
  let scope: SQL;
  try {
    scope = visibleRecords(actor, 'contract', contractRef);
  } catch {
    throw fieldError(field, '没有找到该合同 / no contract with this id');
  }
  const row = await one<ContractInfo>(db, sql`SELECT id, number, name, customer_id AS "customerId", owner_id AS "ownerId", status, amount::text AS amount,
      received_amount::text AS "receivedAmount", invoiced_amount::text AS "invoicedAmount"
    FROM contracts WHERE id = ${contractId} AND deleted_at IS NULL AND ${scope}`);
  if (!row) throw fieldError(field, '没有找到该合同 / no contract with this id');
  return row;
}

/** Payments and invoices are taken only against an approved contract. */
export function assertContractApproved(status: string): void {
  if (status !== 'approved') throw conflict('CONTRACT_NOT_APPROVED', '合同审批通过后才能登记回款或申请开票 / the contract must be approved first', { field: 'contractId', status });
}

/**
 * The change condition: the edit right in scope (finance, admins), or — for people who may only
 * create (sales reps) — records they created or own.
 */
export function changeable(actor: Actor, recordType: RecordType, table: OwnedTable & { createdBy: OwnedTable['id'] }, action: 'edit' | 'delete' = 'edit'): SQL {
  const parts: SQL[] = [];
  if (can(actor.perms, recordType, action)) parts.push(writableRecords(actor, recordType, table, action));
  if (can(actor.perms, recordType, 'create')) parts.push(sql`(${table.tenantId} = ${actor.tenantId} AND (${table.createdBy} = ${actor.userId} OR ${table.ownerId} = ${actor.userId}))`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** Finance's own actions (confirm directly is not one: that goes through approval): void, issue. */
export function isFinance(actor: Actor, recordType: RecordType): boolean {
  return can(actor.perms, recordType, 'edit') && (actor.perms.admin || actor.perms.dataScope === 'all');
}

/** PATCH …/:id/owner for plans, payments and invoices: the transfer right in scope; audited as ownerChange. */
export async function transferOwner(db: Db, actor: Actor, src: AuditSource, recordType: 'paymentPlan' | 'payment' | 'invoice', table: OwnedTable & { deletedAt: OwnedTable['id'] }, id: string, ownerId: string, reason?: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await one<{ owner_id: string | null }>(tx, sql`SELECT ${table.ownerId} AS owner_id FROM ${table} WHERE ${table.id} = ${id} AND ${table.deletedAt} IS NULL AND ${writableRecords(actor, recordType, table, 'transfer')} FOR UPDATE`);
    if (!row) {
      const seen = await one(tx, sql`SELECT 1 AS ok FROM ${table} WHERE ${table.id} = ${id} AND ${table.deletedAt} IS NULL AND ${visibleRecords(actor, recordType, table)}`);
      if (seen) throw forbidden(`no permission to transfer this ${recordType}`);
      throw notFound(recordType);
    }
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (row.owner_id === ownerId) return;
    await tx.execute(sql`UPDATE ${table} SET owner_id = ${ownerId}, updated_at = now() WHERE ${table.id} = ${id}`);
    await recordAudit(tx, src, { action: 'ownerChange', recordType, recordId: id, before: { ownerId: row.owner_id }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) });
  }, actor.tenantId);
}
