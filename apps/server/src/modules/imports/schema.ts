/** Drizzle definitions of the import tables; migrations/0009_imports.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const IMPORT_RECORD_TYPES = ['lead', 'customer', 'contact'] as const;
export type ImportRecordType = (typeof IMPORT_RECORD_TYPES)[number];
export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/** 'reject' (the API's default) makes no sense for a file: a duplicate row is skipped, updates its match, or is created. */
export const IMPORT_POLICIES = ['skip', 'update', 'create'] as const;
export type ImportPolicy = (typeof IMPORT_POLICIES)[number];

/** A data row kept for the preview; a Date cell is stored as {"$date": iso} so it reads back as a Date. */
export interface SampleRow { rowNumber: number; cells: unknown[] }

export const imports = pgTable('imports', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  recordType: text('record_type').$type<ImportRecordType>().notNull(),
  status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
  fileName: text('file_name').notNull(),
  fileSize: bigint('file_size', { mode: 'number' }).notNull(),
  storageKey: text('storage_key').notNull(),
  rowsKey: text('rows_key'),
  sheetName: text('sheet_name').notNull(),
  headerRow: integer('header_row').notNull(),
  headers: jsonb('headers').$type<string[]>().notNull(),
  rowCount: integer('row_count').notNull(),
  sample: jsonb('sample').$type<SampleRow[]>().notNull().default([]),
  mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default({}),
  duplicatePolicy: text('duplicate_policy').$type<ImportPolicy>().notNull().default('skip'),
  progressDone: integer('progress_done').notNull().default(0),
  createdCount: integer('created_count').notNull().default(0),
  updatedCount: integer('updated_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  rejectedCount: integer('rejected_count').notNull().default(0),
  cancelRequested: boolean('cancel_requested').notNull().default(false),
  failure: text('failure'),
  watchTokenHash: text('watch_token_hash'),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
});
export type ImportRow = typeof imports.$inferSelect;

export const importRowErrors = pgTable('import_row_errors', {
  tenantId: uuid('tenant_id').notNull(),
  importId: uuid('import_id').notNull(),
  seq: integer('seq').notNull(),
  rowNumber: integer('row_number').notNull(),
  columnHeader: text('column_header'),
  message: text('message').notNull(),
}, (t) => [primaryKey({ columns: [t.importId, t.seq] })]);

export const importMappings = pgTable('import_mappings', {
  tenantId: uuid('tenant_id').notNull(),
  recordType: text('record_type').notNull(),
  headerKey: text('header_key').notNull(),
  fieldKey: text('field_key'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.tenantId, t.recordType, t.headerKey] })]);
