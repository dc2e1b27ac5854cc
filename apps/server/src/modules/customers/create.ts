import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { BatchContext, BatchCreator, BatchResult, CaptureChannel, NewOwnership, RowOutcome } from '../../platform/records/batch.ts';
import { loadCustomFieldDefs, type CustomFieldRow } from '../../platform/records/customFields.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DuplicateMatch } from '../dedupe/service.ts';
import { recordAudits } from '../../platform/audit/audit.ts';
import { activeUserIds, checkCustomRows, fitUnderCaps, issuesOf, parseRows, precheckCustom, rejected, type ParsedRow } from './batchRows.ts';
import { planDuplicates, toRowDuplicate } from './duplicates.ts';
import { customerType } from './fields.ts';
import { customerRowInput, type CustomerRowInput } from './input.ts';
import { applyUpdate, columns, snapshot } from './persist.ts';
import { customers as c } from './schema.ts';
import { customerSelect, type CustomerSelected } from './service.ts';

const INSERT_CHUNK = 500; // ~30 parameters a row stays far below PostgreSQL's 65,535
const CHANNEL_SOURCE: Partial<Record<CaptureChannel, string>> = { api: 'api', import: 'import', webForm: 'webForm' };

export interface CustomerBatchResult extends BatchResult {
  /** the matches behind each skipped/rejected/updated row, for POST /customers to present */
  matches: Map<number, DuplicateMatch[]>;
  /** the error behind a rejected row when it has its own status (409 unique value, 409 OWNERSHIP_CAP) */
  failures: Map<number, AppError>;
}

/**
 * THE way customers are created (form, API, import, lead conversion, sample data): validates each
 * row, decides duplicates by the policy, updates or creates, and writes one audit entry per record,
 * in the caller's transaction. Bad rows are reported, never thrown; new rows are inserted with one
 * statement per 500, numbered from one reserved block.
 */
export const createCustomers: BatchCreator = async (tx, ctx, rows) => {
  const { outcomes, assignments } = await createCustomerBatch(tx, ctx, rows);
  return { outcomes, assignments };
};

export async function createCustomerBatch(tx: Db, ctx: BatchContext, rows: Record<string, unknown>[]): Promise<CustomerBatchResult> {
  const outcomes: RowOutcome[] = [];
  const matches = new Map<number, DuplicateMatch[]>();
  const failures = new Map<number, AppError>();
  const defs = await loadCustomFieldDefs(tx, ctx.tenantId, 'customer');
  const parsed = precheckCustom(defs, parseRows(ctx.actor, 'customer', customerRowInput, rows, outcomes), outcomes);
  const owned = await withOwners(tx, ctx, parsed, outcomes);
  const plans = await planDuplicates(tx, ctx, owned.map((r) => ({ index: r.index, value: r.value })), outcomes, matches);
  for (const row of owned) {
    const plan = plans.get(row.index);
    if (plan?.kind === 'update') outcomes.push(await updateExisting(tx, ctx, defs, row, plan.targetId, matches.get(row.index) ?? [], failures));
  }
  const toCreate = owned.filter((r) => plans.get(r.index)?.kind === 'create');
  const customs = await checkCustomRows(tx, ctx.tenantId, customerType, defs, toCreate, outcomes, failures);
  const fitting = await underCaps(tx, ctx, toCreate.filter((r) => customs.has(r.index)), outcomes, failures);
  const assignments = await insertCustomers(tx, ctx, fitting, customs, matches, outcomes);
  outcomes.sort((a, b) => a.index - b.index);
  return { outcomes, assignments, matches, failures };
}

type OwnedRow = ParsedRow<CustomerRowInput> & { ownerId: string | null };

/** Explicit owners need the transfer right and must be active users; the default is the actor. */
async function withOwners(tx: Db, ctx: BatchContext, rows: ParsedRow<CustomerRowInput>[], outcomes: RowOutcome[]): Promise<OwnedRow[]> {
  const actor = ctx.actor;
  const mayAssign = !actor || can(actor.perms, 'customer', 'transfer');
  const others = rows.map((r) => r.value.ownerId).filter((id): id is string => Boolean(id) && id !== actor?.userId);
  const active = await activeUserIds(tx, ctx.tenantId, others);
  const out: OwnedRow[] = [];
  for (const r of rows) {
    const ownerId = r.value.ownerId ?? actor?.userId ?? null;
    if (ownerId && ownerId !== actor?.userId) {
      if (!mayAssign) { outcomes.push(rejected(r.index, [{ field: 'ownerId', message: 'no permission to create customers for someone else' }])); continue; }
      if (!active.has(ownerId)) { outcomes.push(rejected(r.index, [{ field: 'ownerId', message: 'no such active user' }])); continue; }
    }
    out.push({ ...r, ownerId });
  }
  return out;
}

