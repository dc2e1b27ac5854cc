/** Drizzle definitions of `orders`, `shipments`, `shipment_lines`; migrations/0021_contracts_orders.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { date, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const ORDER_STATUSES = ['draft', 'confirmed', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const DELIVERY_STATUSES = ['pending', 'partial', 'delivered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  title: text('title').notNull(),
  customerId: uuid('customer_id').notNull(),
  contractId: uuid('contract_id'),
  quoteId: uuid('quote_id'),
  orderDate: date('order_date', { mode: 'string' }).notNull().default(sql`current_date`),
  discountKind: text('discount_kind').$type<'percent' | 'amount'>().notNull().default('amount'),
  discountValue: numeric('discount_value', { precision: 14, scale: 4 }).notNull().default('0'),
  grossAmount: money('gross_amount').notNull().default('0'),
  discountAmount: money('discount_amount').notNull().default('0'),
  taxAmount: money('tax_amount').notNull().default('0'),
  totalAmount: money('total_amount').notNull().default('0'),
  status: text('status').$type<OrderStatus>().notNull().default('confirmed'),
  deliveryStatus: text('delivery_status').$type<DeliveryStatus>().notNull().default('pending'),
  receiverName: text('receiver_name'),
  receiverPhone: text('receiver_phone'),
  shippingAddress: text('shipping_address'),
  remark: text('remark'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});
export type OrderRow = typeof orders.$inferSelect;

export const shipments = pgTable('shipments', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  orderId: uuid('order_id').notNull(),
  number: text('number').notNull(),
  shippedOn: date('shipped_on', { mode: 'string' }).notNull(),
  carrier: text('carrier'),
  trackingNumber: text('tracking_number'),
  remark: text('remark'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const shipmentLines = pgTable('shipment_lines', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  shipmentId: uuid('shipment_id').notNull(),
  lineItemId: uuid('line_item_id').notNull(),
  quantity: numeric('quantity', { precision: 14, scale: 4 }).notNull(),
});
