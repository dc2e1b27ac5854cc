import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, forbidden, notFound, fieldError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { assertWritableFields, writableRecords } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { customerType } from './fields.ts';
import type { CreateCustomerInput, UpdateCustomerInput } from './input.ts';
import { customers as c } from './schema.ts';
import { customerSelect, findVisible, present, toDto, type CustomerDto, type CustomerSelected } from './service.ts';
import { invalidateListCounts } from '../../platform/records/listQuery.ts';

/**
 * Runs fn in a transaction; drizzle's transaction handle is used through the same Db type. With a
 * tenant, the tenant's cached list totals are dropped once the transaction has committed.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>, tenantId?: string): Promise<T> {
  const result = await db.transaction((tx) => fn(tx as unknown as Db));
  if (tenantId) invalidateListCounts(tenantId);
  return result;
}

/** The audited state of a customer: stored fields only (no display names, no timestamps). */
function snapshot(r: CustomerSelected): Record<string, unknown> {
  const { ownerName: _n, createdAt: _c, updatedAt: _u, id: _i, ...rest } = toDto(r);
  return rest;
}

const duplicateName = () => conflict('DUPLICATE', 'a customer with this name already exists', { field: 'name', fields: [{ field: 'name', message: 'already exists' }] });

async function assertNameFree(tx: Db, tenantId: string, name: string, exceptId?: string): Promise<void> {
  const hit = await tx.select({ id: c.id }).from(c).where(and(eq(c.tenantId, tenantId), eq(c.name, name), isNull(c.deletedAt), exceptId ? ne(c.id, exceptId) : undefined)).limit(1);
  if (hit.length) throw duplicateName();
}

/** A concurrent create with the same name passes the pre-check; the unique index still names it. */
function mapUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e.code ? e : e.cause;
  if (pg?.code === '23505' && pg.constraint === 'customers_tenant_name') throw duplicateName();
  throw err;
}

async function assertActiveUser(tx: Db, tenantId: string, userId: string, field: string): Promise<void> {
  const ok = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${tenantId} AND id = ${userId} AND status = 'active'`);
  if (!ok) throw fieldError(field, 'no such active user');
}

/** Empty strings from forms mean "no value"; phones are stored without spaces/dashes so exact search finds them. */
function columns(input: Omit<UpdateCustomerInput, 'custom'>): Partial<typeof c.$inferInsert> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = v === '' ? null : v;
  if (typeof out.phone === 'string') out.phone = out.phone.replace(/[\s-]/g, '');
  if (input.nextFollowupAt !== undefined) out.nextFollowupAt = input.nextFollowupAt ? new Date(input.nextFollowupAt) : null;
  return out as Partial<typeof c.$inferInsert>;
}

async function reload(tx: Db, id: string): Promise<CustomerSelected> {
  const [row] = await tx.select(customerSelect).from(c).where(eq(c.id, id));
  return row as CustomerSelected;
}

export async function createCustomer(db: Db, actor: Actor, src: AuditSource, input: CreateCustomerInput): Promise<CustomerDto> {
  assertWritableFields(actor, 'customer', input);
  const ownerId = input.ownerId ?? actor.userId;
  if (ownerId !== actor.userId && !can(actor.perms, 'customer', 'transfer')) throw forbidden('no permission to create customers for someone else', { field: 'ownerId' });
  const row = await inTransaction(db, async (tx) => {
    if (ownerId !== actor.userId) await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'customer');
    const custom = mergeCustom({}, await checkCustomInput(tx, actor.tenantId, customerType, defs, input.custom, 'create'));
    await assertNameFree(tx, actor.tenantId, input.name);
    const number = await nextNumber(tx, actor.tenantId, 'customer', new Date(), actor.timeZone);
    const { custom: _c, ownerId: _o, ...rest } = input;
    const [ins] = await tx
      .insert(c)
      .values({ ...columns(rest), name: input.name, tenantId: actor.tenantId, number, ownerId, custom, createdBy: actor.userId })
      .returning({ id: c.id });
    const created = await reload(tx, ins!.id);
    const after = snapshot(created);
    if (Object.keys(created.custom ?? {}).length === 0) delete after.custom; // no "custom: {}" line in the create's diff
    await recordAudit(tx, src, { action: 'create', recordType: 'customer', recordId: created.id, before: null, after });
    return created;
  }, actor.tenantId).catch(mapUniqueViolation);
  return present(actor, row, 'detail');
}

/** The record locked for change, or 403 (visible but not writable) / 404 (not visible). */
async function lockWritable(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<CustomerSelected> {
  const [row] = await tx.select(customerSelect).from(c).where(and(eq(c.id, id), isNull(c.deletedAt), writableRecords(actor, 'customer', c, action))).for('update', { of: c });
  if (row) return row as CustomerSelected;
  if (await findVisible(tx, actor, id)) throw forbidden(`no permission to ${action} this customer`);
  throw notFound('customer');
}

export async function updateCustomer(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateCustomerInput): Promise<CustomerDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'edit');
    assertWritableFields(actor, 'customer', input);
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'customer');
    const { custom: customIn, ...rest } = input;
    const set: Partial<typeof c.$inferInsert> = { ...columns(rest), updatedAt: new Date() };
    if (customIn !== undefined) set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, customerType, defs, customIn, 'update', id));
    if (input.name !== undefined && input.name !== before.name) await assertNameFree(tx, actor.tenantId, input.name, id);
    await tx.update(c).set(set).where(eq(c.id, id));
    const after = await reload(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'customer', recordId: id, before: snapshot(before), after: snapshot(after) });
    return after;
  }, actor.tenantId).catch(mapUniqueViolation);
  return present(actor, row, 'detail');
}

/** Soft delete: the row stays for history and restore; lists and the name index ignore it. */
export async function deleteCustomer(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'delete');
    await tx.update(c).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(c.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'customer', recordId: id, data: { name: before.name, number: before.number } });
  }, actor.tenantId);
}

export async function transferCustomer(db: Db, actor: Actor, src: AuditSource, id: string, ownerId: string): Promise<CustomerDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockWritable(tx, actor, id, 'transfer');
    await assertActiveUser(tx, actor.tenantId, ownerId, 'ownerId');
    if (before.ownerId === ownerId) return before;
    await tx.update(c).set({ ownerId, updatedAt: new Date() }).where(eq(c.id, id));
    await recordAudit(tx, src, { action: 'ownerChange', recordType: 'customer', recordId: id, before: { ownerId: before.ownerId }, after: { ownerId } });
    return reload(tx, id);
  }, actor.tenantId);
  return present(actor, row, 'detail');
}
