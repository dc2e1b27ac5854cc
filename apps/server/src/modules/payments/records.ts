/**
 * Payment records (回款). Only confirmed records count as received; confirmation is the approval
 * "回款确认" (finance confirms) — or immediate when no approval flow applies.
 *
 * Over-payment (超额回款) is refused with the contract row locked (lockContractAmounts), so two
 * concurrent payments queue on that lock and the second sees the first:
 * - registering, editing or submitting a record: amount ≤ contract amount − confirmed − other
 *   records in review (money in review is reserved, so finance is never asked to confirm more than
 *   the contract is worth);
 * - confirming: amount ≤ contract amount − other confirmed records (re-checked under the lock, so
 *   received can never exceed the amount, whatever the approvals do concurrently).
 * The same holds per payment plan when the record names one.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { displayMoney, formatMoney, type ApprovalInstanceStatus, type PaymentStatus } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
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
import { nextNumber } from '../../platform/records/numbering.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { zonedDate } from '@loopline/shared';
import { assertNotLocked } from '../approvals/lock.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { assertContractApproved, changeable, isFinance, visibleContract } from './access.ts';
import { fen, lockContractAmounts, refreshContractAmounts } from './contractAmounts.ts';
import { paymentType, recordContractNameSql, recordContractNumberSql, recordCustomerNameSql, recordPlanInstalmentSql } from './fields.ts';
import type { CreatePaymentInput, UpdatePaymentInput } from './input.ts';
import { paymentRecords as r } from './schema.ts';

export const paymentSelect = {
  id: r.id, number: r.number, contractId: r.contractId, contractNumber: recordContractNumberSql.as('contract_number'), contractName: recordContractNameSql.as('contract_name'),
  planId: r.planId, planInstalment: recordPlanInstalmentSql.as('plan_instalment'), customerId: r.customerId, customerName: recordCustomerNameSql.as('customer_name'),
  paidOn: r.paidOn, amount: r.amount, method: r.method, status: r.status, payerName: r.payerName, payerAccount: r.payerAccount, remark: r.remark,
  confirmedAt: r.confirmedAt, ownerId: r.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${r.ownerId})`.as('owner_name'),
  tags: r.tags, custom: r.custom, createdBy: r.createdBy, createdAt: r.createdAt, updatedAt: r.updatedAt,
};
export type PaymentRow = Record<string, unknown> & { id: string; number: string | null; contractId: string; planId: string | null; customerId: string; amount: string; status: PaymentStatus; ownerId: string | null; paidOn: string; custom: Record<string, unknown> | null };
export type PaymentDto = Record<string, unknown> & { id: string };

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export function paymentDto(actor: Actor, row: PaymentRow, context: 'list' | 'detail'): PaymentDto {
  const dto = { ...row, amount: formatMoney(fen(row.amount)), tags: row.tags ?? [], custom: row.custom ?? {}, confirmedAt: iso(row.confirmedAt), createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
  return projectRecord(actor, 'payment', dto, context);
}

export const visiblePayments = (actor: Actor): SQL => sql`${visibleRecords(actor, 'payment', r)} AND ${r.deletedAt} IS NULL`;

export function paymentSource(actor: Actor, catalog: RecordCatalog): ListSource {
  const search = (q: string) => sql`(${r.number} = ${q} OR ${recordContractNumberSql} = ${q} OR ${r.payerName} ILIKE ${`%${escapeLike(q)}%`} OR ${recordCustomerNameSql} ILIKE ${`%${escapeLike(q)}%`})`;
  return { table: r, select: paymentSelect, base: visiblePayments(actor), catalog, search, defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: r.id };
}

export async function resolvePaymentListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'payment', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listPayments(db: Db, actor: Actor, input: ListInput): Promise<ListResult<PaymentDto>> {
  const catalog = await loadCatalog(db, actor, paymentType);
  const params = await resolvePaymentListParams(db, actor, input);
  const page = await listQuery<PaymentRow>(db, actor, paymentSource(actor, catalog), params);
  return { ...page, items: page.items.map((x) => paymentDto(actor, x, 'list')) };
}

export async function findVisiblePayment(db: Db, actor: Actor, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select(paymentSelect).from(r).where(and(eq(r.id, id), visiblePayments(actor)));
  return row as PaymentRow | undefined;
}

export async function getPayment(db: Db, actor: Actor, id: string): Promise<PaymentDto> {
  const row = await findVisiblePayment(db, actor, id);
  if (!row) throw notFound('payment');
  return paymentDto(actor, row, 'detail');
}

export async function reloadPayment(tx: Db, id: string): Promise<PaymentRow> {
  const [row] = await tx.select(paymentSelect).from(r).where(eq(r.id, id));
  return row as PaymentRow;
}

const AUDITED = ['number', 'contractId', 'planId', 'customerId', 'paidOn', 'amount', 'method', 'status', 'payerName', 'payerAccount', 'remark', 'ownerId', 'tags', 'custom'];
export function paymentSnapshot(x: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(AUDITED.map((k) => [k, k === 'amount' ? formatMoney(fen(x[k])) : (x[k] ?? null)]));
}

/** What is still open (fen) on the locked contract and, if given, the plan — see the module comment. */
export async function outstandingFor(tx: Db, tenantId: string, contract: { amount: number }, contractId: string, planId: string | null, exceptId: string | null, mode: 'reserve' | 'confirm'): Promise<{ contract: number; plan: number | null }> {
  const counted = mode === 'reserve' ? sql`status IN ('confirmed', 'inReview')` : sql`status = 'confirmed'`;
  const except = exceptId ? sql`AND id <> ${exceptId}` : sql``;
  const taken = await one<{ s: string }>(tx, sql`SELECT COALESCE(sum(amount), 0)::text AS s FROM payment_records
    WHERE tenant_id = ${tenantId} AND contract_id = ${contractId} AND deleted_at IS NULL AND ${counted} ${except}`);
  const out = { contract: contract.amount - fen(taken?.s), plan: null as number | null };
  if (planId) {
    const plan = await one<{ amount: string; taken: string }>(tx, sql`SELECT p.amount::text AS amount, (SELECT COALESCE(sum(amount), 0)::text FROM payment_records
        WHERE plan_id = p.id AND deleted_at IS NULL AND ${counted} ${except}) AS taken FROM payment_plans p WHERE p.id = ${planId}`);
    out.plan = fen(plan?.amount) - fen(plan?.taken);
  }
  return out;
}

