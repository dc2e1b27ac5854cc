/** Writing orders: insert (numbered, audited) with own or copied line items, and the totals they give. */
import { eq, sql } from 'drizzle-orm';
import { formatMoney, formatPercent, MoneyInputError, parseMoney, parsePercent } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { fieldError } from '../../platform/http/errors.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { copyLineItems, saveLineItems, type LineItemInput, type LineParentType } from '../products/lineItems.ts';
import { orderType } from './fields.ts';
import { orders as o } from './schema.ts';
import { orderSelect, reloadOrder, type OrderSelected } from './service.ts';

const NOT_AUDITED = new Set(['id', 'ownerName', 'customerName', 'contractNumber', 'quoteNumber', 'createdBy', 'createdAt', 'updatedAt']);
const AUDITED = Object.keys(orderSelect).filter((key) => !NOT_AUDITED.has(key));
export function snapshot(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of AUDITED) {
    const v = r[key];
    out[key] = v instanceof Date ? v.toISOString() : (v ?? null);
  }
  return out;
}

export interface OrderDiscount { kind: 'percent' | 'amount'; value: string | number }

/** The document discount as the columns hold it; a bad value is a 400 naming discount.value. */
export function discountColumns(d: OrderDiscount): { discountKind: 'percent' | 'amount'; discountValue: string } {
  try {
    if (d.kind === 'percent') return { discountKind: 'percent', discountValue: formatPercent(parsePercent(d.value, 'discount.value')) };
    const fen = parseMoney(d.value, 'discount.value');
    if (fen < 0) throw new MoneyInputError('discount.value', 'must not be negative');
    return { discountKind: 'amount', discountValue: formatMoney(fen) };
  } catch (err) {
    if (err instanceof MoneyInputError) throw fieldError('discount.value', err.message);
    throw err;
  }
}

/** Totals from the stored lines (sums of rounded lines, in SQL numeric: exact). */
export async function totalsFromLines(tx: Db, tenantId: string, type: LineParentType, id: string): Promise<Partial<typeof o.$inferInsert>> {
  const t = await one<{ gross: string; discount: string; tax: string; total: string }>(tx, sql`SELECT COALESCE(sum(gross_amount), 0)::text AS gross,
      COALESCE(sum(discount_amount + allocated_discount), 0)::text AS discount, COALESCE(sum(tax_amount), 0)::text AS tax, COALESCE(sum(total_amount), 0)::text AS total
    FROM line_items WHERE tenant_id = ${tenantId} AND parent_type = ${type} AND parent_id = ${id}`);
  return { grossAmount: t!.gross, discountAmount: t!.discount, taxAmount: t!.tax, totalAmount: t!.total };
}

/** Own lines priced with the document discount → totals for the order row. */
export async function priceOrderLines(tx: Db, tenantId: string, id: string, lines: LineItemInput[], discount?: OrderDiscount): Promise<Partial<typeof o.$inferInsert>> {
  const saved = await saveLineItems(tx, tenantId, 'order', id, lines, discount ? { discount } : {});
  const p = saved.priced;
  return { grossAmount: formatMoney(p.grossAmount), discountAmount: formatMoney(p.discountAmount), taxAmount: formatMoney(p.taxAmount), totalAmount: formatMoney(p.totalAmount) };
}

export interface NewOrderValues {
  title: string;
  customerId: string;
  contractId?: string | null;
  quoteId?: string | null;
  ownerId?: string | null;
  orderDate?: string | null;
  receiverName?: string | null;
  receiverPhone?: string | null;
  shippingAddress?: string | null;
  remark?: string | null;
  tags?: string[];
}

/** Inserts an order (numbered, audited) with copied or own lines; runs in the caller's transaction. */
export async function insertOrder(
  tx: Db, actor: Actor, src: AuditSource, values: NewOrderValues,
  opts: { copyFrom?: { type: LineParentType; id: string }; lines?: LineItemInput[]; discount?: OrderDiscount; custom?: Record<string, unknown> } = {},
): Promise<string> {
  const tenantId = actor.tenantId;
  const number = await nextNumber(tx, tenantId, 'order', new Date(), actor.timeZone);
  const defs = await loadCustomFieldDefs(tx, tenantId, 'order');
  const custom = await checkCustomInput(tx, tenantId, orderType, defs, opts.custom ?? {}, 'create');
  const { orderDate, ...clean } = Object.fromEntries(Object.entries(values).map(([key, v]) => [key, v === '' ? null : v])) as NewOrderValues;
  const [row] = await tx.insert(o).values({
    ...clean, tenantId, number, ownerId: clean.ownerId ?? actor.userId, createdBy: actor.userId, custom, tags: clean.tags ?? [],
    ...(orderDate ? { orderDate } : {}),
    ...(opts.discount ? discountColumns(opts.discount) : {}),
  }).returning({ id: o.id });
  const id = row!.id;
  let totals: Partial<typeof o.$inferInsert> = {};
  if (opts.lines) totals = await priceOrderLines(tx, tenantId, id, opts.lines, opts.discount);
  else if (opts.copyFrom) {
    await copyLineItems(tx, tenantId, opts.copyFrom, { type: 'order', id });
    totals = await totalsFromLines(tx, tenantId, 'order', id);
  }
  if (Object.keys(totals).length) await tx.update(o).set(totals).where(eq(o.id, id));
  const created = await reloadOrder(tx, id);
  await recordAudit(tx, src, { action: 'create', recordType: 'order', recordId: id, after: snapshot(created as unknown as Record<string, unknown>) });
  return id;
}

export type { OrderSelected };
