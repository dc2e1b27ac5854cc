import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { writableRecords } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, type CustomFieldRow } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';
import { customerType } from './fields.ts';
import type { UpdateCustomerInput } from './input.ts';
import { customerKeys } from './keys.ts';
import { customers as c } from './schema.ts';
import { customerSelect, findVisible, type CustomerSelected } from './service.ts';

// The write helpers every customer change path shares (single, batch, bulk, handover).

const NOT_AUDITED = new Set(['id', 'ownerName', 'previousOwnerName', 'createdAt', 'updatedAt']);
const AUDITED = Object.keys(customerSelect).filter((k) => !NOT_AUDITED.has(k));

/** The audited state of a customer: stored fields only (no display names, no timestamps). */
export function snapshot(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of AUDITED) {
    const v = r[k];
    out[k] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  out.tags = r.tags ?? [];
  out.custom = r.custom ?? {};
  return out;
}

export const duplicateName = (duplicates?: unknown[]) =>
  conflict('DUPLICATE', 'a customer with this name already exists', { field: 'name', fields: [{ field: 'name', message: 'already exists' }], ...(duplicates ? { duplicates } : {}) });

export async function assertNameFree(tx: Db, tenantId: string, name: string, exceptId?: string): Promise<void> {
  const hit = await tx.select({ id: c.id }).from(c).where(and(eq(c.tenantId, tenantId), eq(c.name, name), isNull(c.deletedAt), exceptId ? ne(c.id, exceptId) : undefined)).limit(1);
  if (hit.length) throw duplicateName();
}

/** A concurrent create with the same name passes the pre-check; the unique index still names it. */
export function mapUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e.code ? e : e.cause;
  if (pg?.code === '23505' && pg.constraint === 'customers_tenant_name') throw duplicateName();
  throw err;
}

export async function assertActiveUser(tx: Db, tenantId: string, userId: string, field: string): Promise<void> {
  const ok = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${tenantId} AND id = ${userId} AND status = 'active'`);
  if (!ok) throw fieldError(field, 'no such active user');
}

/** Empty strings from forms mean "no value"; phones are stored without spaces/dashes; 查重 keys follow. */
export function columns(input: Omit<UpdateCustomerInput, 'custom' | 'confirmDuplicate'>): Partial<typeof c.$inferInsert> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) out[k] = v === '' ? null : v;
  if (typeof out.phone === 'string') out.phone = out.phone.replace(/[\s-]/g, '');
  if (input.nextFollowupAt !== undefined) out.nextFollowupAt = input.nextFollowupAt ? new Date(input.nextFollowupAt) : null;
  Object.assign(out, customerKeys({ name: out.name, phone: out.phone, email: out.email }));
  return out as Partial<typeof c.$inferInsert>;
}

export async function reload(tx: Db, id: string): Promise<CustomerSelected> {
  const [row] = await tx.select(customerSelect).from(c).where(eq(c.id, id));
  return row as CustomerSelected;
}

/** The live record locked for change, or 403 (visible but not writable) / 404 (not visible). */
export async function lockWritable(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<CustomerSelected> {
  const [row] = await tx.select(customerSelect).from(c).where(and(eq(c.id, id), isNull(c.deletedAt), writableRecords(actor, 'customer', c, action))).for('update', { of: c });
  if (row) return row as CustomerSelected;
  if (await findVisible(tx, actor, id)) throw forbidden(`no permission to ${action} this customer`);
  throw notFound('customer');
}

export type CustomerChange = Omit<UpdateCustomerInput, 'confirmDuplicate'>;

/** Applies an edit to a locked customer: custom fields, unique name, lock caps, audit. */
export async function applyUpdate(tx: Db, src: AuditSource, tenantId: string, before: CustomerSelected, input: CustomerChange, defs: CustomFieldRow[]): Promise<CustomerSelected> {
  const { custom: customIn, ...rest } = input;
  const set: Partial<typeof c.$inferInsert> = { ...columns(rest), updatedAt: new Date() };
  if (customIn !== undefined) set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, tenantId, customerType, defs, customIn, 'update', before.id));
  if (input.name !== undefined && input.name !== before.name) await assertNameFree(tx, tenantId, input.name, before.id);
  if (input.locked === true && !before.locked && before.ownerId) await assertOwnershipCaps(tx, tenantId, [{ userId: before.ownerId, locked: 1 }]);
  await tx.update(c).set(set).where(eq(c.id, before.id));
  const after = await reload(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'customer', recordId: before.id, before: snapshot(before), after: snapshot(after) });
  return after;
}