/** 409 PAYMENT_EXCEEDS_OUTSTANDING naming the amount and what is still open. */
async function assertFits(tx: Db, tenantId: string, contract: { amount: number }, contractId: string, planId: string | null, exceptId: string | null, amount: number, mode: 'reserve' | 'confirm'): Promise<void> {
  const open = await outstandingFor(tx, tenantId, contract, contractId, planId, exceptId, mode);
  const what = mode === 'reserve' ? '（已扣除已确认和待确认的回款）' : '';
  if (amount > open.contract) {
    throw conflict('PAYMENT_EXCEEDS_OUTSTANDING',
      `回款金额 ${displayMoney(amount)} 超过合同未回款金额 ${displayMoney(Math.max(0, open.contract))}${what} / the amount exceeds the contract's outstanding amount`,
      { field: 'amount', amount: formatMoney(amount), outstanding: formatMoney(Math.max(0, open.contract)) });
  }
  if (open.plan !== null && amount > open.plan) {
    throw conflict('PAYMENT_EXCEEDS_OUTSTANDING',
      `回款金额 ${displayMoney(amount)} 超过该期回款计划未回款金额 ${displayMoney(Math.max(0, open.plan))}${what} / the amount exceeds the plan's outstanding amount`,
      { field: 'amount', amount: formatMoney(amount), outstanding: formatMoney(Math.max(0, open.plan)), planId });
  }
}

/** A live, not void plan of this contract, or a 400 naming planId. */
async function assertPlanOf(tx: Db, tenantId: string, contractId: string, planId: string): Promise<void> {
  const row = await one<{ status: string }>(tx, sql`SELECT status FROM payment_plans WHERE id = ${planId} AND tenant_id = ${tenantId} AND contract_id = ${contractId} AND deleted_at IS NULL`);
  if (!row) throw fieldError('planId', '该回款计划不属于所选合同 / no payment plan of this contract with this id');
  if (row.status === 'void') throw fieldError('planId', '该回款计划已作废 / the payment plan is void');
}

