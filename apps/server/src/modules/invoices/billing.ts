/** Customers' saved billing details (开票信息): several per customer, one default; invoice forms pre-fill from the default. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { customers as c } from '../customers/schema.ts';
import type { BillingProfileInput, UpdateBillingProfileInput } from './input.ts';
import { billingProfiles as b } from './schema.ts';
import { checkBilling, type BillingDetails } from './billing-rules.ts';

export type BillingProfile = typeof b.$inferSelect;

const dto = (r: BillingProfile) => ({
  id: r.id, customerId: r.customerId, titleType: r.titleType, title: r.title, taxNumber: r.taxNumber, bankName: r.bankName, bankAccount: r.bankAccount,
  address: r.address, phone: r.phone, isDefault: r.isDefault, createdAt: new Date(r.createdAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(),
});
export type BillingProfileDto = ReturnType<typeof dto>;

/** The customer must be visible; changing its profiles takes the customer edit right or the invoice create right. */
async function assertCustomer(db: Db, actor: Actor, customerId: string, write: boolean): Promise<void> {
  let scope;
  try {
    scope = visibleRecords(actor, 'customer', c);
  } catch {
    throw notFound('customer');
  }
  const row = await one(db, sql`SELECT 1 AS ok FROM ${c} WHERE ${c.id} = ${customerId} AND ${c.deletedAt} IS NULL AND ${scope}`);
  if (!row) throw notFound('customer');
  if (write && !can(actor.perms, 'customer', 'edit') && !can(actor.perms, 'invoice', 'create')) throw forbidden('no permission to change billing details');
}

export async function listProfiles(db: Db, actor: Actor, customerId: string): Promise<{ items: BillingProfileDto[] }> {
  await assertCustomer(db, actor, customerId, false);
  const found = await db.select().from(b).where(and(eq(b.customerId, customerId), eq(b.tenantId, actor.tenantId))).orderBy(desc(b.isDefault), asc(b.createdAt));
  return { items: found.map(dto) };
}

const blank = (v: string | null | undefined) => (v === '' ? null : v);

async function makeDefault(tx: Db, customerId: string, id: string): Promise<void> {
  await tx.execute(sql`UPDATE customer_billing_profiles SET is_default = false, updated_at = now() WHERE customer_id = ${customerId} AND is_default AND id <> ${id}`);
  await tx.execute(sql`UPDATE customer_billing_profiles SET is_default = true, updated_at = now() WHERE id = ${id}`);
}

async function insertProfile(tx: Db, tenantId: string, customerId: string, p: BillingDetails & { isDefault?: boolean }): Promise<string> {
  const hasAny = await one(tx, sql`SELECT 1 AS ok FROM customer_billing_profiles WHERE customer_id = ${customerId}`);
  const row = await one<{ id: string }>(tx, sql`INSERT INTO customer_billing_profiles (tenant_id, customer_id, title_type, title, tax_number, bank_name, bank_account, address, phone)
    VALUES (${tenantId}, ${customerId}, ${p.titleType}, ${p.title}, ${blank(p.taxNumber) ?? null}, ${blank(p.bankName) ?? null}, ${blank(p.bankAccount) ?? null}, ${blank(p.address) ?? null}, ${blank(p.phone) ?? null})
    RETURNING id`);
  if (p.isDefault || !hasAny) await makeDefault(tx, customerId, row!.id);
  return row!.id;
}

export async function createProfile(db: Db, actor: Actor, src: AuditSource, customerId: string, input: BillingProfileInput): Promise<BillingProfileDto> {
  await assertCustomer(db, actor, customerId, true);
  const taxNumber = checkBilling(input);
  const id = await inTransaction(db, async (tx) => {
    const id = await insertProfile(tx, actor.tenantId, customerId, { ...input, taxNumber });
    await recordAudit(tx, src, { action: 'billingProfileCreate', recordType: 'customer', recordId: customerId, data: { profileId: id, title: input.title } });
    return id;
  }, actor.tenantId);
  const [row] = await db.select().from(b).where(eq(b.id, id));
  return dto(row!);
}

export async function updateProfile(db: Db, actor: Actor, src: AuditSource, customerId: string, id: string, input: UpdateBillingProfileInput): Promise<BillingProfileDto> {
  await assertCustomer(db, actor, customerId, true);
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(b).where(and(eq(b.id, id), eq(b.customerId, customerId), eq(b.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('billing profile');
    const merged = { ...before, ...input };
    const taxNumber = checkBilling(merged);
    await tx.update(b).set({
      titleType: merged.titleType, title: merged.title, taxNumber, bankName: blank(merged.bankName) ?? null, bankAccount: blank(merged.bankAccount) ?? null,
      address: blank(merged.address) ?? null, phone: blank(merged.phone) ?? null, updatedAt: new Date(),
    }).where(eq(b.id, id));
    if (input.isDefault) await makeDefault(tx, customerId, id);
    await recordAudit(tx, src, { action: 'billingProfileUpdate', recordType: 'customer', recordId: customerId, data: { profileId: id, title: merged.title } });
  }, actor.tenantId);
  const [row] = await db.select().from(b).where(eq(b.id, id));
  return dto(row!);
}

export async function deleteProfile(db: Db, actor: Actor, src: AuditSource, customerId: string, id: string): Promise<void> {
  await assertCustomer(db, actor, customerId, true);
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(b).where(and(eq(b.id, id), eq(b.customerId, customerId), eq(b.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('billing profile');
    await tx.delete(b).where(eq(b.id, id));
    if (before.isDefault) {
      const next = await one<{ id: string }>(tx, sql`SELECT id FROM customer_billing_profiles WHERE customer_id = ${customerId} ORDER BY created_at LIMIT 1`);
      if (next) await makeDefault(tx, customerId, next.id);
    }
    await recordAudit(tx, src, { action: 'billingProfileDelete', recordType: 'customer', recordId: customerId, data: { profileId: id, title: before.title } });
  }, actor.tenantId);
}

/** "Save to the customer": updates the profile with the same title, or adds one (default if it is the first). */
export async function saveProfileFromInvoice(tx: Db, tenantId: string, customerId: string, p: BillingDetails): Promise<void> {
  const same = await one<{ id: string }>(tx, sql`SELECT id FROM customer_billing_profiles WHERE customer_id = ${customerId} AND title = ${p.title} LIMIT 1`);
  if (!same) {
    await insertProfile(tx, tenantId, customerId, p);
    return;
  }
  await tx.update(b).set({
    titleType: p.titleType as 'company', taxNumber: blank(p.taxNumber) ?? null, bankName: blank(p.bankName) ?? null, bankAccount: blank(p.bankAccount) ?? null,
    address: blank(p.address) ?? null, phone: blank(p.phone) ?? null, updatedAt: new Date(),
  }).where(eq(b.id, same.id));
}
