/** Drizzle definitions of the public-pool tables; migrations/0008_public_pool.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import type { PoolRecordType } from '@loopline/shared';
import { bigint, boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type { PoolRecordType } from '@loopline/shared';
export const POOL_RECORD_TYPES: PoolRecordType[] = ['lead', 'customer'];

export const pools = pgTable('pools', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  recordTypes: text('record_types').array().$type<PoolRecordType[]>().notNull(),
  position: integer('position').notNull().default(0),
  hideContacts: boolean('hide_contacts').notNull().default(false),
  dailyClaimLimit: integer('daily_claim_limit'),
  reclaimCooldownDays: integer('reclaim_cooldown_days'),
  recycleEnabled: boolean('recycle_enabled').notNull().default(true),
  warnDaysBefore: integer('warn_days_before').notNull().default(0),
  exemptClosedDeals: boolean('exempt_closed_deals').notNull().default(true),
  exemptOpenOpportunities: boolean('exempt_open_opportunities').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type PoolRow = typeof pools.$inferSelect;

export const poolMembers = pgTable('pool_members', {
  tenantId: uuid('tenant_id').notNull(),
  poolId: uuid('pool_id').notNull(),
  userId: uuid('user_id'),
  departmentId: uuid('department_id'),
});

export const poolAdmins = pgTable('pool_admins', {
  tenantId: uuid('tenant_id').notNull(),
  poolId: uuid('pool_id').notNull(),
  userId: uuid('user_id').notNull(),
});

export type RuleGrade = '*' | 'A' | 'B' | 'C';
export const poolRecycleRules = pgTable('pool_recycle_rules', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  poolId: uuid('pool_id').notNull(),
  recordType: text('record_type').$type<PoolRecordType>().notNull(),
  grade: text('grade').$type<RuleGrade>().notNull(),
  noFollowupDays: integer('no_followup_days'),
  noOpportunityDays: integer('no_opportunity_days'),
  notClosedDays: integer('not_closed_days'),
});

export const poolRecycleRuns = pgTable('pool_recycle_runs', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  trigger: text('trigger').$type<'schedule' | 'manual'>().notNull(),
  actorId: uuid('actor_id'),
  clock: ts('clock').notNull(),
  localDate: date('local_date', { mode: 'string' }).notNull(),
  returned: integer('returned').notNull().default(0),
  warned: integer('warned').notNull().default(0),
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

export const poolRecycleWarnings = pgTable('pool_recycle_warnings', {
  tenantId: uuid('tenant_id').notNull(),
  recordType: text('record_type').$type<PoolRecordType>().notNull(),
  recordId: uuid('record_id').notNull(),
  poolId: uuid('pool_id'),
  ownerId: uuid('owner_id').notNull(),
  reason: text('reason').notNull(),
  dueAt: ts('due_at').notNull(),
  returnAt: ts('return_at').notNull(),
  warnedAt: ts('warned_at').notNull(),
  runId: uuid('run_id'),
});

export type PoolEventKind = 'claim' | 'assign' | 'return';
export const poolEvents = pgTable('pool_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id').notNull(),
  poolId: uuid('pool_id'),
  recordType: text('record_type').$type<PoolRecordType>().notNull(),
  recordId: uuid('record_id').notNull(),
  kind: text('kind').$type<PoolEventKind>().notNull(),
  fromOwnerId: uuid('from_owner_id'),
  toOwnerId: uuid('to_owner_id'),
  actorId: uuid('actor_id'),
  reasonCode: text('reason_code'),
  reason: text('reason'),
  runId: uuid('run_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const ownershipCaps = pgTable('ownership_caps', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  subjectType: text('subject_type').$type<'everyone' | 'user' | 'department'>().notNull(),
  userId: uuid('user_id'),
  departmentId: uuid('department_id'),
  maxOwned: integer('max_owned'),
  maxLocked: integer('max_locked'),
  countClosed: boolean('count_closed').notNull().default(true),
});
