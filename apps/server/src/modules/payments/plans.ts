/** Payment plans (回款计划): instalments of a contract; statuses kept by refreshContractAmounts and the daily job. */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { displayMoney, formatMoney, type PaymentPlanStatus } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, recordAudits, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { projectRecord, visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, loadCatalog, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { changeable, isFinance, visibleContract } from './access.ts';
import { fen, lockContractAmounts, refreshContractAmounts } from './contractAmounts.ts';
import { paymentPlanType, planContractNameSql, planContractNumberSql, planCustomerNameSql, planOutstandingSql } from './fields.ts';
import type { CreatePlanInput, GeneratePlansInput, UpdatePlanInput } from './input.ts';
import { paymentPlans as p } from './schema.ts';

export const planSelect = {
  id: p.id, number: p.number, contractId: p.contractId, contractNumber: planContractNumberSql.as('contract_number'), contractName: planContractNameSql.as('contract_name'),
  customerId: p.customerId, customerName: planCustomerNameSql.as('customer_name'), instalment: p.instalment, amount: p.amount, dueDate: p.dueDate,
  remindDaysBefore: p.remindDaysBefore, status: p.status, receivedAmount: p.receivedAmount, outstanding: sql<string>`${planOutstandingSql}::numeric(14,2)::text`.as('outstanding'),
  overdueNotifiedAt: p.overdueNotifiedAt, remark: p.remark, ownerId: p.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${p.ownerId})`.as('owner_name'),
  custom: p.custom, createdBy: p.createdBy, createdAt: p.createdAt, updatedAt: p.updatedAt,
};
export type PlanRow = Record<string, unknown> & { id: string; contractId: string; customerId: string; instalment: number; amount: string; dueDate: string; status: PaymentPlanStatus; receivedAmount: string; ownerId: string | null; custom: Record<string, unknown> | null };
export type PlanDto = Record<string, unknown> & { id: string };

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export function planDto(actor: Actor, r: PlanRow, context: 'list' | 'detail'): PlanDto {
  const dto = { ...r, amount: formatMoney(fen(r.amount)), receivedAmount: formatMoney(fen(r.receivedAmount)), outstanding: formatMoney(fen(r.outstanding)),
    custom: r.custom ?? {}, overdueNotifiedAt: iso(r.overdueNotifiedAt), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
  return projectRecord(actor, 'paymentPlan', dto, context);
}

export const visiblePlans = (actor: Actor): SQL => sql`${visibleRecords(actor, 'paymentPlan', p)} AND ${p.deletedAt} IS NULL`;

function planSearch(q: string): SQL {
  return sql`(${p.number} = ${q} OR ${planContractNumberSql} = ${q} OR ${planContractNameSql} ILIKE ${`%${escapeLike(q)}%`} OR ${planCustomerNameSql} ILIKE ${`%${escapeLike(q)}%`})`;
}

export function planSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return { table: p, select: planSelect, base: visiblePlans(actor), catalog, search: planSearch, defaultSort: [{ field: 'dueDate', dir: 'asc' }], idColumn: p.id };
}

export async function resolvePlanListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'paymentPlan', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listPlans(db: Db, actor: Actor, input: ListInput): Promise<ListResult<PlanDto>> {
  const catalog = await loadCatalog(db, actor, paymentPlanType);
  const params = await resolvePlanListParams(db, actor, input);
  const page = await listQuery<PlanRow>(db, actor, planSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => planDto(actor, r, 'list')) };
}

export async function findVisiblePlan(db: Db, actor: Actor, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select(planSelect).from(p).where(and(eq(p.id, id), visiblePlans(actor)));
  return row as PlanRow | undefined;
}

export async function getPlan(db: Db, actor: Actor, id: string): Promise<PlanDto> {
  const row = await findVisiblePlan(db, actor, id);
  if (!row) throw notFound('payment plan');
  return planDto(actor, row, 'detail');
}

export async function reloadPlan(tx: Db, id: string): Promise<PlanRow> {
  const [row] = await tx.select(planSelect).from(p).where(eq(p.id, id));
  return row as PlanRow;
}

const AUDITED = ['number', 'contractId', 'customerId', 'instalment', 'amount', 'dueDate', 'remindDaysBefore', 'status', 'receivedAmount', 'remark', 'ownerId', 'custom'];
export function planSnapshot(r: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(AUDITED.map((k) => [k, k === 'amount' || k === 'receivedAmount' ? formatMoney(fen(r[k])) : (r[k] ?? null)]));
}

/** Sum (fen) of a contract's live plans, optionally leaving one out (the one being edited). */
async function plannedTotal(tx: Db, tenantId: string, contractId: string, exceptId?: string): Promise<number> {
  const row = await one<{ s: string }>(tx, sql`SELECT COALESCE(sum(amount), 0)::text AS s FROM payment_plans
    WHERE tenant_id = ${tenantId} AND contract_id = ${contractId} AND deleted_at IS NULL AND status <> 'void' ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  return fen(row?.s);
}

