/**
 * Invoices (发票): an application against an approved contract → approval → finance issues it with
 * the invoice number and date. The invoiced total may not exceed the contract amount: with the
 * contract row locked, every live application (draft, in review, approved, issued) counts toward the
 * cap, so concurrent applications queue on the lock and the later one sees the earlier.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { displayMoney, formatMoney, zonedDate, type ApprovalInstanceStatus, type InvoiceStatus } from '@loopline/shared';
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
import { assertNotLocked } from '../approvals/lock.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { assertContractApproved, changeable, isFinance, visibleContract } from '../payments/access.ts';
import { fen, lockContractAmounts, refreshContractAmounts } from '../payments/contractAmounts.ts';
import { saveProfileFromInvoice } from './billing.ts';
import { checkBilling, type BillingDetails } from './billing-rules.ts';
import { invoiceContractNameSql, invoiceContractNumberSql, invoiceCustomerNameSql, invoiceType } from './fields.ts';
import type { CreateInvoiceInput, IssueInvoiceInput, UpdateInvoiceInput } from './input.ts';
import { invoices as i } from './schema.ts';

export const invoiceSelect = {
  id: i.id, number: i.number, contractId: i.contractId, contractNumber: invoiceContractNumberSql.as('contract_number'), contractName: invoiceContractNameSql.as('contract_name'),
  customerId: i.customerId, customerName: invoiceCustomerNameSql.as('customer_name'), amount: i.amount, invoiceType: i.invoiceType, titleType: i.titleType, title: i.title,
  taxNumber: i.taxNumber, bankName: i.bankName, bankAccount: i.bankAccount, address: i.address, phone: i.phone, mailRecipient: i.mailRecipient, mailPhone: i.mailPhone,
  mailAddress: i.mailAddress, email: i.email, status: i.status, invoiceNo: i.invoiceNo, invoicedOn: i.invoicedOn, remark: i.remark, ownerId: i.ownerId,
  ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${i.ownerId})`.as('owner_name'), tags: i.tags, custom: i.custom, createdBy: i.createdBy,
  createdAt: i.createdAt, updatedAt: i.updatedAt,
};
export type InvoiceRow = Record<string, unknown> & { id: string; number: string | null; contractId: string; customerId: string; amount: string; status: InvoiceStatus; ownerId: string | null; custom: Record<string, unknown> | null };
export type InvoiceDto = Record<string, unknown> & { id: string };

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

export function invoiceDto(actor: Actor, row: InvoiceRow, context: 'list' | 'detail'): InvoiceDto {
  const dto = { ...row, amount: formatMoney(fen(row.amount)), tags: row.tags ?? [], custom: row.custom ?? {}, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
  return projectRecord(actor, 'invoice', dto, context);
}

export const visibleInvoices = (actor: Actor): SQL => sql`${visibleRecords(actor, 'invoice', i)} AND ${i.deletedAt} IS NULL`;

export function invoiceSource(actor: Actor, catalog: RecordCatalog): ListSource {
  const search = (q: string) => sql`(${i.number} = ${q} OR ${i.invoiceNo} = ${q} OR ${invoiceContractNumberSql} = ${q} OR ${i.title} ILIKE ${`%${escapeLike(q)}%`} OR ${invoiceCustomerNameSql} ILIKE ${`%${escapeLike(q)}%`})`;
  return { table: i, select: invoiceSelect, base: visibleInvoices(actor), catalog, search, defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: i.id };
}

export async function resolveInvoiceListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'invoice', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listInvoices(db: Db, actor: Actor, input: ListInput): Promise<ListResult<InvoiceDto>> {
  const catalog = await loadCatalog(db, actor, invoiceType);
  const params = await resolveInvoiceListParams(db, actor, input);
  const page = await listQuery<InvoiceRow>(db, actor, invoiceSource(actor, catalog), params);
  return { ...page, items: page.items.map((x) => invoiceDto(actor, x, 'list')) };
}

export async function findVisibleInvoice(db: Db, actor: Actor, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await db.select(invoiceSelect).from(i).where(and(eq(i.id, id), visibleInvoices(actor)));
  return row as InvoiceRow | undefined;
}

export async function getInvoice(db: Db, actor: Actor, id: string): Promise<InvoiceDto> {
  const row = await findVisibleInvoice(db, actor, id);
  if (!row) throw notFound('invoice');
  return invoiceDto(actor, row, 'detail');
}

async function reloadInvoice(tx: Db, id: string): Promise<InvoiceRow> {
  const [row] = await tx.select(invoiceSelect).from(i).where(eq(i.id, id));
  return row as InvoiceRow;
}

const AUDITED = ['number', 'contractId', 'customerId', 'amount', 'invoiceType', 'titleType', 'title', 'taxNumber', 'bankName', 'bankAccount', 'address', 'phone',
  'mailRecipient', 'mailPhone', 'mailAddress', 'email', 'status', 'invoiceNo', 'invoicedOn', 'remark', 'ownerId', 'tags', 'custom'];
function snapshot(x: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(AUDITED.map((k) => [k, k === 'amount' ? formatMoney(fen(x[k])) : (x[k] ?? null)]));
}

/** 409 INVOICE_EXCEEDS_CONTRACT naming the amount and what can still be invoiced (the contract is locked). */
async function assertWithinCap(tx: Db, tenantId: string, contract: { amount: number }, contractId: string, exceptId: string | null, amount: number): Promise<void> {
  const taken = await one<{ s: string }>(tx, sql`SELECT COALESCE(sum(amount), 0)::text AS s FROM invoices WHERE tenant_id = ${tenantId} AND contract_id = ${contractId}
    AND deleted_at IS NULL AND status IN ('draft', 'inReview', 'approved', 'issued') ${exceptId ? sql`AND id <> ${exceptId}` : sql``}`);
  const available = Math.max(0, contract.amount - fen(taken?.s));
  if (amount > available) {
    throw conflict('INVOICE_EXCEEDS_CONTRACT',
      `开票金额 ${displayMoney(amount)} 超过合同可开票金额 ${displayMoney(available)}（合同金额 ${displayMoney(contract.amount)}，已申请或已开票 ${displayMoney(fen(taken?.s))}） / the invoiced total would exceed the contract amount`,
      { field: 'amount', amount: formatMoney(amount), available: formatMoney(available), contractAmount: formatMoney(contract.amount) });
  }
}

