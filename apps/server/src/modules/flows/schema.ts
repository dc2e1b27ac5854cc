/** Drizzle definitions of the flow engine tables; migrations/0014_flows.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { bigserial, bigint, boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FlowDefinition, FlowExecutionStatus, FlowStatus, FlowStepStatus } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const flows = pgTable('flows', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  kind: text('kind').$type<'automation' | 'approval'>().notNull().default('automation'),
  status: text('status').$type<FlowStatus>().notNull().default('draft'),
  draft: jsonb('draft').$type<FlowDefinition>().notNull(),
  draftUpdatedAt: ts('draft_updated_at').notNull().defaultNow(),
  publishedVersion: integer('published_version'),
  recordType: text('record_type'),
  triggerType: text('trigger_type'),
  listensOn: text('listens_on').array().notNull().default(sql`'{}'`),
  webhookKey: text('webhook_key'),
  templateKey: text('template_key'),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const flowVersions = pgTable('flow_versions', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  flowId: uuid('flow_id').notNull(),
  version: integer('version').notNull(),
  definition: jsonb('definition').$type<FlowDefinition>().notNull(),
  publishedBy: uuid('published_by'),
  publishedAt: ts('published_at').notNull().defaultNow(),
});

export const flowExecutions = pgTable('flow_executions', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  flowId: uuid('flow_id').notNull(),
  versionId: uuid('version_id').notNull(),
  version: integer('version').notNull(),
  recordType: text('record_type'),
  recordId: uuid('record_id'),
  status: text('status').$type<FlowExecutionStatus>().notNull(),
  triggerKey: text('trigger_key').notNull(),
  trigger: jsonb('trigger').$type<Record<string, unknown>>().notNull(),
  depth: integer('depth').notNull().default(0),
  startedBy: uuid('started_by'),
  error: text('error'),
  startedAt: ts('started_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

export const flowSteps = pgTable('flow_steps', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  executionId: uuid('execution_id').notNull(),
  flowId: uuid('flow_id').notNull(),
  nodeId: text('node_id').notNull(),
  nodeType: text('node_type').notNull(),
  status: text('status').$type<FlowStepStatus>().notNull(),
  fromStepId: uuid('from_step_id'),
  branch: text('branch'),
  input: jsonb('input'),
  output: jsonb('output'),
  decision: jsonb('decision'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  wakeAt: ts('wake_at'),
  signalKey: text('signal_key'),
  createdAt: ts('created_at').notNull().defaultNow(),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
});

export const flowEvents = pgTable('flow_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  auditId: bigint('audit_id', { mode: 'number' }),
  action: text('action').notNull(),
  recordType: text('record_type').notNull(),
  recordId: text('record_id').notNull(),
  changes: jsonb('changes').$type<{ fields?: Record<string, { before: unknown; after: unknown }> } & Record<string, unknown>>(),
  actorId: uuid('actor_id'),
  depth: integer('depth'),
  causedBy: uuid('caused_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const flowTriggerChecks = pgTable('flow_trigger_checks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
  flowId: uuid('flow_id').notNull(),
  recordType: text('record_type'),
  recordId: text('record_id'),
  eventAction: text('event_action').notNull(),
  started: boolean('started').notNull(),
  executionId: uuid('execution_id'),
  reason: text('reason').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const flowDeliveries = pgTable('flow_deliveries', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  stepId: uuid('step_id').notNull(),
  executionId: uuid('execution_id').notNull(),
  kind: text('kind').$type<'email' | 'webhook'>().notNull(),
  request: jsonb('request').$type<Record<string, unknown>>().notNull(),
  status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  responseStatus: integer('response_status'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
  effectIndex: integer('effect_index').notNull().default(0),
});

export const flowScheduleMarks = pgTable('flow_schedule_marks', {
  tenantId: uuid('tenant_id').notNull(),
  flowId: uuid('flow_id').primaryKey(),
  lastTickAt: ts('last_tick_at').notNull(),
});
