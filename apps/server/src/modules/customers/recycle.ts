import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListResult } from '../../platform/records/listQuery.ts';
import { toListParams, type ListInput } from '../../platform/records/listParams.ts';
import type { RecordTypeDef, StandardFieldDef } from '../../platform/records/registry.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';
import { restoreContactsOf } from './deletion.ts';
import { customerType } from './fields.ts';
import { assertNameFree, mapUniqueViolation, reload } from './persist.ts';
import { customers as c } from './schema.ts';
import { customerSearch, customerSelect, present, type CustomerDto, type CustomerSelected } from './service.ts';

/** Recycle-bin columns on top of a record type's own (the list sorts and filters by them). */
export function recycleBinType(def: RecordTypeDef, deletedAtColumn: AnyPgColumn): RecordTypeDef {
  const deletedAt: StandardFieldDef = { key: 'deletedAt', label: '删除时间', labelEn: 'Deleted', kind: 'datetime', sql: deletedAtColumn, notNull: true };
  return { ...def, standardFields: [...def.standardFields, deletedAt] };
}

const deletedSelect = {
  ...customerSelect,
  deletedAt: c.deletedAt,
  deletedBy: c.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${c.deletedBy})`.as('deleted_by_name'),
};
const deletedCustomers = (actor: Actor) => and(visibleRecords(actor, 'customer', c), isNotNull(c.deletedAt))!;
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** GET /customers/recycle-bin: deleted customers the actor may see, most recently deleted first. */
/** A recycle-bin row: the record as listed, plus when and by whom it was deleted. */
export type DeletedDto<T> = T & { deletedAt: string; deletedBy: string | null; deletedByName: string | null };

export async function listDeletedCustomers(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<CustomerDto>>> {
  const catalog = await loadCatalog(db, actor, recycleBinType(customerType, c.deletedAt));
  const source = { table: c, select: deletedSelect, base: deletedCustomers(actor), catalog, search: (q: string) => customerSearch(catalog, q), defaultSort: [{ field: 'deletedAt', dir: 'desc' as const }], idColumn: c.id };
  const page = await listQuery<CustomerSelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return {
    ...page,
    items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })),
  };
}

/** Restores a locked, deleted customer (and the contacts deleted with it), or throws naming why not (its name was taken, caps). */
export async function restoreLocked(tx: Db, src: AuditSource, before: Pick<CustomerSelected, 'id' | 'name' | 'number' | 'ownerId' | 'locked'>): Promise<void> {
  await assertNameFree(tx, src.tenantId, before.name);
  if (before.ownerId) await assertOwnershipCaps(tx, src.tenantId, [{ userId: before.ownerId, customers: 1, locked: before.locked ? 1 : 0 }]);
  await restoreContactsOf(tx, src, before.id); // before clearing the customer's deleted_at, which identifies them
  await tx.update(c).set({ deletedAt: null, deletedBy: null, updatedAt: new Date() }).where(eq(c.id, before.id));
  await recordAudit(tx, src, { action: 'restore', recordType: 'customer', recordId: before.id, data: { name: before.name, number: before.number } });
}

/**
 * POST /customers/:id/restore: back from the recycle bin, unless a live customer took its name
 * meanwhile (409 DUPLICATE naming the field: rename that one, or merge). Restoring gives the
 * owner the customer again, so ownership caps apply.
 */
export async function restoreCustomer(db: Db, actor: Actor, src: AuditSource, id: string): Promise<CustomerDto> {
  const row = await inTransaction(db, async (tx) => {
    const [found] = await tx.select(customerSelect).from(c).where(and(eq(c.id, id), isNotNull(c.deletedAt), writableRecords(actor, 'customer', c, 'delete'))).for('update', { of: c });
    if (!found) {
      const [seen] = await tx.select({ deletedAt: c.deletedAt }).from(c).where(and(eq(c.id, id), visibleRecords(actor, 'customer', c)));
      if (!seen) throw notFound('customer');
      if (!seen.deletedAt) throw conflict('NOT_DELETED', 'this customer is not in the recycle bin');
      throw forbidden('no permission to restore this customer');
    }
    await restoreLocked(tx, src, found as CustomerSelected);
    return reload(tx, id);
  }, actor.tenantId).catch(mapUniqueViolation);
  return present(actor, row, 'detail');
}