const blank = (v: string | null | undefined) => (v === '' || v === undefined ? null : v);

export async function createInvoice(db: Db, actor: Actor, src: AuditSource, input: CreateInvoiceInput, now = new Date()): Promise<InvoiceDto> {
  if (!can(actor.perms, 'invoice', 'create')) throw forbidden('no permission to create invoices', { object: 'invoice', action: 'create' });
  await visibleContract(db, actor, input.contractId);
  const taxNumber = checkBilling(input, input.invoiceType);
  const id = await inTransaction(db, async (tx) => {
    const c = await lockContractAmounts(tx, actor.tenantId, input.contractId);
    assertContractApproved(c.status);
    await assertWithinCap(tx, actor.tenantId, c, input.contractId, null, input.amount);
    if (input.ownerId) await assertActiveUser(tx, actor.tenantId, input.ownerId, 'ownerId');
    const defs = input.custom ? await loadCustomFieldDefs(tx, actor.tenantId, 'invoice') : [];
    const custom = input.custom ? await checkCustomInput(tx, actor.tenantId, invoiceType, defs, input.custom, 'create') : {};
    const number = await nextNumber(tx, actor.tenantId, 'invoice', now, actor.timeZone);
    const row = await one<{ id: string }>(tx, sql`INSERT INTO invoices (tenant_id, number, contract_id, customer_id, amount, invoice_type, title_type, title, tax_number, bank_name,
        bank_account, address, phone, mail_recipient, mail_phone, mail_address, email, remark, owner_id, tags, custom, created_by)
      VALUES (${actor.tenantId}, ${number}, ${input.contractId}, ${c.customerId}, ${formatMoney(input.amount)}::numeric, ${input.invoiceType}, ${input.titleType}, ${input.title},
        ${taxNumber}, ${blank(input.bankName)}, ${blank(input.bankAccount)}, ${blank(input.address)}, ${blank(input.phone)}, ${blank(input.mailRecipient)}, ${blank(input.mailPhone)},
        ${blank(input.mailAddress)}, ${blank(input.email)}, ${blank(input.remark)}, ${input.ownerId ?? c.ownerId ?? actor.userId}, ${sql.param(input.tags ?? [])}::text[],
        ${JSON.stringify(custom)}::jsonb, ${actor.userId}) RETURNING id`);
    const created = await reloadInvoice(tx, row!.id);
    await recordAudit(tx, src, { action: 'create', recordType: 'invoice', recordId: created.id, after: snapshot(created) });
    if (input.saveBillingProfile) await saveProfileFromInvoice(tx, actor.tenantId, c.customerId, { ...input, taxNumber });
    return created.id;
  }, actor.tenantId);
  return getInvoice(db, actor, id);
}

/** The live invoice locked for change, then its contract (lock order: record, contract, plans). */
async function lockChangeableInvoice(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete') {
  const [row] = await tx.select(invoiceSelect).from(i).where(and(eq(i.id, id), sql`${i.deletedAt} IS NULL`, changeable(actor, 'invoice', i, action))).for('update', { of: i });
  if (!row) {
    if (await findVisibleInvoice(tx, actor, id)) throw forbidden(`no permission to ${action} this invoice`);
    throw notFound('invoice');
  }
  const contract = await lockContractAmounts(tx, actor.tenantId, (row as InvoiceRow).contractId);
  return { row: row as InvoiceRow, contract };
}

