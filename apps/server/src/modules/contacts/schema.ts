/** Drizzle definition of `contacts`; migrations/0005_leads_contacts.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, date, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const DECISION_ROLES = ['decisionMaker', 'influencer', 'user', 'purchaser', 'finance'] as const;
export type DecisionRole = (typeof DECISION_ROLES)[number];

export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  customerId: uuid('customer_id'),
  name: text('name').notNull(),
  title: text('title'),
  department: text('department'),
  mobile: text('mobile'),
  phone: text('phone'),
  email: text('email'),
  wechat: text('wechat'),
  gender: text('gender').$type<'male' | 'female'>(),
  birthday: date('birthday', { mode: 'string' }),
  isKeyDecisionMaker: boolean('is_key_decision_maker').notNull().default(false),
  decisionRole: text('decision_role').$type<DecisionRole>(),
  isPrimary: boolean('is_primary').notNull().default(false),
  address: text('address'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  lastFollowupAt: ts('last_followup_at'),
  nextFollowupAt: ts('next_followup_at'),
  remark: text('remark'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  mobileNorm: text('mobile_norm'),
  emailNorm: text('email_norm'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});

export type ContactRow = typeof contacts.$inferSelect;
