/** Order changes: create (standalone / from contract / from quote), edit, delete, shipments (发货). */
import { eq, sql } from 'drizzle-orm';
import { formatQuantity, MoneyInputError, parseQuantity } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError, conflict, fieldError } from '../../platform/http/errors.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import { checkCustomInput, loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { usableCustomer } from '../contacts/persist.ts';
import { assertActiveUser } from '../customers/persist.ts';
import { createOrderFrom } from '../contracts/fromDocuments.ts';
import { orderType } from './fields.ts';
import type { CreateOrderInput, ShipmentInput, UpdateOrderInput } from './input.ts';
import { discountColumns, insertOrder, priceOrderLines, snapshot } from './persist.ts';
import { orders as o, type DeliveryStatus } from './schema.ts';
import { getOrder, lockWritableOrder, reloadOrder, type OrderDto } from './service.ts';

/** POST /orders. */
export async function createOrder(db: Db, actor: Actor, src: AuditSource, input: CreateOrderInput): Promise<OrderDto> {
  const { contractId, quoteId, lines, discount, custom, ...values } = input;
  assertWritableFields(actor, 'order', { ...values, ...(custom ? { custom } : {}) });
  const id = await inTransaction(db, async (tx) => {
    if (values.ownerId) await assertActiveUser(tx, actor.tenantId, values.ownerId, 'ownerId');
    if (contractId || quoteId) {
      const { orderId } = await createOrderFrom(tx, actor, src, contractId ? { contractId } : { quoteId: quoteId! });
      // the rest of the body (receiver, address, own lines …) on top of what the source gave
      const extra: UpdateOrderInput = Object.fromEntries(Object.entries({ ...values, lines, discount, custom }).filter(([, v]) => v !== undefined));
      if (Object.keys(extra).length) await applyOrderChange(tx, actor, src, orderId, extra);
      return orderId;
    }
    if (!values.customerId) throw fieldError('customerId', 'is required (or give contractId / quoteId)');
    if (!values.title) throw fieldError('title', 'is required');
    if (!(await usableCustomer(tx, actor, actor.tenantId, values.customerId))) throw fieldError('customerId', 'no such customer');
    return insertOrder(tx, actor, src, { ...values, title: values.title, customerId: values.customerId }, { lines, discount, custom });
  }, actor.tenantId);
  return getOrder(db, actor, id);
}

async function hasShipments(tx: Db, tenantId: string, orderId: string): Promise<boolean> {
  return !!(await one(tx, sql`SELECT 1 AS ok FROM shipments WHERE tenant_id = ${tenantId} AND order_id = ${orderId} LIMIT 1`));
}

async function applyOrderChange(tx: Db, actor: Actor, src: AuditSource, id: string, input: UpdateOrderInput): Promise<void> {
  const before = await lockWritableOrder(tx, actor, id, 'edit');
  const { lines, discount, custom: customIn, ...change } = input;
  const set: Partial<typeof o.$inferInsert> = {};
  for (const [key, v] of Object.entries(change)) (set as Record<string, unknown>)[key] = v === '' ? null : v;
  if (change.orderDate === '' || change.orderDate === null) delete set.orderDate;
  if (change.customerId && change.customerId !== before.customerId) {
    if (before.contractId || before.quoteId) throw fieldError('customerId', 'an order made from a contract or quote keeps its customer');
    if (!(await usableCustomer(tx, actor, actor.tenantId, change.customerId))) throw fieldError('customerId', 'no such customer');
  }
  const shipped = await hasShipments(tx, actor.tenantId, id);
  if (change.status === 'cancelled' && shipped) throw conflict('ORDER_SHIPPED', 'status: an order with shipments cannot be cancelled', { field: 'status' });
  if (lines || discount) {
    if (shipped) throw conflict('ORDER_SHIPPED', 'lines: the line items of an order with shipments cannot change', { field: 'lines' });
    if (discount) Object.assign(set, discountColumns(discount));
    const d = discount ?? { kind: before.discountKind, value: before.discountValue };
    if (lines) Object.assign(set, await priceOrderLines(tx, actor.tenantId, id, lines, d));
    else throw fieldError('lines', 'give the line items with the discount');
  }
  if (customIn !== undefined) {
    const defs = await loadCustomFieldDefs(tx, actor.tenantId, 'order');
    set.custom = mergeCustom(before.custom ?? {}, await checkCustomInput(tx, actor.tenantId, orderType, defs, customIn, 'update', id));
  }
  await tx.update(o).set({ ...set, updatedAt: new Date() }).where(eq(o.id, id));
  const after = await reloadOrder(tx, id);
  await recordAudit(tx, src, { action: 'update', recordType: 'order', recordId: id, before: snapshot(before as never), after: snapshot(after as never) });
}

export async function updateOrder(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateOrderInput): Promise<OrderDto> {
  const { lines: _l, discount: _d, ...fields } = input;
  assertWritableFields(actor, 'order', fields);
  await inTransaction(db, (tx) => applyOrderChange(tx, actor, src, id, input), actor.tenantId);
  return getOrder(db, actor, id);
}

