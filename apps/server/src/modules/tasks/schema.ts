/** Drizzle definitions of the task tables; migrations/0016_tasks.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TaskChecklistItem, TaskKind, TaskPriority, TaskStatus } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const tasks = pgTable('tasks', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  recordType: text('record_type'),
  recordId: uuid('record_id'),
  assigneeId: uuid('assignee_id').notNull(),
  createdBy: uuid('created_by'),
  dueAt: ts('due_at'),
  remindAt: ts('remind_at'),
  remindedAt: ts('reminded_at'),
  priority: text('priority').$type<TaskPriority>().notNull().default('normal'),
  status: text('status').$type<TaskStatus>().notNull().default('open'),
  kind: text('kind').$type<TaskKind>().notNull().default('todo'),
  checklist: jsonb('checklist').$type<TaskChecklistItem[]>().notNull().default([]),
  sourceStepId: uuid('source_step_id'),
  completedAt: ts('completed_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});
export type TaskRow = typeof tasks.$inferSelect;

export const calendarFeeds = pgTable('calendar_feeds', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
});

/** Statuses still to be worked on: they have buckets, reminders and calendar entries. */
export const OPEN_TASK_STATUSES: TaskStatus[] = ['open', 'inProgress'];
