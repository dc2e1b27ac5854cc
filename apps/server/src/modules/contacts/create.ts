import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudits } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { forbidden, type AppError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import type { BatchContext, BatchCreator, BatchResult, NewOwnership, RowOutcome } from '../../platform/records/batch.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DuplicateMatch } from '../dedupe/service.ts';
import { activeUserIds, checkCustomRows, parseRows, precheckCustom, rejected, type ParsedRow } from '../customers/batchRows.ts';
import { toRowDuplicate } from '../customers/duplicates.ts';
import { customers as c } from '../customers/schema.ts';
import { planContactDuplicates, updateMatchedContact } from './duplicates.ts';
import { contactType } from './fields.ts';
import { contactRowInput, type ContactRowInput } from './input.ts';
import { columns, demoteOtherPrimaries, snapshot } from './persist.ts';
import { contacts as k } from './schema.ts';

const INSERT_CHUNK = 500;

export interface ContactBatchResult extends BatchResult { matches: Map<number, DuplicateMatch[]>; failures: Map<number, AppError> }

/** A valid row placed under its customer, with its owner decided. */
export type PlacedContact = ParsedRow<ContactRowInput & { customerId: string }> & { ownerId: string | null };

/**
 * THE way contacts are created (form, API, import, lead conversion): each row belongs to a live
 * customer the actor may see, is owned by that customer's owner unless another owner is given,
 * and is checked for duplicates by mobile and email. One audit entry per record; bad rows are
 * reported, never thrown.
 */
export const createContacts: BatchCreator = async (tx, ctx, rows) => {
  const { outcomes, assignments } = await createContactBatch(tx, ctx, rows);
  return { outcomes, assignments };
};

export async function createContactBatch(tx: Db, ctx: BatchContext, rows: Record<string, unknown>[]): Promise<ContactBatchResult> {
  const outcomes: RowOutcome[] = [];
  const matches = new Map<number, DuplicateMatch[]>();
  const failures = new Map<number, AppError>();
  const defs = await loadCustomFieldDefs(tx, ctx.tenantId, 'contact');
  const parsed = precheckCustom(defs, parseRows(ctx.actor, 'contact', contactRowInput, rows, outcomes), outcomes);
  const placed = await placeUnderCustomers(tx, ctx, parsed, outcomes, failures);
  const plans = await planContactDuplicates(tx, ctx, placed, outcomes, matches);
  for (const row of placed) {
    const plan = plans.get(row.index);
    if (plan?.kind === 'update') outcomes.push(await updateMatchedContact(tx, ctx, defs, row, plan.targetId, matches.get(row.index) ?? [], failures));
  }
  const toCreate = placed.filter((r) => plans.get(r.index)?.kind === 'create');
  const customs = await checkCustomRows(tx, ctx.tenantId, contactType, defs, toCreate, outcomes, failures);
  const assignments = await insertContacts(tx, ctx, toCreate.filter((r) => customs.has(r.index)), customs, matches, outcomes);
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, assignments, matches, failures };
}

/** Resolves each row's customer (by id, or by exact name for spreadsheets) and owner. */
async function placeUnderCustomers(tx: Db, ctx: BatchContext, rows: ParsedRow<ContactRowInput>[], outcomes: RowOutcome[], failures: Map<number, AppError>): Promise<PlacedContact[]> {
  const ids = rows.map((r) => r.value.customerId).filter((x): x is string => Boolean(x));
  const names = rows.filter((r) => !r.value.customerId && r.value.customerName).map((r) => r.value.customerName!);
  const scope = ctx.actor ? visibleRecords(ctx.actor, 'customer', c) : eq(c.tenantId, ctx.tenantId);
  const found = ids.length || names.length
    ? await tx.select({ id: c.id, name: c.name, ownerId: c.ownerId }).from(c).where(and(
        eq(c.tenantId, ctx.tenantId), isNull(c.deletedAt), scope,
        sql`(${c.id} = ANY(${sql.param(ids)}::uuid[]) OR ${c.name} = ANY(${sql.param(names)}::text[]))`,
      ))
    : [];
  const byId = new Map(found.map((f) => [f.id, f]));
  const byName = new Map(found.map((f) => [f.name, f]));
  const actor = ctx.actor;
  const mayAssign = !actor || can(actor.perms, 'contact', 'transfer');
  const active = await activeUserIds(tx, ctx.tenantId, rows.map((r) => r.value.ownerId).filter((x): x is string => Boolean(x)));
  const out: PlacedContact[] = [];
  for (const r of rows) {
    const { customerName, ...value } = r.value;
    if (!value.customerId && !customerName) { outcomes.push(rejected(r.index, [{ field: 'customerId', message: 'is required' }])); continue; }
    const customer = value.customerId ? byId.get(value.customerId) : byName.get(customerName!);
    if (!customer) { outcomes.push(rejected(r.index, [{ field: value.customerId ? 'customerId' : 'customerName', message: 'no such customer' }])); continue; }
    const ownerId = value.ownerId ?? customer.ownerId ?? actor?.userId ?? null;
    if (value.ownerId && value.ownerId !== actor?.userId && value.ownerId !== customer.ownerId) {
      if (!mayAssign) {
        const message = 'no permission to create contacts for someone else';
        outcomes.push(rejected(r.index, [{ field: 'ownerId', message }]));
        failures.set(r.index, forbidden(message, { field: 'ownerId' }));
        continue;
      }
      if (!active.has(value.ownerId)) { outcomes.push(rejected(r.index, [{ field: 'ownerId', message: 'no such active user' }])); continue; }
    }
    out.push({ index: r.index, value: { ...value, customerId: customer.id }, ownerId });
  }
  return out;
}

