/** Drizzle definition of `contracts`; migrations/0021_contracts_orders.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

export const CONTRACT_TYPES = ['direct', 'agency', 'service', 'fmcg'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const CONTRACT_STATUSES = ['draft', 'inReview', 'approved', 'rejected', 'withdrawn', 'void'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
/** Statuses in which a contract may be edited or deleted by its owner. */
export const EDITABLE_STATUSES: readonly ContractStatus[] = ['draft', 'rejected', 'withdrawn'];

export const contracts = pgTable('contracts', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  name: text('name').notNull(),
  customerId: uuid('customer_id').notNull(),
  opportunityId: uuid('opportunity_id'),
  quoteId: uuid('quote_id'),
  contractType: text('contract_type').$type<ContractType>().notNull().default('direct'),
  orderDate: date('order_date', { mode: 'string' }),
  startDate: date('start_date', { mode: 'string' }),
  endDate: date('end_date', { mode: 'string' }),
  amount: money('amount').notNull(),
  discountAmount: money('discount_amount').notNull().default('0'),
  paymentTerms: text('payment_terms'),
  customerSignerId: uuid('customer_signer_id'),
  customerSignerName: text('customer_signer_name'),
  companySignerId: uuid('company_signer_id'),
  signedDate: date('signed_date', { mode: 'string' }),
  status: text('status').$type<ContractStatus>().notNull().default('draft'),
  receivedAmount: money('received_amount').notNull().default('0'),
  invoicedAmount: money('invoiced_amount').notNull().default('0'),
  remindDaysBefore: integer('remind_days_before'),
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
export type ContractRow = typeof contracts.$inferSelect;

// Minimal views of other owners' tables (only the columns this module reads): quotes and
// opportunities, so visibility conditions can be built without importing their modules.
export const quoteRefs = pgTable('quotes', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  title: text('title').notNull(),
  opportunityId: uuid('opportunity_id'),
  customerId: uuid('customer_id').notNull(),
  status: text('status').notNull(),
  approvalStatus: text('approval_status').notNull(),
  discountAmount: money('discount_amount').notNull(),
  totalAmount: money('total_amount').notNull(),
  terms: text('terms'),
  contractId: uuid('contract_id'),
  ownerId: uuid('owner_id'),
  deletedAt: ts('deleted_at'),
});
export const opportunityRefs = pgTable('opportunities', {
  id: uuid('id').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  customerId: uuid('customer_id').notNull(),
  amount: money('amount').notNull(),
  status: text('status').notNull(),
  ownerId: uuid('owner_id'),
  deletedAt: ts('deleted_at'),
});
