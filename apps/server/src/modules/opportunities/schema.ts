/** Drizzle definitions of pipelines, stages, opportunities; migrations/0018_opportunities.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost', 'invalid'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const FORECAST_CATEGORIES = ['pipeline', 'bestCase', 'commit', 'omitted'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export const pipelines = pgTable('pipelines', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  departmentIds: uuid('department_ids').array().notNull().default(sql`'{}'`),
  isDefault: boolean('is_default').notNull().default(false),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const pipelineStages = pgTable('pipeline_stages', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  name: text('name').notNull(),
  sort: integer('sort').notNull(),
  probability: integer('probability').notNull(),
  requiredFields: text('required_fields').array().notNull().default(sql`'{}'`),
  requiresApproval: boolean('requires_approval').notNull().default(false),
  archived: boolean('archived').notNull().default(false),
});

export const opportunities = pgTable('opportunities', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  number: text('number'),
  name: text('name').notNull(),
  customerId: uuid('customer_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  probability: integer('probability').notNull(),
  amount: numeric('amount', { precision: 14, scale: 2 }).notNull().default('0'),
  amountFromLines: boolean('amount_from_lines').notNull().default(false),
  expectedCloseDate: date('expected_close_date', { mode: 'string' }),
  competitor: text('competitor'),
  status: text('status').$type<OpportunityStatus>().notNull().default('open'),
  lossReason: text('loss_reason'),
  forecastCategory: text('forecast_category').$type<ForecastCategory>().notNull().default('pipeline'),
  source: text('source'),
  leadId: uuid('lead_id'),
  pendingStageId: uuid('pending_stage_id'),
  stageEnteredAt: ts('stage_entered_at').notNull().defaultNow(),
  closedAt: ts('closed_at'),
  ownerId: uuid('owner_id'),
  tags: text('tags').array().notNull().default(sql`'{}'`),
  lastFollowupAt: ts('last_followup_at'),
  nextFollowupAt: ts('next_followup_at'),
  remark: text('remark'),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
});

export const opportunityContacts = pgTable('opportunity_contacts', {
  tenantId: uuid('tenant_id').notNull(),
  opportunityId: uuid('opportunity_id').notNull(),
  contactId: uuid('contact_id').notNull(),
}, (t) => [primaryKey({ columns: [t.opportunityId, t.contactId] })]);

export const opportunityStageHistory = pgTable('opportunity_stage_history', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  opportunityId: uuid('opportunity_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  fromStageId: uuid('from_stage_id'),
  toStageId: uuid('to_stage_id'),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  changedBy: uuid('changed_by'),
  changedAt: ts('changed_at').notNull().defaultNow(),
  secondsInStage: bigint('seconds_in_stage', { mode: 'number' }),
});

export type OpportunityRow = typeof opportunities.$inferSelect;
export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;
