/** The write helpers every contract path shares: checks, column values, insert, change, audit. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { formatMoney, MoneyInputError, parseMoney } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, fieldError } from '../../platform/http/errors.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { usableCustomer } from '../contacts/persist.ts';
import { saveLineItems, type LineItemInput } from '../products/lineItems.ts';
import { contractType } from './fields.ts';
import type { UpdateContractInput } from './input.ts';
import { contracts as k, opportunityRefs, type ContractStatus } from './schema.ts';
import { contractSelect, reloadContract, type ContractSelected } from './service.ts';

const NOT_AUDITED = new Set(['id', 'ownerName', 'customerName', 'opportunityName', 'quoteNumber', 'companySignerName', 'outstandingAmount', 'createdBy', 'createdAt', 'updatedAt']);
const AUDITED = Object.keys(contractSelect).filter((key) => !NOT_AUDITED.has(key));

/** The audited state of a contract: stored fields only. */
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

/** Money input → fen, as a 400 naming the field (negative, malformed or absurd amounts). */
export function moneyField(value: string | number, field: string): number {
  let fen: number;
  try {
    fen = parseMoney(value, field);
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError(field, err.message);
    throw err;
  }
  if (fen < 0) throw fieldError(field, 'must not be negative');
  return fen;
}
const fenOf = (v: unknown) => (v === null || v === undefined ? 0 : parseMoney(String(v)));

/** Confirmed payment records on the contract: a contract with money received cannot be voided or deleted. */
export async function hasConfirmedPayments(tx: Db, tenantId: string, contractId: string): Promise<boolean> {
  return !!(await one(tx, sql`SELECT 1 AS ok FROM payment_records WHERE tenant_id = ${tenantId} AND contract_id = ${contractId}
    AND status = 'confirmed' AND deleted_at IS NULL LIMIT 1`));
}

/** What a create or change wants stored, before checks: API field names, '' meaning no value. */
export type ContractValues = Omit<UpdateContractInput, 'lines' | 'custom'> & { quoteId?: string | null; ownerId?: string | null };

interface Checked { set: Partial<typeof k.$inferInsert> }

/**
 * Checks a contract's values as they will be after the change (`merged`) and turns the changed
 * ones into column values: dates in order, money exact and not negative, not below what has been
 * received or invoiced, references inside the tenant and consistent with the customer.
 */
async function check(tx: Db, actor: Actor | null, tenantId: string, change: ContractValues, merged: Record<string, unknown>, current: { received: number; invoiced: number; customerId?: string }): Promise<Checked> {
  const set: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(change)) set[key] = v === '' ? null : v;
  const start = (merged.startDate || null) as string | null;
  const end = (merged.endDate || null) as string | null;
  if (start && end && end < start) throw fieldError('endDate', 'must not be before startDate');
  if (change.amount !== undefined) {
    const fen = moneyField(change.amount, 'amount');
    const floor = Math.max(current.received, current.invoiced);
    if (fen < floor) {
      throw conflict('AMOUNT_BELOW_RECEIVED', `amount: must not be below what has been received or invoiced (${formatMoney(floor)})`, { field: 'amount', fields: [{ field: 'amount', message: `at least ${formatMoney(floor)}` }] });
    }
    set.amount = formatMoney(fen);
  }
  if (change.discountAmount !== undefined) set.discountAmount = formatMoney(moneyField(change.discountAmount, 'discountAmount'));
  const customerId = merged.customerId as string;
  if (change.customerId !== undefined && change.customerId !== current.customerId && !(await usableCustomer(tx, actor, tenantId, customerId))) {
    throw fieldError('customerId', 'no such customer');
  }
  const oppId = merged.opportunityId as string | null | undefined;
  if ((change.opportunityId || change.customerId !== undefined) && oppId) {
    const [opp] = await tx.select({ customerId: opportunityRefs.customerId }).from(opportunityRefs)
      .where(and(eq(opportunityRefs.id, oppId), eq(opportunityRefs.tenantId, tenantId), isNull(opportunityRefs.deletedAt)));
    if (!opp) throw fieldError('opportunityId', 'no such opportunity');
    if (opp.customerId !== customerId) throw fieldError('opportunityId', "belongs to another customer");
  }
  const signer = merged.customerSignerId as string | null | undefined;
  if ((change.customerSignerId || change.customerId !== undefined) && signer) {
    const ok = await one(tx, sql`SELECT 1 AS ok FROM contacts WHERE tenant_id = ${tenantId} AND id = ${signer} AND customer_id = ${customerId} AND deleted_at IS NULL`);
    if (!ok) throw fieldError('customerSignerId', "must be a contact of the contract's customer");
  }
  if (change.companySignerId) await assertActiveUser(tx, tenantId, change.companySignerId, 'companySignerId');
  if (change.ownerId) await assertActiveUser(tx, tenantId, change.ownerId, 'ownerId');
  return { set: set as Partial<typeof k.$inferInsert> };
}