function planCapError(amount: number, planned: number, adding: number) {
  const room = Math.max(0, amount - planned);
  return conflict('PLANS_EXCEED_CONTRACT',
    `回款计划合计不能超过合同金额 ${displayMoney(amount)}：已计划 ${displayMoney(planned)}，还可计划 ${displayMoney(room)}，本次 ${displayMoney(adding)} / payment plans would exceed the contract amount`,
    { field: 'amount', contractAmount: formatMoney(amount), planned: formatMoney(planned), available: formatMoney(room) });
}

interface NewPlan { amount: number; dueDate: string; remindDaysBefore?: number; remark?: string | null; ownerId?: string; instalment?: number; custom?: Record<string, unknown> }

/** Inserts plans for a locked contract (sum checked), numbered <contract number>-<instalment>; answers their ids. */
async function insertPlans(tx: Db, actor: Actor, src: AuditSource, contractId: string, plans: NewPlan[], now = new Date()): Promise<string[]> {
  const c = await lockContractAmounts(tx, actor.tenantId, contractId);
  if (c.status === 'void') throw conflict('CONTRACT_VOID', '合同已作废，不能添加回款计划 / the contract is void', { field: 'contractId' });
  const planned = await plannedTotal(tx, actor.tenantId, contractId);
  const adding = plans.reduce((s, x) => s + x.amount, 0);
  if (planned + adding > c.amount) throw planCapError(c.amount, planned, adding);
  const meta = await one<{ number: string | null; next: number }>(tx, sql`SELECT c.number, COALESCE((SELECT max(instalment) FROM payment_plans WHERE contract_id = c.id AND deleted_at IS NULL), 0) + 1 AS next
    FROM contracts c WHERE c.id = ${contractId}`);
  let next = Number(meta?.next ?? 1);
  const ids: string[] = [];
  const defs = plans.some((x) => x.custom) ? await loadCustomFieldDefs(tx, actor.tenantId, 'paymentPlan') : [];
  for (const x of plans) {
    const instalment = x.instalment ?? next;
    next = Math.max(next, instalment + 1);
    const clash = await one(tx, sql`SELECT 1 AS ok FROM payment_plans WHERE contract_id = ${contractId} AND instalment = ${instalment} AND deleted_at IS NULL`);
    if (clash) throw conflict('INSTALMENT_TAKEN', `第 ${instalment} 期已存在 / instalment ${instalment} exists`, { field: 'instalment' });
    const ownerId = x.ownerId ?? c.ownerId ?? actor.userId;
    if (x.ownerId) await assertActiveUser(tx, actor.tenantId, x.ownerId, 'ownerId');
    const custom = x.custom ? await checkCustomInput(tx, actor.tenantId, paymentPlanType, defs, x.custom, 'create') : {};
    const number = `${meta?.number ?? 'HT'}-${instalment}`;
    const row = await one<{ id: string }>(tx, sql`INSERT INTO payment_plans (tenant_id, number, contract_id, customer_id, instalment, amount, due_date, remind_days_before, remark, owner_id, custom, created_by, created_at, updated_at)
      VALUES (${actor.tenantId}, ${number}, ${contractId}, ${c.customerId}, ${instalment}, ${formatMoney(x.amount)}::numeric, ${x.dueDate}::date, ${x.remindDaysBefore ?? 3},
        ${x.remark ?? null}, ${ownerId}, ${JSON.stringify(custom)}::jsonb, ${actor.userId}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz) RETURNING id`);
    ids.push(row!.id);
  }
  await refreshContractAmounts(tx, actor.tenantId, contractId, now);
  const created: PlanRow[] = [];
  for (const id of ids) created.push(await reloadPlan(tx, id));
  await recordAudits(tx, src, created.map((r) => ({ action: 'create', recordType: 'paymentPlan', recordId: r.id, after: planSnapshot(r) })));
  return ids;
}