const EDITABLE: InvoiceStatus[] = ['draft', 'rejected', 'withdrawn'];
function assertEditable(row: InvoiceRow): void {
  if (!EDITABLE.includes(row.status)) throw conflict('INVOICE_NOT_EDITABLE', '只有草稿、被驳回或已撤回的开票申请可以修改 / only draft, rejected or withdrawn invoices can be changed', { status: row.status });
}

export async function updateInvoice(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateInvoiceInput): Promise<InvoiceDto> {
  await inTransaction(db, async (tx) => {
    const { row: before, contract } = await lockChangeableInvoice(tx, actor, id, 'edit');
    const { saveBillingProfile, ...change } = input;
    await assertNotLocked(tx, actor, 'invoice', id, Object.keys(change));
    assertEditable(before);
    const merged = { ...before, ...change } as unknown as BillingDetails & { invoiceType: string };
    const taxNumber = checkBilling(merged, merged.invoiceType);
    if (change.amount !== undefined) await assertWithinCap(tx, actor.tenantId, contract, before.contractId, id, change.amount);
    const set: SQL[] = [sql`updated_at = now()`, sql`tax_number = ${taxNumber}`];
    const cols: [Exclude<keyof UpdateInvoiceInput, 'saveBillingProfile'>, string][] = [['invoiceType', 'invoice_type'], ['titleType', 'title_type'], ['title', 'title'], ['bankName', 'bank_name'], ['bankAccount', 'bank_account'],
      ['address', 'address'], ['phone', 'phone'], ['mailRecipient', 'mail_recipient'], ['mailPhone', 'mail_phone'], ['mailAddress', 'mail_address'], ['email', 'email'], ['remark', 'remark']];
    for (const [key, col] of cols) if (change[key] !== undefined) set.push(sql`${sql.raw(col)} = ${blank(change[key] as string | null)}`);
    if (change.amount !== undefined) set.push(sql`amount = ${formatMoney(change.amount)}::numeric`);
    if (change.tags !== undefined) set.push(sql`tags = ${sql.param(change.tags)}::text[]`);
    if (change.custom !== undefined) {
      const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'invoice');
      const custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, invoiceType, defs, change.custom, 'update', id));
      set.push(sql`custom = ${JSON.stringify(custom)}::jsonb`);
    }
    await tx.execute(sql`UPDATE invoices SET ${sql.join(set, sql`, `)} WHERE id = ${id}`);
    const after = await reloadInvoice(tx, id);
    await recordAudit(tx, src, { action: 'update', recordType: 'invoice', recordId: id, before: snapshot(before), after: snapshot(after) });
    if (saveBillingProfile) await saveProfileFromInvoice(tx, actor.tenantId, before.customerId, after as never);
  }, actor.tenantId);
  return getInvoice(db, actor, id);
}

export async function deleteInvoice(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { row: before } = await lockChangeableInvoice(tx, actor, id, 'delete');
    await assertNotLocked(tx, actor, 'invoice', id, []);
    assertEditable(before);
    await tx.execute(sql`UPDATE invoices SET deleted_at = now(), deleted_by = ${actor.userId}, updated_at = now() WHERE id = ${id}`);
    await recordAudit(tx, src, { action: 'delete', recordType: 'invoice', recordId: id, data: { number: before.number, amount: formatMoney(fen(before.amount)) } });
  }, actor.tenantId);
}

/** Finance records the issued invoice's number and date: approved → issued. */
export async function issueInvoice(db: Db, actor: Actor, src: AuditSource, id: string, input: IssueInvoiceInput, now = new Date()): Promise<InvoiceDto> {
  if (!isFinance(actor, 'invoice')) throw forbidden('only finance may issue invoices', { object: 'invoice', action: 'edit' });
  await inTransaction(db, async (tx) => {
    const { row: before } = await lockChangeableInvoice(tx, actor, id, 'edit');
    if (before.status !== 'approved') throw conflict('INVOICE_NOT_APPROVED', before.status === 'issued' ? '该发票已开具 / already issued' : '开票申请审批通过后才能开票 / only approved invoices can be issued', { status: before.status });
    if (input.invoicedOn > zonedDate(now, actor.timeZone)) throw fieldError('invoicedOn', '开票日期不能晚于今天 / cannot be in the future');
    await tx.execute(sql`UPDATE invoices SET status = 'issued', invoice_no = ${input.invoiceNo}, invoiced_on = ${input.invoicedOn}::date, updated_at = now() WHERE id = ${id}`);
    await refreshContractAmounts(tx, actor.tenantId, before.contractId, now);
    const after = await reloadInvoice(tx, id);
    await recordAudit(tx, src, { action: 'issue', recordType: 'invoice', recordId: id, before: snapshot(before), after: snapshot(after) });
  }, actor.tenantId);
  return getInvoice(db, actor, id);
}