/** 'update' policy: the matched customer takes the row's values (not its name or owner), if the actor may edit it. */
async function updateExisting(tx: Db, ctx: BatchContext, defs: CustomFieldRow[], row: OwnedRow, targetId: string, found: DuplicateMatch[], failures: Map<number, AppError>): Promise<RowOutcome> {
  const duplicates = found.map(toRowDuplicate);
  const scope = ctx.actor ? writableRecords(ctx.actor, 'customer', c, 'edit') : eq(c.tenantId, ctx.tenantId);
  const [target] = await tx.select(customerSelect).from(c).where(and(eq(c.id, targetId), isNull(c.deletedAt), scope)).for('update', { of: c });
  if (!target) return rejected(row.index, [{ field: 'name', message: 'matches a customer you may not edit' }], { duplicates });
  const { name: _n, ownerId: _o, custom, ...fields } = row.value;
  const change = { ...fields, ...(custom && Object.keys(custom).length ? { custom } : {}) };
  try {
    await applyUpdate(tx, ctx.src, ctx.tenantId, target as CustomerSelected, change, defs);
  } catch (err) {
    const errors = issuesOf(err, 'locked'); // without named fields it is the lock cap
    failures.set(row.index, err as AppError);
    return rejected(row.index, errors, { duplicates });
  }
  return { index: row.index, status: 'updated', id: targetId, duplicates };
}

/** Per owner, the rows that fit under their ownership caps; the rest are rejected naming the cap. */
async function underCaps(tx: Db, ctx: BatchContext, rows: OwnedRow[], outcomes: RowOutcome[], failures: Map<number, AppError>): Promise<OwnedRow[]> {
  const byOwner = new Map<string, OwnedRow[]>();
  for (const r of rows) if (r.ownerId) byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), r]);
  const refused = new Set<number>();
  for (const [ownerId, list] of byOwner) {
    const { fit, error } = await fitUnderCaps(tx, ctx.tenantId, ownerId, list.map((r) => ({ locked: Boolean(r.value.locked) })));
    for (const r of list.slice(fit)) {
      refused.add(r.index);
      if (error) failures.set(r.index, error);
      outcomes.push(rejected(r.index, [{ field: 'ownerId', message: error?.message ?? 'over the ownership cap' }]));
    }
  }
  return rows.filter((r) => !refused.has(r.index));
}

async function insertCustomers(tx: Db, ctx: BatchContext, rows: OwnedRow[], customs: Map<number, Record<string, unknown>>, matches: Map<number, DuplicateMatch[]>, outcomes: RowOutcome[]): Promise<NewOwnership[]> {
  if (!rows.length) return [];
  const now = new Date();
  const numbers = await nextNumbers(tx, ctx.tenantId, 'customer', rows.length, now, ctx.timeZone);
  const values = rows.map((r, i) => {
    const { custom: _c, ownerId: _o, ...rest } = r.value;
    return {
      ...columns(rest), name: r.value.name, source: r.value.source ?? CHANNEL_SOURCE[ctx.channel] ?? null,
      tenantId: ctx.tenantId, number: numbers[i]!, ownerId: r.ownerId, ownerSince: r.ownerId ? now : null,
      custom: customs.get(r.index) ?? {}, createdBy: ctx.actor?.userId ?? null, createdAt: now, updatedAt: now,
    };
  });
  const inserted: (typeof c.$inferSelect)[] = [];
  for (let i = 0; i < values.length; i += INSERT_CHUNK) inserted.push(...(await tx.insert(c).values(values.slice(i, i + INSERT_CHUNK)).returning()));
  await recordAudits(tx, ctx.src, inserted.map((row) => {
    const after = snapshot(row);
    if (Object.keys(row.custom ?? {}).length === 0) delete after.custom; // no "custom: {}" line in the create's diff
    return { action: 'create', recordType: 'customer', recordId: row.id, before: null, after };
  }));
  const assignments: NewOwnership[] = [];
  const idByNumber = new Map(inserted.map((row) => [row.number, row.id]));
  rows.forEach((r, i) => {
    const id = idByNumber.get(numbers[i]!)!;
    const found = matches.get(r.index);
    outcomes.push({ index: r.index, status: 'created', id, ...(found?.length ? { duplicates: found.map(toRowDuplicate) } : {}) });
    if (r.ownerId && r.ownerId !== ctx.actor?.userId) assignments.push({ recordType: 'customer', recordId: id, ownerId: r.ownerId, title: r.value.name });
  });
  return assignments;
}
