/** Drizzle definitions of the platform tables; the SQL in /migrations is the source of truth for DDL. */
import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { RolePermissions } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const tenantId = () => uuid('tenant_id').notNull();

export const tenants = pgTable('tenants', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  currency: text('currency').notNull().default('CNY'),
  locale: text('locale').notNull().default('zh-CN'),
  fiscalYearStartMonth: integer('fiscal_year_start_month').notNull().default(1),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  isDemo: boolean('is_demo').notNull().default(false),
  /** the organization logo (a PNG or JPEG in files), printed on quotes, contracts and receipts; migration 0023 */
  logoFileId: uuid('logo_file_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const departments = pgTable('departments', {
  id: id(),
  tenantId: tenantId(),
  name: text('name').notNull(),
  parentId: uuid('parent_id'),
  headId: uuid('head_id'),
  sort: integer('sort').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: id(),
  tenantId: tenantId(),
  name: text('name').notNull(),
  email: text('email'),
  mobile: text('mobile'),
  passwordHash: text('password_hash'),
  departmentId: uuid('department_id'),
  managerId: uuid('manager_id'),
  status: text('status').$type<'active' | 'inactive' | 'invited'>().notNull().default('active'),
  locale: text('locale'),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: ts('locked_until'),
  lastLoginAt: ts('last_login_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const roles = pgTable('roles', {
  id: id(),
  tenantId: tenantId(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  isSystem: boolean('is_system').notNull().default(false),
  permissions: jsonb('permissions').$type<RolePermissions>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  { tenantId: tenantId(), userId: uuid('user_id').notNull(), roleId: uuid('role_id').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] })],
);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  tenantId: tenantId(),
  userId: uuid('user_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
});

export const loginLogs = pgTable('login_logs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id'),
  userId: uuid('user_id'),
  identifier: text('identifier').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  result: text('result').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const authTokens = pgTable('auth_tokens', {
  id: text('id').primaryKey(),
  tenantId: tenantId(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').$type<'reset' | 'invite'>().notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const apiKeys = pgTable('api_keys', {
  id: id(),
  tenantId: tenantId(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  roleId: uuid('role_id').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

export const recordShares = pgTable('record_shares', {
  id: id(),
  tenantId: tenantId(),
  recordType: text('record_type').notNull(),
  recordId: uuid('record_id').notNull(),
  userId: uuid('user_id').notNull(),
  access: text('access').$type<'read' | 'write'>().notNull(),
  expiresAt: ts('expires_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const auditLogs = pgTable('audit_logs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: tenantId(),
  actorId: uuid('actor_id'),
  actorType: text('actor_type').notNull().default('user'),
  action: text('action').notNull(),
  recordType: text('record_type').notNull(),
  recordId: text('record_id'),
  changes: jsonb('changes').$type<Record<string, unknown> | null>(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  requestId: text('request_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const notifications = pgTable('notifications', {
  id: id(),
  tenantId: tenantId(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull().default('info'),
  title: text('title').notNull(),
  body: text('body'),
  link: text('link'),
  readAt: ts('read_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const outboxEmails = pgTable('outbox_emails', {
  id: id(),
  tenantId: uuid('tenant_id'),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body'),
  status: text('status').$type<'queued' | 'sent' | 'kept' | 'failed'>().notNull().default('queued'),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
});

export const files = pgTable('files', {
  id: id(),
  tenantId: tenantId(),
  name: text('name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  recordType: text('record_type'),
  recordId: uuid('record_id'),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const customFields = pgTable('custom_fields', {
  id: id(),
  tenantId: tenantId(),
  recordType: text('record_type').notNull(),
  key: text('key').notNull(),
  label: text('label').notNull(),
  labelEn: text('label_en'),
  type: text('type').notNull(),
  options: jsonb('options').$type<{ value: string; label: string }[]>().notNull().default([]),
  required: boolean('required').notNull().default(false),
  isUnique: boolean('is_unique').notNull().default(false),
  minValue: numeric('min_value', { mode: 'number' }),
  maxValue: numeric('max_value', { mode: 'number' }),
  pattern: text('pattern'),
  indexed: boolean('indexed').notNull().default(false),
  indexName: text('index_name'),
  sort: integer('sort').notNull().default(0),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const numberRules = pgTable('number_rules', {
  id: id(),
  tenantId: tenantId(),
  recordType: text('record_type').notNull(),
  prefix: text('prefix').notNull().default(''),
  dateFormat: text('date_format').notNull().default('YYYYMMDD'),
  sequenceLength: integer('sequence_length').notNull().default(4),
  reset: text('reset').$type<'daily' | 'monthly' | 'yearly' | 'never'>().notNull().default('daily'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const numberSequences = pgTable(
  'number_sequences',
  {
    tenantId: tenantId(),
    recordType: text('record_type').notNull(),
    period: text('period').notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.recordType, t.period] })],
);

export const savedViews = pgTable('saved_views', {
  id: id(),
  tenantId: tenantId(),
  recordType: text('record_type').notNull(),
  ownerId: uuid('owner_id').notNull(),
  name: text('name').notNull(),
  shared: boolean('shared').notNull().default(false),
  filter: jsonb('filter'),
  sort: jsonb('sort').$type<{ field: string; dir: 'asc' | 'desc' }[]>().notNull().default([]),
  columns: jsonb('columns').$type<string[]>().notNull().default([]),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