/** Finance voids an application or an issued invoice (红冲); it stops counting toward the cap. */
export async function voidInvoice(db: Db, actor: Actor, src: AuditSource, id: string, reason?: string): Promise<InvoiceDto> {
  if (!isFinance(actor, 'invoice')) throw forbidden('only finance may void invoices', { object: 'invoice', action: 'edit' });
  await inTransaction(db, async (tx) => {
    const { row: before } = await lockChangeableInvoice(tx, actor, id, 'edit');
    await assertNotLocked(tx, actor, 'invoice', id, []);
    if (before.status === 'void') throw conflict('INVOICE_VOID', '该发票已作废 / already void');
    await tx.execute(sql`UPDATE invoices SET status = 'void', updated_at = now() WHERE id = ${id}`);
    await refreshContractAmounts(tx, actor.tenantId, before.contractId);
    const after = await reloadInvoice(tx, id);
    await recordAudit(tx, src, { action: 'void', recordType: 'invoice', recordId: id, before: snapshot(before), after: snapshot(after), ...(reason ? { data: { reason } } : {}) });
  }, actor.tenantId);
  return getInvoice(db, actor, id);
}

async function lockForApproval(tx: Db, tenantId: string, id: string) {
  const [row] = await tx.select(invoiceSelect).from(i).where(and(eq(i.id, id), eq(i.tenantId, tenantId), sql`${i.deletedAt} IS NULL`)).for('update', { of: i });
  if (!row) throw notFound('invoice');
  const contract = await lockContractAmounts(tx, tenantId, (row as InvoiceRow).contractId);
  return { row: row as InvoiceRow, contract };
}

export async function assertInvoiceSubmittable(tx: Db, tenantId: string, id: string): Promise<void> {
  const { row, contract } = await lockForApproval(tx, tenantId, id);
  if (!EDITABLE.includes(row.status)) throw conflict('INVOICE_NOT_SUBMITTABLE', '只有草稿、被驳回或已撤回的开票申请可以提交 / only draft, rejected or withdrawn invoices can be submitted', { status: row.status });
  assertContractApproved(contract.status);
  await assertWithinCap(tx, tenantId, contract, row.contractId, id, fen(row.amount));
}

const STATUS_OF: Record<ApprovalInstanceStatus, InvoiceStatus> = {
  pending: 'inReview', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn', returned: 'draft', cancelled: 'draft',
};

export async function onInvoiceApproval(tx: Db, tenantId: string, id: string, status: ApprovalInstanceStatus, src: AuditSource): Promise<void> {
  const { row: before, contract } = await lockForApproval(tx, tenantId, id);
  if (before.status === 'issued' || before.status === 'void') return; // settled: a late message changes nothing
  if (status === 'pending' || status === 'approved') {
    assertContractApproved(contract.status);
    await assertWithinCap(tx, tenantId, contract, before.contractId, id, fen(before.amount));
  }
  await tx.execute(sql`UPDATE invoices SET status = ${STATUS_OF[status]}, updated_at = now() WHERE id = ${id}`);
  if (status === 'approved' || before.status === 'approved') await refreshContractAmounts(tx, tenantId, before.contractId);
  const after = await reloadInvoice(tx, id);
  await recordAudit(tx, src, { action: 'update', recordType: 'invoice', recordId: id, before: snapshot(before), after: snapshot(after), data: { approval: status } });
}

export async function describeInvoice(tx: Db, tenantId: string, id: string) {
  const row = await one<{ number: string | null; amount: string; invoice_type: string; title: string; contract: string | null; contract_number: string | null; customer: string | null; owner_id: string | null }>(tx, sql`
    SELECT v.number, v.amount::text AS amount, v.invoice_type, v.title, c.name AS contract, c.number AS contract_number, cu.name AS customer, v.owner_id
      FROM invoices v JOIN contracts c ON c.id = v.contract_id JOIN customers cu ON cu.id = v.customer_id WHERE v.id = ${id} AND v.tenant_id = ${tenantId} AND v.deleted_at IS NULL`);
  if (!row) return null;
  return {
    title: `开票申请 ${row.number ?? ''} ${displayMoney(fen(row.amount))}`.trim(),
    summary: { amount: formatMoney(fen(row.amount)), invoiceType: row.invoice_type, title: row.title, contract: row.contract, contractNumber: row.contract_number, customer: row.customer },
    ownerId: row.owner_id,
  };
}
