import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, type CustomFieldRow } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { normalizeMobile } from '../dedupe/normalize.ts';
import { dedupeKeys } from '../dedupe/service.ts';
import { customers as c } from '../customers/schema.ts';
import { contactType } from './fields.ts';
import type { UpdateContactInput } from './input.ts';
import { contacts as k } from './schema.ts';
import { contactSelect, findVisibleContact, reachable, type ContactSelected } from './service.ts';

// The write helpers every contact change path shares (single, batch, bulk).

const NOT_AUDITED = new Set(['id', 'ownerName', 'customerName', 'createdAt', 'updatedAt']);
const AUDITED = Object.keys(contactSelect).filter((key) => !NOT_AUDITED.has(key));

/** The audited state of a contact: stored fields only. */
export function snapshot(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of AUDITED) {
    const v = r[key];
    out[key] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  out.tags = r.tags ?? [];
  out.custom = r.custom ?? {};
  return out;
}

/** The stored 查重 keys of the fields present in `v` (mobile falls back to the phone, as 查重 reads it). */
export function contactKeys(v: { mobile?: unknown; phone?: unknown; email?: unknown }): { mobileNorm?: string | null; emailNorm?: string | null } {
  const keys = dedupeKeys({ mobile: v.mobile, phone: v.phone, email: v.email });
  return {
    ...(v.mobile !== undefined || v.phone !== undefined ? { mobileNorm: keys.mobileNorm } : {}),
    ...(v.email !== undefined ? { emailNorm: keys.emailNorm } : {}),
  };
}

export type ContactChange = Omit<UpdateContactInput, 'confirmDuplicate'>;

/** Column values of an input: '' means no value, phones without spaces/dashes, 查重 keys alongside. */
export function columns(input: Omit<ContactChange, 'custom'>, current?: { mobile: string | null; phone: string | null }): Partial<typeof k.$inferInsert> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) out[key] = v === '' ? null : v;
  if (typeof out.phone === 'string') out.phone = out.phone.replace(/[\s-]/g, '');
  // a mobile is stored as its canonical number (+86 136-0000-1234 → 13600001234), so lists read alike
  if (typeof out.mobile === 'string') out.mobile = normalizeMobile(out.mobile) ?? out.mobile.replace(/[\s-]/g, '');
  if (input.nextFollowupAt !== undefined) out.nextFollowupAt = input.nextFollowupAt ? new Date(input.nextFollowupAt) : null;
  // the key needs both numbers whenever one changes (mobile first, the phone when there is none)
  const phones = out.mobile !== undefined || out.phone !== undefined
    ? { mobile: out.mobile !== undefined ? out.mobile : current?.mobile ?? null, phone: out.phone !== undefined ? out.phone : current?.phone ?? null }
    : {};
  Object.assign(out, contactKeys({ ...phones, email: out.email }));
  return out as Partial<typeof k.$inferInsert>;
}

export async function reloadContact(tx: Db, id: string): Promise<ContactSelected> {
  const [row] = await tx.select(contactSelect).from(k).where(eq(k.id, id));
  return row as ContactSelected;
}

/** The live contact locked for change, or 403 (visible but not writable) / 404 (not visible). */
export async function lockWritableContact(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<ContactSelected> {
  const [row] = await tx.select(contactSelect).from(k).where(and(eq(k.id, id), isNull(k.deletedAt), reachable(actor, action))).for('update', { of: k });
  if (row) return row as ContactSelected;
  if (await findVisibleContact(tx, actor, id)) throw forbidden(`no permission to ${action} this contact`);
  throw notFound('contact');
}

/** A live customer the actor may see (the system, acting for a web form or job, may use any). */
export async function usableCustomer(tx: Db, actor: Actor | null, tenantId: string, customerId: string): Promise<{ id: string; ownerId: string | null } | undefined> {
  const scope = actor ? visibleRecords(actor, 'customer', c) : eq(c.tenantId, tenantId);
  const [row] = await tx.select({ id: c.id, ownerId: c.ownerId }).from(c).where(and(eq(c.id, customerId), isNull(c.deletedAt), scope));
  return row;
}

/** A customer has one primary contact: making one primary demotes the others. */
export async function demoteOtherPrimaries(tx: Db, tenantId: string, customerIds: string[], keepId?: string): Promise<void> {
  if (!customerIds.length) return;
  await tx.update(k).set({ isPrimary: false, updatedAt: new Date() }).where(and(
    eq(k.tenantId, tenantId), sql`${k.customerId} = ANY(${sql.param(customerIds)}::uuid[])`, eq(k.isPrimary, true), isNull(k.deletedAt), keepId ? ne(k.id, keepId) : undefined,
  ));
}

/** Applies an edit to a locked contact: customer, custom fields, primary flag, 查重 keys, audit. */
export async function applyContactUpdate(tx: Db, actor: Actor | null, src: AuditSource, tenantId: string, before: ContactSelected, input: ContactChange, defs: CustomFieldRow[]): Promise<ContactSelected> {
  const { custom: customIn, ...rest } = input;
  if (rest.customerId && rest.customerId !== before.customerId && !(await usableCustomer(tx, actor, tenantId, rest.customerId))) throw fieldError('customerId', 'no such customer');
  const set: Partial<typeof k.$inferInsert> = { ...columns(rest, before), updatedAt: new Date() };
  if (customIn !== undefined) set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, tenantId, contactType, defs, customIn, 'update', before.id));
  const customerId = rest.customerId ?? before.customerId;
  if (input.isPrimary && customerId) await demoteOtherPrimaries(tx, tenantId, [customerId], before.id);
  else if (customerId !== before.customerId && before.isPrimary && input.isPrimary === undefined) set.isPrimary = false; // the new customer keeps its own primary
  await tx.update(k).set(set).where(eq(k.id, before.id));
  const after = await reloadContact(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'contact', recordId: before.id, before: snapshot(before), after: snapshot(after) });
  return after;
}
