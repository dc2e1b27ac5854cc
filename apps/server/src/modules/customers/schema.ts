/** Drizzle definition of `customers`; migrations/0002_customers.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  name: text('name').notNull(),
  kind: text('kind').$type<'company' | 'individual'>().notNull().default('company'),
  industry: text('industry'),
  scale: text('scale'),
  grade: text('grade').$type<'A' | 'B' | 'C'>(),
  lifecycleStage: text('lifecycle_stage'),
  dealStatus: text('deal_status').notNull().default('none'),
  source: text('source'),
  province: text('province'),
  city: text('city'),
  district: text('district'),
  address: text('address'),
  phone: text('phone'),
  email: text('email'),
  website: text('website'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  locked: boolean('locked').notNull().default(false),
  healthScore: integer('health_score'),
  lastFollowupAt: ts('last_followup_at'),
  nextFollowupAt: ts('next_followup_at'),
  previousOwnerId: uuid('previous_owner_id'),
  ownerSince: ts('owner_since'),
  poolId: uuid('pool_id'),
  poolEnteredAt: ts('pool_entered_at'),
  lastOpportunityAt: ts('last_opportunity_at'),
  latitude: numeric('latitude', { precision: 9, scale: 6 }),
  longitude: numeric('longitude', { precision: 9, scale: 6 }),
  nameNorm: text('name_norm'),
  phoneNorm: text('phone_norm'),
  emailNorm: text('email_norm'),
  remark: text('remark'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});

export type CustomerRow = typeof customers.$inferSelect;
