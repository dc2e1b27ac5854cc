/** Drizzle definitions of quotes and discount limits; migrations/0020_quotes.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { date, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const QUOTE_STATUSES = ['draft', 'inApproval', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QUOTE_APPROVAL_STATUSES = ['none', 'pending', 'approved', 'rejected', 'withdrawn'] as const;
export type QuoteApprovalStatus = (typeof QUOTE_APPROVAL_STATUSES)[number];

export const quotes = pgTable('quotes', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  title: text('title').notNull(),
  opportunityId: uuid('opportunity_id'),
  customerId: uuid('customer_id').notNull(),
  contactId: uuid('contact_id'),
  priceBookId: uuid('price_book_id'),
  quoteDate: date('quote_date', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }),
  status: text('status').$type<QuoteStatus>().notNull().default('draft'),
  approvalStatus: text('approval_status').$type<QuoteApprovalStatus>().notNull().default('none'),
  discountKind: text('discount_kind').$type<'percent' | 'amount'>().notNull().default('amount'),
  discountValue: numeric('discount_value', { precision: 14, scale: 4 }).notNull().default('0'),
  grossAmount: numeric('gross_amount', { precision: 14, scale: 2 }).notNull().default('0'),
  discountAmount: numeric('discount_amount', { precision: 14, scale: 2 }).notNull().default('0'),
  taxAmount: numeric('tax_amount', { precision: 14, scale: 2 }).notNull().default('0'),
  totalAmount: numeric('total_amount', { precision: 14, scale: 2 }).notNull().default('0'),
  maxDiscountPct: numeric('max_discount_pct', { precision: 7, scale: 4 }).notNull().default('0'),
  terms: text('terms'),
  remark: text('remark'),
  sentAt: ts('sent_at'),
  acceptedAt: ts('accepted_at'),
  rejectedAt: ts('rejected_at'),
  rejectedReason: text('rejected_reason'),
  contractId: uuid('contract_id'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});
export type QuoteRow = typeof quotes.$inferSelect;

export const discountLimits = pgTable('discount_limits', {
  tenantId: uuid('tenant_id').notNull(),
  roleId: uuid('role_id').notNull(),
  maxDiscountPct: numeric('max_discount_pct', { precision: 7, scale: 4 }).notNull(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.roleId] })]);