export async function deleteOrder(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockWritableOrder(tx, actor, id, 'delete');
    if (await hasShipments(tx, actor.tenantId, id)) throw conflict('ORDER_SHIPPED', 'an order with shipments cannot be deleted: cancel nothing, complete it instead', { field: 'id' });
    await tx.update(o).set({ deletedAt: new Date(), deletedBy: actor.userId, updatedAt: new Date() }).where(eq(o.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'order', recordId: id, data: { title: before.title, number: before.number } });
  }, actor.tenantId);
}

interface LockedLine { id: string; product_name: string; quantity: string; delivered_quantity: string }

/** The delivery status the lines give: nothing shipped, some, or everything. */
export function deliveryStatusOf(lines: { quantity: number; delivered: number }[]): DeliveryStatus {
  if (!lines.length || lines.every((l) => l.delivered === 0)) return 'pending';
  return lines.every((l) => l.delivered >= l.quantity) ? 'delivered' : 'partial';
}

/**
 * POST /orders/:id/shipments: ships quantities of the order's lines. Over-shipping a line (more
 * than ordered minus delivered) is a 409 naming lines[i].quantity; the lines' delivered quantities
 * and the order's delivery status change in the same transaction, with the order row locked.
 */
export async function addShipment(db: Db, actor: Actor, src: AuditSource, orderId: string, input: ShipmentInput): Promise<OrderDto> {
  await inTransaction(db, async (tx) => {
    const order = await lockWritableOrder(tx, actor, orderId, 'edit');
    if (order.status !== 'confirmed') throw conflict('ORDER_NOT_SHIPPABLE', `a ${order.status} order cannot be shipped`, { field: 'status', status: order.status });
    const locked = await rows<LockedLine>(tx, sql`SELECT id::text AS id, product_name, quantity::text AS quantity, delivered_quantity::text AS delivered_quantity
      FROM line_items WHERE tenant_id = ${actor.tenantId} AND parent_type = 'order' AND parent_id = ${orderId} ORDER BY position FOR UPDATE`);
    const byId = new Map(locked.map((l) => [l.id, l]));
    const seen = new Set<string>();
    const shipping: { lineItemId: string; quantity: number }[] = [];
    input.lines.forEach((l, i) => {
      const line = byId.get(l.lineItemId.toLowerCase());
      if (!line) throw fieldError(`lines[${i}].lineItemId`, 'is not a line of this order');
      if (seen.has(line.id)) throw fieldError(`lines[${i}].lineItemId`, 'appears twice');
      seen.add(line.id);
      let q: number;
      try {
        q = parseQuantity(l.quantity, `lines[${i}].quantity`);
      } catch (err) {
        if (err instanceof MoneyInputError) throw fieldError(`lines[${i}].quantity`, err.message);
        throw err;
      }
      if (q <= 0) throw fieldError(`lines[${i}].quantity`, 'must be greater than 0');
      const open = parseQuantity(line.quantity) - parseQuantity(line.delivered_quantity);
      if (q > open) {
        const message = `${line.product_name}: at most ${formatQuantity(open)} left to ship (ordered ${formatQuantity(parseQuantity(line.quantity))}, delivered ${formatQuantity(parseQuantity(line.delivered_quantity))})`;
        throw new AppError(409, 'OVER_SHIPMENT', `lines[${i}].quantity: ${message}`, { field: `lines[${i}].quantity`, fields: [{ field: `lines[${i}].quantity`, message }], remaining: formatQuantity(open) });
      }
      shipping.push({ lineItemId: line.id, quantity: q });
    });
    const count = await one<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM shipments WHERE order_id = ${orderId}`);
    const number = `${order.number ?? 'FH'}-${String(Number(count?.n ?? 0) + 1).padStart(2, '0')}`;
    const shipment = await one<{ id: string }>(tx, sql`INSERT INTO shipments (tenant_id, order_id, number, shipped_on, carrier, tracking_number, remark, created_by)
      VALUES (${actor.tenantId}, ${orderId}, ${number}, ${input.shippedOn}::date, ${input.carrier || null}, ${input.trackingNumber || null}, ${input.remark || null}, ${actor.userId})
      RETURNING id::text AS id`);
    for (const s of shipping) {
      const q = formatQuantity(s.quantity);
      await tx.execute(sql`INSERT INTO shipment_lines (tenant_id, shipment_id, line_item_id, quantity) VALUES (${actor.tenantId}, ${shipment!.id}, ${s.lineItemId}, ${q}::numeric)`);
      await tx.execute(sql`UPDATE line_items SET delivered_quantity = delivered_quantity + ${q}::numeric WHERE id = ${s.lineItemId}`);
    }
    const after = locked.map((l) => {
      const add = shipping.find((s) => s.lineItemId === l.id)?.quantity ?? 0;
      return { quantity: parseQuantity(l.quantity), delivered: parseQuantity(l.delivered_quantity) + add };
    });
    const deliveryStatus = deliveryStatusOf(after);
    await tx.update(o).set({ deliveryStatus, updatedAt: new Date() }).where(eq(o.id, orderId));
    await recordAudit(tx, src, {
      action: 'update', recordType: 'order', recordId: orderId, before: { deliveryStatus: order.deliveryStatus }, after: { deliveryStatus },
      data: { shipment: { id: shipment!.id, number, shippedOn: input.shippedOn, lines: shipping.map((s) => ({ lineItemId: s.lineItemId, quantity: formatQuantity(s.quantity) })) } },
    });
  }, actor.tenantId);
  return getOrder(db, actor, orderId);
}
