/** Contracts as people read them: visibility, the list (record framework), the detail. */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { projectRecord, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { loadLineItems, type LineItemDto } from '../products/lineItems.ts';
import { contractCustomerNameSql, contractOpportunityNameSql, contractQuoteNumberSql, contractType, outstandingSql } from './fields.ts';
import { contracts as k, type ContractRow } from './schema.ts';

const userName = (col: AnyPgColumn) => sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${col})`;

/** Columns of a contract response; names are subqueries evaluated for the page's rows only. */
export const contractSelect = {
  id: k.id, number: k.number, name: k.name, customerId: k.customerId, customerName: contractCustomerNameSql.as('customer_name'),
  opportunityId: k.opportunityId, opportunityName: contractOpportunityNameSql.as('opportunity_name'),
  quoteId: k.quoteId, quoteNumber: contractQuoteNumberSql.as('quote_number'),
  contractType: k.contractType, orderDate: k.orderDate, startDate: k.startDate, endDate: k.endDate,
  amount: k.amount, discountAmount: k.discountAmount, paymentTerms: k.paymentTerms,
  customerSignerId: k.customerSignerId, customerSignerName: k.customerSignerName,
  companySignerId: k.companySignerId, companySignerName: userName(k.companySignerId).as('company_signer_name'),
  signedDate: k.signedDate, status: k.status, receivedAmount: k.receivedAmount, outstandingAmount: outstandingSql.as('outstanding_amount'),
  invoicedAmount: k.invoicedAmount, remindDaysBefore: k.remindDaysBefore, remark: k.remark,
  ownerId: k.ownerId, ownerName: userName(k.ownerId).as('owner_name'), tags: k.tags, custom: k.custom,
  createdBy: k.createdBy, createdAt: k.createdAt, updatedAt: k.updatedAt,
};

type Names = 'customerName' | 'opportunityName' | 'quoteNumber' | 'companySignerName' | 'outstandingAmount' | 'ownerName';
export type ContractSelected = Pick<ContractRow, Exclude<keyof typeof contractSelect, Names>> & {
  customerName: string | null; opportunityName: string | null; quoteNumber: string | null; companySignerName: string | null; outstandingAmount: string; ownerName: string | null;
};
export type ContractDto = Record<string, unknown> & { id: string; lines?: LineItemDto[] };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
/** numeric → "1234.50" (PGlite and node-postgres both answer strings; normalise the scale anyway). */
export const money2 = (v: unknown) => (v === null || v === undefined ? null : Number.isNaN(Number(v)) ? String(v) : fixed2(String(v)));
function fixed2(s: string): string {
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  return `${neg ? '-' : ''}${int}.${(frac + '00').slice(0, 2)}`;
}

export function toDto(r: ContractSelected): ContractDto {
  return {
    ...r, tags: r.tags ?? [], custom: r.custom ?? {},
    amount: money2(r.amount), discountAmount: money2(r.discountAmount), receivedAmount: money2(r.receivedAmount),
    outstandingAmount: money2(r.outstandingAmount), invoicedAmount: money2(r.invoicedAmount),
    createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

/** What the actor may see of a contract; display names go with their id fields. */
export function present(actor: Actor, row: ContractSelected, context: 'list' | 'detail'): ContractDto {
  const out = projectRecord(actor, 'contract', toDto(row), context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('customerId' in out)) delete out.customerName;
  if (!('opportunityId' in out)) delete out.opportunityName;
  if (!('quoteId' in out)) delete out.quoteNumber;
  if (!('companySignerId' in out)) delete out.companySignerName;
  if (!('amount' in out) || !('receivedAmount' in out)) delete out.outstandingAmount;
  return out;
}

export function reachable(actor: Actor, mode: 'view' | 'edit' | 'delete' | 'transfer'): SQL {
  return mode === 'view' ? visibleRecords(actor, 'contract', k) : writableRecords(actor, 'contract', k, mode);
}
export const visibleContracts = (actor: Actor): SQL => and(reachable(actor, 'view'), isNull(k.deletedAt))!;

/** Quick search: name or customer name contains q, or the number equals it. */
export function contractSearch(catalog: RecordCatalog, q: string): SQL {
  const parts: SQL[] = [];
  const like = `%${escapeLike(q)}%`;
  if (!catalog.hidden.has('name')) parts.push(sql`${k.name} ILIKE ${like}`);
  if (!catalog.hidden.has('number')) parts.push(sql`${k.number} ILIKE ${like}`);
  if (!catalog.hidden.has('customerId')) parts.push(sql`${k.customerId} IN (SELECT c.id FROM customers c WHERE c.tenant_id = ${k.tenantId} AND c.name ILIKE ${like})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function contractSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return { table: k, select: contractSelect, base: visibleContracts(actor), catalog, search: (q) => contractSearch(catalog, q), defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: k.id };
}

export async function resolveContractListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'contract', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listContracts(db: Db, actor: Actor, input: ListInput): Promise<ListResult<ContractDto>> {
  const catalog = await loadCatalog(db, actor, contractType);
  const params = await resolveContractListParams(db, actor, input);
  const page = await listQuery<ContractSelected & Record<string, unknown>>(db, actor, contractSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisibleContract(db: Db, actor: Actor, id: string): Promise<ContractSelected | undefined> {
  const [row] = await db.select(contractSelect).from(k).where(and(eq(k.id, id), visibleContracts(actor)));
  return row as ContractSelected | undefined;
}

export async function reloadContract(tx: Db, id: string): Promise<ContractSelected> {
  const [row] = await tx.select(contractSelect).from(k).where(eq(k.id, id));
  return row as ContractSelected;
}

/** The detail: the contract with its line items. */
export async function getContract(db: Db, actor: Actor, id: string): Promise<ContractDto> {
  const row = await findVisibleContract(db, actor, id);
  if (!row) throw notFound('contract');
  return { ...present(actor, row, 'detail'), lines: await loadLineItems(db, actor.tenantId, 'contract', id) };
}

/** The live contract locked for change, or 403 (visible but not writable) / 404 (not visible). */
export async function lockWritableContract(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<ContractSelected> {
  const [row] = await tx.select(contractSelect).from(k).where(and(eq(k.id, id), isNull(k.deletedAt), reachable(actor, action))).for('update', { of: k });
  if (row) return row as ContractSelected;
  if (await findVisibleContract(tx, actor, id)) throw forbidden(`no permission to ${action} this contract`);
  throw notFound('contract');
}
