/** Drizzle definitions of the products tables; migrations/0017_products.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const productCategories = pgTable('product_categories', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  parentId: uuid('parent_id'),
  name: text('name').notNull(),
  sort: integer('sort').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type ProductCategoryRow = typeof productCategories.$inferSelect;

export const products = pgTable('products', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  categoryId: uuid('category_id'),
  unit: text('unit'),
  specification: text('specification'),
  listPrice: money('list_price').notNull().default('0'),
  taxRate: numeric('tax_rate', { precision: 7, scale: 4 }).notNull().default('13'),
  listed: boolean('listed').notNull().default(true),
  description: text('description'),
  imageIds: uuid('image_ids').array().notNull().default(sql`'{}'`),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});
export type ProductRow = typeof products.$inferSelect;

export const priceBooks = pgTable('price_books', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  active: boolean('active').notNull().default(true),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type PriceBookRow = typeof priceBooks.$inferSelect;

/** A tier as stored: decimal strings, ascending by minQuantity. */
export interface StoredTier { minQuantity: string; price: string }

export const priceBookEntries = pgTable('price_book_entries', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  priceBookId: uuid('price_book_id').notNull(),
  productId: uuid('product_id').notNull(),
  price: money('price').notNull(),
  tiers: jsonb('tiers').$type<StoredTier[]>().notNull().default([]),
});
export type PriceBookEntryRow = typeof priceBookEntries.$inferSelect;

export const lineItems = pgTable('line_items', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  parentType: text('parent_type').$type<'opportunity' | 'quote' | 'contract' | 'order'>().notNull(),
  parentId: uuid('parent_id').notNull(),
  position: integer('position').notNull(),
  productId: uuid('product_id'),
  productCode: text('product_code'),
  productName: text('product_name').notNull(),
  unit: text('unit'),
  specification: text('specification'),
  listPrice: money('list_price').notNull(),
  salePrice: money('sale_price').notNull(),
  quantity: numeric('quantity', { precision: 14, scale: 4 }).notNull(),
  discountKind: text('discount_kind').$type<'percent' | 'amount'>().notNull().default('percent'),
  discountValue: numeric('discount_value', { precision: 14, scale: 4 }).notNull().default('0'),
  taxRate: numeric('tax_rate', { precision: 7, scale: 4 }).notNull().default('0'),
  grossAmount: money('gross_amount').notNull(),
  discountAmount: money('discount_amount').notNull(),
  allocatedDiscount: money('allocated_discount').notNull().default('0'),
  totalAmount: money('total_amount').notNull(),
  taxAmount: money('tax_amount').notNull(),
  deliveredQuantity: numeric('delivered_quantity', { precision: 14, scale: 4 }).notNull().default('0'),
  remark: text('remark'),
});
export type LineItemRow = typeof lineItems.$inferSelect;
