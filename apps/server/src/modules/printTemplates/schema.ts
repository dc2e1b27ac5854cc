/** Drizzle definition of print_templates; migrations/0023_print_templates.sql is the source of truth. */
import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PrintRecordType } from '@loopline/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const printTemplates = pgTable('print_templates', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  tenantId: uuid('tenant_id').notNull(),
  recordType: text('record_type').$type<PrintRecordType>().notNull(),
  name: text('name').notNull(),
  body: text('body').notNull(),
  pageSize: text('page_size').$type<'A4' | 'A5' | 'LETTER'>().notNull().default('A4'),
  orientation: text('orientation').$type<'portrait' | 'landscape'>().notNull().default('portrait'),
  isDefault: boolean('is_default').notNull().default(false),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type PrintTemplateRow = typeof printTemplates.$inferSelect;