async function assertNotFuture(tx: Db, tenantId: string, paidOn: string, now: Date): Promise<void> {
  const t = await one<{ time_zone: string }>(tx, sql`SELECT time_zone FROM tenants WHERE id = ${tenantId}`);
  if (paidOn > zonedDate(now, t?.time_zone ?? 'Asia/Shanghai')) throw fieldError('paidOn', '回款日期不能晚于今天 / cannot be in the future');
}

export async function createPayment(db: Db, actor: Actor, src: AuditSource, input: CreatePaymentInput, now = new Date()): Promise<PaymentDto> {
  if (!can(actor.perms, 'payment', 'create')) throw forbidden('no permission to create payments', { object: 'payment', action: 'create' });
  await visibleContract(db, actor, input.contractId);
  const id = await inTransaction(db, async (tx) => {
    const c = await lockContractAmounts(tx, actor.tenantId, input.contractId);
    assertContractApproved(c.status);
    if (input.planId) await assertPlanOf(tx, actor.tenantId, input.contractId, input.planId);
    await assertNotFuture(tx, actor.tenantId, input.paidOn, now);
    await assertFits(tx, actor.tenantId, c, input.contractId, input.planId ?? null, null, input.amount, 'reserve');
    if (input.ownerId) await assertActiveUser(tx, actor.tenantId, input.ownerId, 'ownerId');
    const defs = input.custom ? await loadCustomFieldDefs(tx, actor.tenantId, 'payment') : [];
    const custom = input.custom ? await checkCustomInput(tx, actor.tenantId, paymentType, defs, input.custom, 'create') : {};
    const number = await nextNumber(tx, actor.tenantId, 'payment', now, actor.timeZone);
    const row = await one<{ id: string }>(tx, sql`INSERT INTO payment_records (tenant_id, number, contract_id, plan_id, customer_id, paid_on, amount, method, payer_name, payer_account, remark,
        owner_id, tags, custom, created_by)
      VALUES (${actor.tenantId}, ${number}, ${input.contractId}, ${input.planId ?? null}, ${c.customerId}, ${input.paidOn}::date, ${formatMoney(input.amount)}::numeric, ${input.method},
        ${input.payerName || null}, ${input.payerAccount || null}, ${input.remark || null}, ${input.ownerId ?? c.ownerId ?? actor.userId},
        ${sql.param(input.tags ?? [])}::text[], ${JSON.stringify(custom)}::jsonb, ${actor.userId}) RETURNING id`);
    const created = await reloadPayment(tx, row!.id);
    await recordAudit(tx, src, { action: 'create', recordType: 'payment', recordId: created.id, after: paymentSnapshot(created) });
    return created.id;
  }, actor.tenantId);
  return getPayment(db, actor, id);
}

/** The live record locked for change, then its contract, or 403 / 404. Lock order everywhere: record, contract, plans. */
async function lockChangeablePayment(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete'): Promise<{ row: PaymentRow; contract: Awaited<ReturnType<typeof lockContractAmounts>> }> {
  const [row] = await tx.select(paymentSelect).from(r).where(and(eq(r.id, id), sql`${r.deletedAt} IS NULL`, changeable(actor, 'payment', r, action))).for('update', { of: r });
  if (!row) {
    if (await findVisiblePayment(tx, actor, id)) throw forbidden(`no permission to ${action} this payment`);
    throw notFound('payment');
  }
  const contract = await lockContractAmounts(tx, actor.tenantId, (row as PaymentRow).contractId);
  return { row: row as PaymentRow, contract };
}

const EDITABLE: PaymentStatus[] = ['draft', 'rejected', 'withdrawn'];
function assertEditable(row: PaymentRow, what: string): void {
  if (!EDITABLE.includes(row.status)) {
    throw conflict('PAYMENT_NOT_EDITABLE', `${row.status === 'confirmed' ? '已确认' : row.status === 'void' ? '已作废' : '审批中'}的回款不能${what} / only draft, rejected or withdrawn payments can be changed`, { status: row.status });
  }
}

