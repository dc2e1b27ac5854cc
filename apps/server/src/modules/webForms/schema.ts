/** Drizzle definitions of `web_forms` and `web_form_submissions`; migrations/0010_web_forms.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One field of a form as the admin configured it; the order of the array is the display order. */
export interface FormFieldConfig {
  /** a lead field (name, mobile, …) or custom.<key> */
  key: string;
  /** shown instead of the field's own label */
  label: string | null;
  required: boolean;
  help: string | null;
}

export type FormLanguage = 'zh-CN' | 'en';
export type FormDuplicatePolicy = 'create' | 'skip';

export const webForms = pgTable('web_forms', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  publicKey: text('public_key').notNull(),
  tokenSecret: text('token_secret').notNull(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  language: text('language').$type<FormLanguage>().notNull().default('zh-CN'),
  title: text('title').notNull(),
  description: text('description'),
  fields: jsonb('fields').$type<FormFieldConfig[]>().notNull().default([]),
  submitLabel: text('submit_label'),
  afterSubmit: text('after_submit').$type<'message' | 'redirect'>().notNull().default('message'),
  thankYouMessage: text('thank_you_message'),
  redirectUrl: text('redirect_url'),
  enabled: boolean('enabled').notNull().default(false),
  leadSource: text('lead_source').notNull().default('webForm'),
  leadTags: text('lead_tags').array().notNull().default(sql`'{}'`),
  duplicatePolicy: text('duplicate_policy').$type<FormDuplicatePolicy>().notNull().default('create'),
  submissionCount: integer('submission_count').notNull().default(0),
  lastSubmissionAt: ts('last_submission_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export type WebFormRow = typeof webForms.$inferSelect;

export type SubmissionOutcome = 'created' | 'duplicate' | 'rejected' | 'spam';

export const webFormSubmissions = pgTable('web_form_submissions', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  formId: uuid('form_id').notNull(),
  ip: text('ip').notNull(),
  outcome: text('outcome').$type<SubmissionOutcome>().notNull(),
  leadId: uuid('lead_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});
