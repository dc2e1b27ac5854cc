/**
 * Quotes (报价): reads, lists and the shared helpers of the write paths (writes.ts) — the DTO,
 * visibility, row locking, totals and the discount-limit look-up.
 */
import { and, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import {
  formatMoney, formatPercent, mulDivRound, parseMoney, parsePercent, parseQuantity, MoneyInputError, PERCENT_SCALE, QUANTITY_SCALE,
  type PricedDocument,
} from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { projectRecord, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { recycleBinType, type DeletedDto } from '../customers/recycle.ts';
import { loadLineItems, type LineItemDto, type LineItemInput } from '../products/lineItems.ts';
import { contactNameSql, customerNameSql, opportunityNameSql, overLimitSql, ownerNameSql, quoteType, userDiscountLimitSql } from './fields.ts';
import { quotes as q, type QuoteRow } from './schema.ts';

/** Columns of a quote response; names are subqueries PostgreSQL evaluates for the page's rows only. */
export const quoteSelect = {
  id: q.id, number: q.number, title: q.title,
  customerId: q.customerId, customerName: customerNameSql.as('customer_name'),
  opportunityId: q.opportunityId, opportunityName: opportunityNameSql.as('opportunity_name'),
  contactId: q.contactId, contactName: contactNameSql.as('contact_name'),
  priceBookId: q.priceBookId, quoteDate: q.quoteDate, validUntil: q.validUntil, status: q.status, approvalStatus: q.approvalStatus,
  discountKind: q.discountKind, discountValue: q.discountValue,
  grossAmount: q.grossAmount, discountAmount: q.discountAmount, taxAmount: q.taxAmount, totalAmount: q.totalAmount, maxDiscountPct: q.maxDiscountPct,
  overLimit: overLimitSql.as('over_limit'),
  terms: q.terms, remark: q.remark, sentAt: q.sentAt, acceptedAt: q.acceptedAt, rejectedAt: q.rejectedAt, rejectedReason: q.rejectedReason,
  contractId: q.contractId, ownerId: q.ownerId, ownerName: ownerNameSql.as('owner_name'), tags: q.tags, custom: q.custom,
  createdBy: q.createdBy, createdAt: q.createdAt, updatedAt: q.updatedAt,
};

type Names = 'customerName' | 'opportunityName' | 'contactName' | 'ownerName' | 'overLimit';
export type QuoteSelected = Pick<QuoteRow, Exclude<keyof typeof quoteSelect, Names>> & {
  customerName: string | null; opportunityName: string | null; contactName: string | null; ownerName: string | null; overLimit: boolean;
};
export type QuoteDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const day = (d: unknown) => (d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
/** numeric(…,2) → "1234.50" whatever the driver gave back */
export const money = (v: unknown) => formatMoney(parseMoney(String(v ?? '0')));
/** numeric(…,4) percent → shortest decimal ("12.5") */
export const pct = (v: unknown) => formatPercent(parsePercent(String(v ?? '0')));

export function toDto(r: QuoteSelected): QuoteDto {
  return {
    ...r,
    quoteDate: day(r.quoteDate)!, validUntil: day(r.validUntil),
    discountValue: r.discountKind === 'amount' ? money(r.discountValue) : pct(r.discountValue),
    grossAmount: money(r.grossAmount), discountAmount: money(r.discountAmount), taxAmount: money(r.taxAmount), totalAmount: money(r.totalAmount),
    maxDiscountPct: pct(r.maxDiscountPct), overLimit: r.overLimit === true || (r.overLimit as unknown) === 't',
    tags: r.tags ?? [], custom: r.custom ?? {},
    sentAt: iso(r.sentAt), acceptedAt: iso(r.acceptedAt), rejectedAt: iso(r.rejectedAt), createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
}

/** What the actor may see of a quote; display names go with their id fields. */
export function present(actor: Actor, row: QuoteSelected, context: 'list' | 'detail'): QuoteDto {
  const out = projectRecord(actor, 'quote', toDto(row), context);
  for (const [id, name] of [['ownerId', 'ownerName'], ['customerId', 'customerName'], ['opportunityId', 'opportunityName'], ['contactId', 'contactName']] as const) {
    if (!(id in out)) delete out[name];
  }
  return out;
}

export function reachable(actor: Actor, mode: 'view' | 'edit' | 'delete' | 'transfer'): SQL {
  return mode === 'view' ? visibleRecords(actor, 'quote', q) : writableRecords(actor, 'quote', q, mode);
}
export const visibleQuotes = (actor: Actor): SQL => and(reachable(actor, 'view'), isNull(q.deletedAt))!;

/** Quick search: number equals q, title or customer name contains it. */
export function quoteSearch(catalog: RecordCatalog, text: string): SQL {
  const parts: SQL[] = [];
  const like = `%${escapeLike(text)}%`;
  if (!catalog.hidden.has('number')) parts.push(sql`${q.number} = ${text}`);
  if (!catalog.hidden.has('title')) parts.push(sql`${q.title} ILIKE ${like}`);
  if (!catalog.hidden.has('customerId')) parts.push(sql`${q.customerId} IN (SELECT c.id FROM customers c WHERE c.tenant_id = ${q.tenantId} AND c.name ILIKE ${like})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function quoteSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return { table: q, select: quoteSelect, base: visibleQuotes(actor), catalog, search: (s) => quoteSearch(catalog, s), defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: q.id };
}

export async function resolveQuoteListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'quote', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listQuotes(db: Db, actor: Actor, input: ListInput): Promise<ListResult<QuoteDto>> {
  const catalog = await loadCatalog(db, actor, quoteType);
  const params = await resolveQuoteListParams(db, actor, input);
  const page = await listQuery<QuoteSelected & Record<string, unknown>>(db, actor, quoteSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

const deletedSelect = {
  ...quoteSelect,
  deletedAt: q.deletedAt,
  deletedBy: q.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${q.deletedBy})`.as('deleted_by_name'),
};

/** GET /quotes/recycle-bin: deleted quotes the actor may see, most recently deleted first. */
export async function listDeletedQuotes(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<QuoteDto>>> {
  const catalog = await loadCatalog(db, actor, recycleBinType(quoteType, q.deletedAt));
  const source: ListSource = {
    table: q, select: deletedSelect, base: and(reachable(actor, 'view'), isNotNull(q.deletedAt))!, catalog,
    search: (s) => quoteSearch(catalog, s), defaultSort: [{ field: 'deletedAt', dir: 'desc' }], idColumn: q.id,
  };
  const page = await listQuery<QuoteSelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return { ...page, items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })) };
}

export async function findVisibleQuote(db: Db, actor: Actor, id: string): Promise<QuoteSelected | undefined> {
  const [row] = await db.select(quoteSelect).from(q).where(and(eq(q.id, id), visibleQuotes(actor)));
  return row as QuoteSelected | undefined;
}

export async function reloadQuote(tx: Db, id: string): Promise<QuoteSelected> {
  const [row] = await tx.select(quoteSelect).from(q).where(eq(q.id, id));
  return row as QuoteSelected;
}

/** The quote locked for change, or 403 (visible but not writable) / 404 (not visible). */
export async function lockWritableQuote(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer', deleted = false): Promise<QuoteSelected> {
  const [row] = await tx.select(quoteSelect).from(q)
    .where(and(eq(q.id, id), deleted ? isNotNull(q.deletedAt) : isNull(q.deletedAt), reachable(actor, action))).for('update', { of: q });
  if (row) return row as QuoteSelected;
  const [seen] = await tx.select({ id: q.id }).from(q).where(and(eq(q.id, id), deleted ? isNotNull(q.deletedAt) : isNull(q.deletedAt), reachable(actor, 'view')));
  if (seen) throw forbidden(`no permission to ${action} this quote`);
  throw notFound('quote');
}

/** GET /quotes/:id: the quote, its lines, and whether the viewer may send it without a discount approval. */
export async function getQuote(db: Db, actor: Actor, id: string): Promise<QuoteDto> {
  const row = await findVisibleQuote(db, actor, id);
  if (!row) throw notFound('quote');
  const lines = await loadLineItems(db, actor.tenantId, 'quote', id);
  const limit = await userDiscountLimit(db, actor.userId);
  return { ...present(actor, row, 'detail'), lines, myDiscountLimitPct: limit === null ? null : formatPercent(limit), needsDiscountApproval: needsApproval(row, limit) };
}

// ------------------------------------------------------------------ discount limits

/** The user's discount limit, percent ×10^4 (most generous of their roles); null = no limit. */
export async function userDiscountLimit(db: Db, userId: string): Promise<number | null> {
  const row = await one<{ pct: string | null }>(db, sql`SELECT ${userDiscountLimitSql(userId)}::text AS pct`);
  return row?.pct === null || row?.pct === undefined ? null : parsePercent(row.pct);
}

/** The quote gives more than `limit` off and has no granted discount approval. */
export function needsApproval(row: Pick<QuoteSelected, 'maxDiscountPct' | 'approvalStatus'>, limit: number | null): boolean {
  if (limit === null || row.approvalStatus === 'approved') return false;
  return parsePercent(String(row.maxDiscountPct)) > limit;
}

// ------------------------------------------------------------------ totals

export interface QuoteTotals { grossAmount: string; discountAmount: string; taxAmount: string; totalAmount: string; maxDiscountPct: string }

export const ZERO_TOTALS: QuoteTotals = { grossAmount: '0.00', discountAmount: '0.00', taxAmount: '0.00', totalAmount: '0.00', maxDiscountPct: '0' };

export function totalsFromPriced(p: PricedDocument): QuoteTotals {
  return {
    grossAmount: formatMoney(p.grossAmount), discountAmount: formatMoney(p.discountAmount), taxAmount: formatMoney(p.taxAmount),
    totalAmount: formatMoney(p.totalAmount), maxDiscountPct: formatPercent(p.maxDiscountPct),
  };
}

/** Totals of stored lines (copied as agreed): sums of the rounded lines, the largest discount off list. */
export function totalsFromLines(lines: LineItemDto[]): QuoteTotals {
  let gross = 0, discount = 0, tax = 0, total = 0, maxPct = 0;
  for (const l of lines) {
    const lineTotal = parseMoney(l.totalAmount);
    gross += parseMoney(l.grossAmount);
    discount += parseMoney(l.discountAmount) + parseMoney(l.allocatedDiscount);
    tax += parseMoney(l.taxAmount);
    total += lineTotal;
    const listGross = mulDivRound(parseMoney(l.listPrice), parseQuantity(l.quantity), QUANTITY_SCALE);
    if (listGross > lineTotal) maxPct = Math.max(maxPct, mulDivRound(listGross - lineTotal, 100 * PERCENT_SCALE, listGross));
  }
  return { grossAmount: formatMoney(gross), discountAmount: formatMoney(discount), taxAmount: formatMoney(tax), totalAmount: formatMoney(total), maxDiscountPct: formatPercent(maxPct) };
}

/** A stored line as input again (re-pricing a quote whose document discount changed). */
export function lineAsInput(l: LineItemDto): LineItemInput {
  return {
    productId: l.productId, productName: l.productName, unit: l.unit, specification: l.specification, listPrice: l.listPrice, salePrice: l.salePrice,
    quantity: l.quantity, discountKind: l.discountKind, discountValue: l.discountValue, taxRate: l.taxRate, remark: l.remark,
  };
}

/** The document discount checked and normalised: percent 0–100 or a non-negative amount. */
export function checkDiscount(d: { kind: 'percent' | 'amount'; value: string | number }): { kind: 'percent' | 'amount'; value: string } {
  try {
    if (d.kind === 'percent') return { kind: 'percent', value: formatPercent(parsePercent(d.value, 'discount.value')) };
    const fen = parseMoney(d.value, 'discount.value');
    if (fen < 0) throw new MoneyInputError('discount.value', 'must not be negative');
    return { kind: 'amount', value: formatMoney(fen) };
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError(err.field, err.message);
    throw err;
  }
}

/** The audited shape of a quote (history, flows). */
export function snapshot(r: QuoteSelected): Record<string, unknown> {
  const d = toDto(r);
  return {
    number: d.number, title: d.title, customerId: d.customerId, opportunityId: d.opportunityId, contactId: d.contactId, priceBookId: d.priceBookId,
    quoteDate: d.quoteDate, validUntil: d.validUntil, status: d.status, approvalStatus: d.approvalStatus, discountKind: d.discountKind, discountValue: d.discountValue,
    grossAmount: d.grossAmount, discountAmount: d.discountAmount, taxAmount: d.taxAmount, totalAmount: d.totalAmount, maxDiscountPct: d.maxDiscountPct,
    terms: d.terms, remark: d.remark, rejectedReason: d.rejectedReason, contractId: d.contractId, ownerId: d.ownerId, tags: d.tags, custom: d.custom,
  };
}