export async function updatePayment(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdatePaymentInput, now = new Date()): Promise<PaymentDto> {
  await inTransaction(db, async (tx) => {
    const { row: before, contract } = await lockChangeablePayment(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'payment', id, Object.keys(input));
    assertEditable(before, '修改');
    const planId = input.planId !== undefined ? input.planId : before.planId;
    if (input.planId) await assertPlanOf(tx, actor.tenantId, before.contractId, input.planId);
    if (input.paidOn) await assertNotFuture(tx, actor.tenantId, input.paidOn, now);
    const amount = input.amount ?? fen(before.amount);
    if (input.amount !== undefined || input.planId !== undefined) await assertFits(tx, actor.tenantId, contract, before.contractId, planId, id, amount, 'reserve');
    const set: SQL[] = [sql`updated_at = now()`];
    if (input.planId !== undefined) set.push(sql`plan_id = ${input.planId}`);
    if (input.paidOn !== undefined) set.push(sql`paid_on = ${input.paidOn}::date`);
    if (input.amount !== undefined) set.push(sql`amount = ${formatMoney(input.amount)}::numeric`);
    if (input.method !== undefined) set.push(sql`method = ${input.method}`);
    if (input.payerName !== undefined) set.push(sql`payer_name = ${input.payerName || null}`);
    if (input.payerAccount !== undefined) set.push(sql`payer_account = ${input.payerAccount || null}`);
    if (input.remark !== undefined) set.push(sql`remark = ${input.remark || null}`);
    if (input.tags !== undefined) set.push(sql`tags = ${sql.param(input.tags)}::text[]`);
    if (input.custom !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'payment');
      const custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, paymentType, defs, input.custom, 'update', id));
      set.push(sql`custom = ${JSON.stringify(custom)}::jsonb`);
    }
    await tx.execute(sql`UPDATE payment_records SET ${sql.join(set, sql`, `)} WHERE id = ${id}`);
    const after = await reloadPayment(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'payment', recordId: id, before: paymentSnapshot(before), after: paymentSnapshot(after) });
  }, actor.tenantId);
  return getPayment(db, actor, id);
}

export async function deletePayment(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { row: before } = await lockChangeablePayment(tx, actor, id, 'delete');
    await assertNotLocked(tx, actor, 'payment', id, []);
    assertEditable(before, '删除');
    await tx.execute(sql`UPDATE payment_records SET deleted_at = now(), deleted_by = ${actor.userId}, updated_at = now() WHERE id = ${id}`);
    await recordAudit(tx, src, { action: 'delete', recordType: 'payment', recordId: id, data: { number: before.number, amount: formatMoney(fen(before.amount)) } });
  }, actor.tenantId);
}

/** Finance voids a record (e.g. a bounced cheque): it stops counting and the contract is recomputed. */
export async function voidPayment(db: Db, actor: Actor, src: AuditSource, id: string, reason?: string): Promise<PaymentDto> {
  if (!isFinance(actor, 'payment')) throw forbidden('only finance may void payments', { object: 'payment', action: 'edit' });
  await inTransaction(db, async (tx) => {
    const { row: before } = await lockChangeablePayment(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'payment', id, []);
    if (before.status === 'void') throw conflict('PAYMENT_VOID', '该回款已作废 / the payment is already void');
    await tx.execute(sql`UPDATE payment_records SET status = 'void', updated_at = now() WHERE id = ${id}`);
    await refreshContractAmounts(tx, actor.tenantId, before.contractId);
    const after = await reloadPayment(tx, id);
    await recordAudit(tx, src, { action: 'void', recordType: 'payment', recordId: id, before: paymentSnapshot(before), after: paymentSnapshot(after), ...(reason ? { data: { reason } } : {}) });
  }, actor.tenantId);
  return getPayment(db, actor, id);
}

/** Locks the record, then its contract (the one lock order every payment path uses). */
async function lockForApproval(tx: Db, tenantId: string, id: string) {
  const [row] = await tx.select(paymentSelect).from(r).where(and(eq(r.id, id), eq(r.tenantId, tenantId), sql`${r.deletedAt} IS NULL`)).for('update', { of: r });
  if (!row) throw notFound('payment');
  const contract = await lockContractAmounts(tx, tenantId, (row as PaymentRow).contractId);
  return { row: row as PaymentRow, contract };
}

