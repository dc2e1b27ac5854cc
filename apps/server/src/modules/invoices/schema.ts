/** Drizzle definitions of invoices and customers' billing profiles; migrations/0022_payments_invoices.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, date, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { InvoiceStatus, InvoiceTitleType, InvoiceType } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const invoices = pgTable('invoices', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  contractId: uuid('contract_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
  invoiceType: text('invoice_type').$type<InvoiceType>().notNull(),
  titleType: text('title_type').$type<InvoiceTitleType>().notNull(),
  title: text('title').notNull(),
  taxNumber: text('tax_number'),
  bankName: text('bank_name'),
  bankAccount: text('bank_account'),
  address: text('address'),
  phone: text('phone'),
  mailRecipient: text('mail_recipient'),
  mailPhone: text('mail_phone'),
  mailAddress: text('mail_address'),
  email: text('email'),
  status: text('status').$type<InvoiceStatus>().notNull().default('draft'),
  invoiceNo: text('invoice_no'),
  invoicedOn: date('invoiced_on', { mode: 'string' }),
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

export const billingProfiles = pgTable('customer_billing_profiles', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  titleType: text('title_type').$type<InvoiceTitleType>().notNull(),
  title: text('title').notNull(),
  taxNumber: text('tax_number'),
  bankName: text('bank_name'),
  bankAccount: text('bank_account'),
  address: text('address'),
  phone: text('phone'),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
