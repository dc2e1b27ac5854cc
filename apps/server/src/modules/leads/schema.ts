/** Drizzle definitions of `leads` (migrations/0005_leads_contacts.sql) and the tables of 0011_leads.sql. */
import { sql } from 'drizzle-orm';
import { integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const LEAD_STATUSES = ['new', 'contacting', 'qualified', 'converted', 'invalid'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Statuses that still need work: load-balanced assignment counts these. */
export const OPEN_LEAD_STATUSES: LeadStatus[] = ['new', 'contacting', 'qualified'];

export const leads = pgTable('leads', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  name: text('name').notNull(),
  company: text('company'),
  title: text('title'),
  mobile: text('mobile'),
  phone: text('phone'),
  email: text('email'),
  wechat: text('wechat'),
  province: text('province'),
  city: text('city'),
  district: text('district'),
  address: text('address'),
  source: text('source'),
  sourceDetail: jsonb('source_detail').$type<Record<string, unknown>>().notNull().default({}),
  industry: text('industry'),
  productInterest: text('product_interest'),
  budget: numeric('budget', { precision: 14, scale: 2 }),
  grade: text('grade').$type<'A' | 'B' | 'C'>(),
  status: text('status').$type<LeadStatus>().notNull().default('new'),
  invalidReason: text('invalid_reason'),
  ownerId: uuid('owner_id'),
  previousOwnerId: uuid('previous_owner_id'),
  ownerSince: ts('owner_since'),
  assignedAt: ts('assigned_at'),
  assignmentRuleId: uuid('assignment_rule_id'),
  poolId: uuid('pool_id'),
  poolEnteredAt: ts('pool_entered_at'),
  firstContactedAt: ts('first_contacted_at'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  lastFollowupAt: ts('last_followup_at'),
  lastFollowupContent: text('last_followup_content'),
  nextFollowupAt: ts('next_followup_at'),
  convertedAt: ts('converted_at'),
  convertedCustomerId: uuid('converted_customer_id'),
  convertedContactId: uuid('converted_contact_id'),
  remark: text('remark'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  mobileNorm: text('mobile_norm'),
  emailNorm: text('email_norm'),
  companyNorm: text('company_norm'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});

export type LeadRow = typeof leads.$inferSelect;

/** lead field → customer/contact field; custom fields as "custom.<key>" */
export type FieldMapping = Record<string, string>;

export const leadConversionMappings = pgTable('lead_conversion_mappings', {
  tenantId: uuid('tenant_id').primaryKey(),
  customer: jsonb('customer').$type<FieldMapping>().notNull(),
  contact: jsonb('contact').$type<FieldMapping>().notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id').notNull(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope, t.key] })],
);