/** Checks before a record goes to finance: editable status, approved contract, fits the outstanding amount. */
export async function assertPaymentSubmittable(tx: Db, tenantId: string, id: string): Promise<void> {
  const { row, contract } = await lockForApproval(tx, tenantId, id);
  if (!EDITABLE.includes(row.status)) throw conflict('PAYMENT_NOT_SUBMITTABLE', '只有草稿、被驳回或已撤回的回款可以提交确认 / only draft, rejected or withdrawn payments can be submitted', { status: row.status });
  assertContractApproved(contract.status);
  await assertFits(tx, tenantId, contract, row.contractId, row.planId, id, fen(row.amount), 'reserve');
}

const STATUS_OF: Record<ApprovalInstanceStatus, PaymentStatus> = {
  pending: 'inReview', approved: 'confirmed', rejected: 'rejected', withdrawn: 'withdrawn', returned: 'draft', cancelled: 'draft',
};

/** The approval's status → the record's: confirmation re-checks the outstanding amount under the contract lock. */
export async function onPaymentApproval(tx: Db, tenantId: string, id: string, status: ApprovalInstanceStatus, src: AuditSource, now = new Date()): Promise<void> {
  const { row: before, contract } = await lockForApproval(tx, tenantId, id);
  const next = STATUS_OF[status];
  if (status === 'pending') {
    if (!EDITABLE.includes(before.status)) throw conflict('PAYMENT_NOT_SUBMITTABLE', '只有草稿、被驳回或已撤回的回款可以提交确认 / only draft, rejected or withdrawn payments can be submitted', { status: before.status });
    assertContractApproved(contract.status);
    await assertFits(tx, tenantId, contract, before.contractId, before.planId, id, fen(before.amount), 'reserve');
  }
  if (status === 'approved') {
    if (before.status === 'confirmed') return;
    if (before.status === 'void') throw conflict('PAYMENT_VOID', '该回款已作废 / the payment is void');
    await assertFits(tx, tenantId, contract, before.contractId, before.planId, id, fen(before.amount), 'confirm');
    await tx.execute(sql`UPDATE payment_records SET status = 'confirmed', confirmed_at = ${now.toISOString()}::timestamptz, updated_at = now() WHERE id = ${id}`);
    await refreshContractAmounts(tx, tenantId, before.contractId, now);
  } else {
    if (before.status === 'confirmed' || before.status === 'void') return; // a late message about a settled record changes nothing
    await tx.execute(sql`UPDATE payment_records SET status = ${next}, updated_at = now() WHERE id = ${id}`);
  }
  const after = await reloadPayment(tx, id);
  await recordAudit(tx, src, { action: 'update', recordType: 'payment', recordId: id, before: paymentSnapshot(before), after: paymentSnapshot(after), data: { approval: status } });
}

/** Title and inbox summary of a record under approval. */
export async function describePayment(tx: Db, tenantId: string, id: string) {
  const row = await one<{ number: string | null; amount: string; method: string; paid_on: string; contract: string | null; contract_number: string | null; customer: string | null; owner_id: string | null; payer_name: string | null }>(tx, sql`
    SELECT r.number, r.amount::text AS amount, r.method, r.paid_on::text AS paid_on, c.name AS contract, c.number AS contract_number, cu.name AS customer, r.owner_id, r.payer_name
      FROM payment_records r JOIN contracts c ON c.id = r.contract_id JOIN customers cu ON cu.id = r.customer_id
     WHERE r.id = ${id} AND r.tenant_id = ${tenantId} AND r.deleted_at IS NULL`);
  if (!row) return null;
  return {
    title: `回款确认 ${row.number ?? ''} ${displayMoney(fen(row.amount))}`.trim(),
    summary: { amount: formatMoney(fen(row.amount)), method: row.method, paidOn: row.paid_on, contract: row.contract, contractNumber: row.contract_number, customer: row.customer, payerName: row.payer_name },
    ownerId: row.owner_id,
  };
}