/** Keeps one primary per customer: the batch's last primary row wins; a customer's first contact is its primary. */
async function decidePrimaries(tx: Db, tenantId: string, rows: PlacedContact[]): Promise<Set<number>> {
  const customerIds = [...new Set(rows.map((r) => r.value.customerId))];
  const having = customerIds.length
    ? new Set((await tx.selectDistinct({ id: k.customerId }).from(k).where(and(eq(k.tenantId, tenantId), sql`${k.customerId} = ANY(${sql.param(customerIds)}::uuid[])`, eq(k.isPrimary, true), isNull(k.deletedAt)))).map((r) => r.id))
    : new Set<string | null>();
  const chosen = new Map<string, number>();
  for (const r of rows) if (r.value.isPrimary) chosen.set(r.value.customerId, r.index);
  const demote = [...chosen.keys()].filter((id) => having.has(id));
  await demoteOtherPrimaries(tx, tenantId, demote);
  for (const r of rows) if (!having.has(r.value.customerId) && !chosen.has(r.value.customerId) && r.value.isPrimary !== false) chosen.set(r.value.customerId, r.index);
  return new Set(chosen.values());
}

async function insertContacts(tx: Db, ctx: BatchContext, rows: PlacedContact[], customs: Map<number, Record<string, unknown>>, matches: Map<number, DuplicateMatch[]>, outcomes: RowOutcome[]): Promise<NewOwnership[]> {
  if (!rows.length) return [];
  const now = new Date();
  const primaries = await decidePrimaries(tx, ctx.tenantId, rows);
  const numbers = await nextNumbers(tx, ctx.tenantId, 'contact', rows.length, now, ctx.timeZone);
  const values = rows.map((r, i) => {
    const { custom: _c, ownerId: _o, isPrimary: _p, ...rest } = r.value;
    return {
      ...columns(rest), name: r.value.name, customerId: r.value.customerId, isPrimary: primaries.has(r.index),
      tenantId: ctx.tenantId, number: numbers[i]!, ownerId: r.ownerId, custom: customs.get(r.index) ?? {},
      createdBy: ctx.actor?.userId ?? null, createdAt: now, updatedAt: now,
    };
  });
  const inserted: (typeof k.$inferSelect)[] = [];
  for (let i = 0; i < values.length; i += INSERT_CHUNK) inserted.push(...(await tx.insert(k).values(values.slice(i, i + INSERT_CHUNK)).returning()));
  await recordAudits(tx, ctx.src, inserted.map((row) => {
    const after = snapshot(row);
    if (Object.keys(row.custom ?? {}).length === 0) delete after.custom;
    return { action: 'create', recordType: 'contact', recordId: row.id, before: null, after };
  }));
  const idByNumber = new Map(inserted.map((row) => [row.number, row.id]));
  const assignments: NewOwnership[] = [];
  rows.forEach((r, i) => {
    const id = idByNumber.get(numbers[i]!)!;
    const found = matches.get(r.index);
    outcomes.push({ index: r.index, status: 'created', id, ...(found?.length ? { duplicates: found.map(toRowDuplicate) } : {}) });
    if (r.ownerId && r.ownerId !== ctx.actor?.userId) assignments.push({ recordType: 'contact', recordId: id, ownerId: r.ownerId, title: r.value.name });
  });
  return assignments;
}