function assertCanCreate(actor: Actor) {
  if (!can(actor.perms, 'paymentPlan', 'create')) throw forbidden('no permission to create payment plans', { object: 'paymentPlan', action: 'create' });
}

export async function createPlan(db: Db, actor: Actor, src: AuditSource, input: CreatePlanInput): Promise<PlanDto> {
  assertCanCreate(actor);
  await visibleContract(db, actor, input.contractId);
  const [id] = await inTransaction(db, (tx) => insertPlans(tx, actor, src, input.contractId, [input]), actor.tenantId);
  return getPlan(db, actor, id!);
}

/** Adds months to a day, clamping to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = (m - 1) + months;
  const year = y + Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Splits fen into n parts that differ by at most 1 fen, the larger ones first; they add up exactly. */
export function evenSplit(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  const extra = total - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0));
}

/** POST /contracts/:id/payment-plans/generate: the given instalments, or an even split of what is not yet planned. */
export async function generatePlans(db: Db, actor: Actor, src: AuditSource, contractId: string, input: GeneratePlansInput): Promise<{ items: PlanDto[] }> {
  assertCanCreate(actor);
  await visibleContract(db, actor, contractId, 'id');
  const ids = await inTransaction(db, async (tx) => {
    let plans: NewPlan[];
    if ('instalments' in input) {
      plans = input.instalments;
    } else {
      const c = await lockContractAmounts(tx, actor.tenantId, contractId);
      const total = input.total ?? c.amount - (await plannedTotal(tx, actor.tenantId, contractId));
      if (total < input.count) throw conflict('NOTHING_TO_PLAN', '合同金额已全部排入回款计划 / the whole contract amount is already planned', { field: 'total' });
      plans = evenSplit(total, input.count).map((amount, i) => ({ amount, dueDate: addMonths(input.firstDueDate, i * input.intervalMonths), remindDaysBefore: input.remindDaysBefore }));
    }
    const sorted = [...plans].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    return insertPlans(tx, actor, src, contractId, sorted);
  }, actor.tenantId);
  const items: PlanDto[] = [];
  for (const id of ids) items.push(await getPlan(db, actor, id));
  return { items };
}

/** The contract of a live plan (read without a lock: the caller locks the contract first). */
async function planContract(tx: Db, actor: Actor, id: string): Promise<string> {
  const row = await one<{ contract_id: string }>(tx, sql`SELECT contract_id FROM payment_plans WHERE id = ${id} AND tenant_id = ${actor.tenantId} AND deleted_at IS NULL`);
  if (!row) throw notFound('payment plan');
  return row.contract_id;
}

/** The live plan locked for change, or 403 / 404. */
async function lockChangeablePlan(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete'): Promise<PlanRow> {
  const [row] = await tx.select(planSelect).from(p).where(and(eq(p.id, id), sql`${p.deletedAt} IS NULL`, changeable(actor, 'paymentPlan', p, action))).for('update', { of: p });
  if (row) return row as PlanRow;
  if (await findVisiblePlan(tx, actor, id)) throw forbidden(`no permission to ${action} this payment plan`);
  throw notFound('payment plan');
}

