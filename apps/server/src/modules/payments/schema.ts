/** Drizzle definitions of payment plans and payment records; migrations/0022_payments_invoices.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PaymentMethod, PaymentPlanStatus, PaymentStatus } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const paymentPlans = pgTable('payment_plans', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  contractId: uuid('contract_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  instalment: integer('instalment').notNull(),
  amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  remindDaysBefore: integer('remind_days_before').notNull().default(3),
  status: text('status').$type<PaymentPlanStatus>().notNull().default('pending'),
  receivedAmount: numeric('received_amount', { precision: 14, scale: 2 }).notNull().default('0'),
  overdueNotifiedAt: ts('overdue_notified_at'),
  remindedAt: ts('reminded_at'),
  remark: text('remark'),
  ownerId: uuid('owner_id'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});

export const paymentRecords = pgTable('payment_records', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  contractId: uuid('contract_id').notNull(),
  planId: uuid('plan_id'),
  customerId: uuid('customer_id').notNull(),
  paidOn: date('paid_on', { mode: 'string' }).notNull(),
  amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
  method: text('method').$type<PaymentMethod>().notNull(),
  status: text('status').$type<PaymentStatus>().notNull().default('draft'),
  payerName: text('payer_name'),
  payerAccount: text('payer_account'),
  remark: text('remark'),
  confirmedAt: ts('confirmed_at'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});
