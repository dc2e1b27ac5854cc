/** Orders as people read them: visibility, list (record framework), detail with lines and shipments. */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { escapeLike } from '../../platform/filters/index.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { projectRecord, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { RecordCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListParams, type ListResult, type ListSource } from '../../platform/records/listQuery.ts';
import { andFilters, toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { loadViewForList } from '../../platform/records/views.ts';
import { loadLineItems } from '../products/lineItems.ts';
import { money2 } from '../contracts/service.ts';
import { orderContractNumberSql, orderCustomerNameSql, orderQuoteNumberSql, orderType } from './fields.ts';
import { orders as o, type OrderRow } from './schema.ts';

export const orderSelect = {
  id: o.id, number: o.number, title: o.title, customerId: o.customerId, customerName: orderCustomerNameSql.as('customer_name'),
  contractId: o.contractId, contractNumber: orderContractNumberSql.as('contract_number'), quoteId: o.quoteId, quoteNumber: orderQuoteNumberSql.as('quote_number'),
  orderDate: o.orderDate, discountKind: o.discountKind, discountValue: o.discountValue, grossAmount: o.grossAmount, discountAmount: o.discountAmount,
  taxAmount: o.taxAmount, totalAmount: o.totalAmount, status: o.status, deliveryStatus: o.deliveryStatus,
  receiverName: o.receiverName, receiverPhone: o.receiverPhone, shippingAddress: o.shippingAddress, remark: o.remark,
  ownerId: o.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${o.ownerId})`.as('owner_name'),
  tags: o.tags, custom: o.custom, createdBy: o.createdBy, createdAt: o.createdAt, updatedAt: o.updatedAt,
};
type Names = 'customerName' | 'contractNumber' | 'quoteNumber' | 'ownerName';
export type OrderSelected = Pick<OrderRow, Exclude<keyof typeof orderSelect, Names>> & { customerName: string | null; contractNumber: string | null; quoteNumber: string | null; ownerName: string | null };
export type OrderDto = Record<string, unknown> & { id: string };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export function present(actor: Actor, r: OrderSelected, context: 'list' | 'detail'): OrderDto {
  const dto: OrderDto = {
    ...r, tags: r.tags ?? [], custom: r.custom ?? {},
    grossAmount: money2(r.grossAmount), discountAmount: money2(r.discountAmount), taxAmount: money2(r.taxAmount), totalAmount: money2(r.totalAmount),
    discountValue: String(Number(r.discountValue)), createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!,
  };
  const out = projectRecord(actor, 'order', dto, context);
  if (!('ownerId' in out)) delete out.ownerName;
  if (!('customerId' in out)) delete out.customerName;
  if (!('contractId' in out)) delete out.contractNumber;
  if (!('quoteId' in out)) delete out.quoteNumber;
  return out;
}

export function reachable(actor: Actor, mode: 'view' | 'edit' | 'delete' | 'transfer'): SQL {
  return mode === 'view' ? visibleRecords(actor, 'order', o) : writableRecords(actor, 'order', o, mode);
}
export const visibleOrders = (actor: Actor): SQL => and(reachable(actor, 'view'), isNull(o.deletedAt))!;

export function orderSearch(catalog: RecordCatalog, q: string): SQL {
  const like = `%${escapeLike(q)}%`;
  const parts: SQL[] = [];
  if (!catalog.hidden.has('title')) parts.push(sql`${o.title} ILIKE ${like}`);
  if (!catalog.hidden.has('number')) parts.push(sql`${o.number} ILIKE ${like}`);
  if (!catalog.hidden.has('customerId')) parts.push(sql`${o.customerId} IN (SELECT c.id FROM customers c WHERE c.tenant_id = ${o.tenantId} AND c.name ILIKE ${like})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

export function orderSource(actor: Actor, catalog: RecordCatalog): ListSource {
  return { table: o, select: orderSelect, base: visibleOrders(actor), catalog, search: (q) => orderSearch(catalog, q), defaultSort: [{ field: 'createdAt', dir: 'desc' }], idColumn: o.id };
}

export async function resolveOrderListParams(db: Db, actor: Actor, input: ListInput): Promise<ListParams & { columns?: string[] }> {
  const params = toListParams(input);
  if (!input.viewId) return params;
  const view = await loadViewForList(db, actor, 'order', input.viewId);
  return { ...params, filter: andFilters(view.filter, params.filter), sort: params.sort ?? (view.sort.length ? view.sort : undefined), columns: view.columns };
}

export async function listOrders(db: Db, actor: Actor, input: ListInput): Promise<ListResult<OrderDto>> {
  const catalog = await loadCatalog(db, actor, orderType);
  const params = await resolveOrderListParams(db, actor, input);
  const page = await listQuery<OrderSelected & Record<string, unknown>>(db, actor, orderSource(actor, catalog), params);
  return { ...page, items: page.items.map((r) => present(actor, r, 'list')) };
}

export async function findVisibleOrder(db: Db, actor: Actor, id: string): Promise<OrderSelected | undefined> {
  const [row] = await db.select(orderSelect).from(o).where(and(eq(o.id, id), visibleOrders(actor)));
  return row as OrderSelected | undefined;
}

export async function reloadOrder(tx: Db, id: string): Promise<OrderSelected> {
  const [row] = await tx.select(orderSelect).from(o).where(eq(o.id, id));
  return row as OrderSelected;
}

export async function lockWritableOrder(tx: Db, actor: Actor, id: string, action: 'edit' | 'delete' | 'transfer'): Promise<OrderSelected> {
  const [row] = await tx.select(orderSelect).from(o).where(and(eq(o.id, id), isNull(o.deletedAt), reachable(actor, action))).for('update', { of: o });
  if (row) return row as OrderSelected;
  if (await findVisibleOrder(tx, actor, id)) throw forbidden(`no permission to ${action} this order`);
  throw notFound('order');
}

export interface ShipmentDto {
  id: string; number: string; shippedOn: string; carrier: string | null; trackingNumber: string | null; remark: string | null;
  createdBy: string | null; createdByName: string | null; createdAt: string;
  lines: { lineItemId: string; productName: string; unit: string | null; quantity: string }[];
}

const qty = (v: unknown) => String(Number(v)); // numeric(14,4) → shortest form ("2.5000" → "2.5"); exact for 4 decimals

export async function listShipments(db: Db, tenantId: string, orderId: string): Promise<ShipmentDto[]> {
  const heads = await rows<Record<string, unknown>>(db, sql`SELECT s.id, s.number, s.shipped_on::text AS shipped_on, s.carrier, s.tracking_number, s.remark,
      s.created_by, (SELECT u.name FROM users u WHERE u.id = s.created_by) AS created_by_name, s.created_at
    FROM shipments s WHERE s.tenant_id = ${tenantId} AND s.order_id = ${orderId} ORDER BY s.created_at, s.number`);
  if (!heads.length) return [];
  const lines = await rows<Record<string, unknown>>(db, sql`SELECT sl.shipment_id, sl.line_item_id, sl.quantity, li.product_name, li.unit
    FROM shipment_lines sl JOIN line_items li ON li.id = sl.line_item_id JOIN shipments s ON s.id = sl.shipment_id
    WHERE sl.tenant_id = ${tenantId} AND s.order_id = ${orderId} ORDER BY li.position`);
  return heads.map((h) => ({
    id: h.id as string, number: h.number as string, shippedOn: h.shipped_on as string, carrier: (h.carrier as string) ?? null,
    trackingNumber: (h.tracking_number as string) ?? null, remark: (h.remark as string) ?? null, createdBy: (h.created_by as string) ?? null,
    createdByName: (h.created_by_name as string) ?? null, createdAt: iso(h.created_at as string)!,
    lines: lines.filter((l) => l.shipment_id === h.id).map((l) => ({ lineItemId: l.line_item_id as string, productName: l.product_name as string, unit: (l.unit as string) ?? null, quantity: qty(l.quantity) })),
  }));
}

export async function getOrder(db: Db, actor: Actor, id: string): Promise<OrderDto> {
  const row = await findVisibleOrder(db, actor, id);
  if (!row) throw notFound('order');
  return { ...present(actor, row, 'detail'), lines: await loadLineItems(db, actor.tenantId, 'order', id), shipments: await listShipments(db, actor.tenantId, id) };
}