/** Lines given: the contract's amount and discount are their priced totals. */
async function applyLines(tx: Db, tenantId: string, id: string, lines: LineItemInput[], received: { received: number; invoiced: number }): Promise<Partial<typeof k.$inferInsert>> {
  const saved = await saveLineItems(tx, tenantId, 'contract', id, lines);
  const total = saved.priced.totalAmount;
  const floor = Math.max(received.received, received.invoiced);
  if (total < floor) throw conflict('AMOUNT_BELOW_RECEIVED', `amount: must not be below what has been received or invoiced (${formatMoney(floor)})`, { field: 'amount' });
  return { amount: formatMoney(total), discountAmount: formatMoney(saved.priced.discountAmount) };
}

export interface NewContract {
  values: ContractValues & { name: string; customerId: string };
  custom?: Record<string, unknown>;
  /** own lines (priced), or lines copied from the source document by the caller after insert */
  lines?: LineItemInput[];
  status?: ContractStatus;
}

/** Inserts one contract (numbered, checked, audited) inside the caller's transaction. */
export async function insertContract(tx: Db, actor: Actor, src: AuditSource, input: NewContract, after?: (id: string) => Promise<Partial<typeof k.$inferInsert> | void>): Promise<ContractSelected> {
  const tenantId = actor.tenantId;
  const values = { amount: '0', ...input.values };
  const { set } = await check(tx, actor, tenantId, values, values, { received: 0, invoiced: 0 });
  const defs = await loadCustomFieldDefs(tx, tenantId, 'contract');
  const custom = await checkCustomInput(tx, tenantId, contractType, defs, input.custom ?? {}, 'create');
  const number = await nextNumber(tx, tenantId, 'contract', new Date(), actor.timeZone);
  const [row] = await tx.insert(k).values({
    ...set, tenantId, number, name: values.name, customerId: values.customerId, amount: set.amount ?? '0',
    ownerId: values.ownerId ?? actor.userId, createdBy: actor.userId, status: input.status ?? 'draft',
    custom: mergeCustom({}, custom), tags: values.tags ?? [],
  }).returning({ id: k.id });
  const id = row!.id;
  let extra: Partial<typeof k.$inferInsert> = {};
  if (input.lines) extra = await applyLines(tx, tenantId, id, input.lines, { received: 0, invoiced: 0 });
  if (after) extra = { ...extra, ...((await after(id)) ?? {}) };
  if (Object.keys(extra).length) await tx.update(k).set(extra).where(eq(k.id, id));
  const created = await reloadContract(tx, id);
  await recordAudit(tx, src, { action: 'create', recordType: 'contract', recordId: id, after: snapshot(created) });
  return created;
}

/** Applies a change to a locked contract (status rules are the caller's): checks, lines, custom fields, audit. */
export async function applyContractChange(tx: Db, actor: Actor | null, src: AuditSource, before: ContractSelected, input: UpdateContractInput): Promise<ContractSelected> {
  const { custom: customIn, lines, ...change } = input;
  const tenantId = src.tenantId;
  const current = { received: fenOf(before.receivedAmount), invoiced: fenOf(before.invoicedAmount), customerId: before.customerId };
  const merged = { ...before, ...change };
  const { set } = await check(tx, actor, tenantId, change, merged, current);
  if (lines) Object.assign(set, await applyLines(tx, tenantId, before.id, lines, current));
  if (customIn !== undefined) {
    const defs = await loadCustomFieldDefs(tx, tenantId, 'contract');
    set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, tenantId, contractType, defs, customIn, 'update', before.id));
  }
  await tx.update(k).set({ ...set, updatedAt: new Date() }).where(eq(k.id, before.id));
  const after = await reloadContract(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'contract', recordId: before.id, before: snapshot(before), after: snapshot(after) });
  return after;
}

/** A status change (approval, void) with its audit entry. */
export async function setContractStatus(tx: Db, src: AuditSource, before: ContractSelected, status: ContractStatus, extra: Partial<typeof k.$inferInsert> = {}, data?: Record<string, unknown>): Promise<ContractSelected> {
  await tx.update(k).set({ status, ...extra, updatedAt: new Date() }).where(eq(k.id, before.id));
  const after = await reloadContract(tx, before.id);
  await recordAudit(tx, src, { action: 'update', recordType: 'contract', recordId: before.id, before: snapshot(before), after: snapshot(after), ...(data ? { data } : {}) });
  return after;
}
