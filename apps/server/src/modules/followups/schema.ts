/** Drizzle definition of `followups`; migrations/0015_followups.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FollowupLocation } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const followups = pgTable('followups', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  customerId: uuid('customer_id'),
  type: text('type').notNull(),
  content: text('content').notNull(),
  outcome: text('outcome'),
  nextStep: text('next_step'),
  nextFollowupAt: ts('next_followup_at'),
  contactIds: uuid('contact_ids').array().notNull().default(sql`'{}'`),
  fileIds: uuid('file_ids').array().notNull().default(sql`'{}'`),
  location: jsonb('location').$type<FollowupLocation | null>(),
  ownerId: uuid('owner_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export type FollowupRow = typeof followups.$inferSelect;
