/** Drizzle definitions of the assignment tables; migrations/0007_assignment.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FilterNode } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type TargetKind = 'user' | 'roundRobin' | 'loadBalanced';
export type Fallback = 'owner' | 'pool' | 'none';

export const assignmentRules = pgTable('assignment_rules', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  position: integer('position').notNull(),
  condition: jsonb('condition').$type<FilterNode | null>(),
  targetKind: text('target_kind').$type<TargetKind>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const assignmentRuleMembers = pgTable('assignment_rule_members', {
  tenantId: uuid('tenant_id').notNull(),
  ruleId: uuid('rule_id').notNull(),
  position: integer('position').notNull(),
  userId: uuid('user_id').notNull(),
  weight: integer('weight').notNull().default(1),
  cap: integer('cap'),
});

export const assignmentCursors = pgTable('assignment_cursors', {
  tenantId: uuid('tenant_id').notNull(),
  ruleId: uuid('rule_id').primaryKey(),
  nextIndex: integer('next_index').notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const assignmentSettings = pgTable('assignment_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  fallback: text('fallback').$type<Fallback>().notNull().default('none'),
  defaultOwnerId: uuid('default_owner_id'),
  poolId: uuid('pool_id'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const assignmentAvailability = pgTable('assignment_availability', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  onLeave: boolean('on_leave').notNull().default(false),
  /** 'YYYY-MM-DD', last day of leave, inclusive */
  until: date('until', { mode: 'string' }),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