export async function updatePlan(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdatePlanInput, now = new Date()): Promise<PlanDto> {
  await inTransaction(db, async (tx) => {
    // the contract, then the plan: refreshContractAmounts locks plans after their contract too
    const c = await lockContractAmounts(tx, actor.tenantId, await planContract(tx, actor, id));
    const before = await lockChangeablePlan(tx, actor, id, 'edit');
    if (before.status === 'void') throw conflict('PLAN_VOID', '回款计划已作废，不能修改 / the payment plan is void');
    const received = fen(before.receivedAmount);
    if (received > 0 && (input.amount !== undefined || input.dueDate !== undefined)) {
      throw conflict('PLAN_RECEIVED', `该期已回款 ${displayMoney(received)}，金额和日期不能再修改 / money has been received against this plan`, { field: input.amount !== undefined ? 'amount' : 'dueDate' });
    }
    if (input.amount !== undefined) {
      const planned = await plannedTotal(tx, actor.tenantId, before.contractId, id);
      if (planned + input.amount > c.amount) throw planCapError(c.amount, planned, input.amount);
    }
    if (input.ownerId) await assertActiveUser(tx, actor.tenantId, input.ownerId, 'ownerId');
    const set: SQL[] = [sql`updated_at = now()`];
    if (input.amount !== undefined) set.push(sql`amount = ${formatMoney(input.amount)}::numeric`);
    if (input.dueDate !== undefined && input.dueDate !== before.dueDate) set.push(sql`due_date = ${input.dueDate}::date, reminded_at = NULL, overdue_notified_at = NULL`);
    if (input.remindDaysBefore !== undefined) set.push(sql`remind_days_before = ${input.remindDaysBefore}, reminded_at = NULL`);
    if (input.remark !== undefined) set.push(sql`remark = ${input.remark}`);
    if (input.ownerId !== undefined) set.push(sql`owner_id = ${input.ownerId}`);
    if (input.custom !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'paymentPlan');
      const custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, paymentPlanType, defs, input.custom, 'update', id));
      set.push(sql`custom = ${JSON.stringify(custom)}::jsonb`);
    }
    await tx.execute(sql`UPDATE payment_plans SET ${sql.join(set, sql`, `)} WHERE id = ${id}`);
    await refreshContractAmounts(tx, actor.tenantId, before.contractId, now);
    const after = await reloadPlan(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'paymentPlan', recordId: id, before: planSnapshot(before), after: planSnapshot(after) });
  }, actor.tenantId);
  return getPlan(db, actor, id);
}

/** Soft delete; refused once payments point at the plan (void it instead). */
export async function deletePlan(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockChangeablePlan(tx, actor, id, 'delete');
    const used = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM payment_records WHERE plan_id = ${id} AND deleted_at IS NULL AND status NOT IN ('rejected', 'withdrawn', 'void')`);
    if (Number(used?.n ?? 0) > 0) throw conflict('PLAN_HAS_PAYMENTS', '该回款计划已有回款记录，不能删除，可以作废 / payments refer to this plan: void it instead');
    await tx.execute(sql`UPDATE payment_plans SET deleted_at = now(), deleted_by = ${actor.userId}, updated_at = now() WHERE id = ${id}`);
    await recordAudit(tx, src, { action: 'delete', recordType: 'paymentPlan', recordId: id, data: { number: before.number, instalment: before.instalment } });
  }, actor.tenantId);
}

/** Finance voids a plan (no longer expected); what was received against it moves to the other plans. */
export async function voidPlan(db: Db, actor: Actor, src: AuditSource, id: string, reason?: string): Promise<PlanDto> {
  if (!isFinance(actor, 'paymentPlan')) throw forbidden('only finance may void payment plans', { object: 'paymentPlan', action: 'edit' });
  await inTransaction(db, async (tx) => {
    await lockContractAmounts(tx, actor.tenantId, await planContract(tx, actor, id));
    const before = await lockChangeablePlan(tx, actor, id, 'edit');
    if (before.status === 'void') throw conflict('PLAN_VOID', '回款计划已作废 / the payment plan is already void');
    if (fen(before.receivedAmount) > 0) throw conflict('PLAN_RECEIVED', '该期已有回款，不能作废 / money has been received against this plan');
    await tx.execute(sql`UPDATE payment_plans SET status = 'void', received_amount = 0, updated_at = now() WHERE id = ${id}`);
    await refreshContractAmounts(tx, actor.tenantId, before.contractId);
    const after = await reloadPlan(tx, id);
    await recordAudit(tx, src, { action: 'void', recordType: 'paymentPlan', recordId: id, before: planSnapshot(before), after: planSnapshot(after), ...(reason ? { data: { reason } } : {}) });
  }, actor.tenantId);
  return getPlan(db, actor, id);
}

/** Plans of a contract (contract page tab), in instalment order. */
export async function contractPlans(db: Db, actor: Actor, contractId: string): Promise<PlanDto[]> {
  const found = await db.select(planSelect).from(p).where(and(eq(p.contractId, contractId), visiblePlans(actor))).orderBy(p.instalment);
  return (found as PlanRow[]).map((r) => planDto(actor, r, 'list'));
}

