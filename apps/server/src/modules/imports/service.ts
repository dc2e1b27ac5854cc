/** Reading imports: who may see one, the shape the API answers with, history and row errors. */
import { and, asc, count, desc, eq, getTableColumns, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { liveImport } from './live.ts';
import { importRowErrors, imports, IMPORT_RECORD_TYPES, type ImportRow, type SampleRow } from './schema.ts';

export const importOut = z.object({
  id: z.string(),
  recordType: z.enum(IMPORT_RECORD_TYPES),
  status: z.string(),
  fileName: z.string(),
  sheetName: z.string(),
  headerRow: z.number(),
  headers: z.array(z.string()),
  rowCount: z.number(),
  mapping: z.record(z.string(), z.string().nullable()),
  duplicatePolicy: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }),
  counts: z.object({ created: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number() }),
  failure: z.string().nullable(),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportOut = z.infer<typeof importOut>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The row as the API shows it; a run in this process reports its live progress. */
export function presentImport(row: ImportRow, createdByName: string | null = null): ImportOut {
  const live = row.status === 'running' ? liveImport(row.id) : undefined;
  const finished = row.status === 'completed';
  return {
    id: row.id, recordType: row.recordType, status: row.status, fileName: row.fileName, sheetName: row.sheetName,
    headerRow: row.headerRow, headers: row.headers, rowCount: row.rowCount, mapping: row.mapping, duplicatePolicy: row.duplicatePolicy,
    progress: { done: finished ? row.rowCount : (live?.done ?? row.progressDone), total: row.rowCount },
    counts: { created: row.createdCount, updated: row.updatedCount, skipped: row.skippedCount, rejected: row.rejectedCount },
    failure: row.failure, createdBy: row.createdBy, createdByName, createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt),
  };
}

/** An import is its creator's; administrators see all of them. Anything else is a 404. */
function visible(actor: Actor): SQL | undefined {
  return actor.perms.admin ? undefined : eq(imports.createdBy, actor.userId);
}

export async function findImport(db: Db, actor: Actor, id: string): Promise<ImportRow> {
  const [row] = await db.select().from(imports).where(and(eq(imports.id, id), eq(imports.tenantId, actor.tenantId), visible(actor))).limit(1);
  if (!row) throw notFound('import');
  return row;
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportOut> {
  const row = await findImport(db, actor, id);
  const [who] = await db.select({ name: users.name }).from(users).where(eq(users.id, row.createdBy)).limit(1);
  return presentImport(row, who?.name ?? null);
}

export const listQuery = z.object({
  recordType: z.enum(IMPORT_RECORD_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
}).strict();

/** Newest first; index imports_tenant_created (admins) or imports_tenant_creator. */
export async function listImports(db: Db, actor: Actor, q: z.infer<typeof listQuery>): Promise<{ items: ImportOut[]; total: number }> {
  const where = and(eq(imports.tenantId, actor.tenantId), visible(actor), q.recordType ? eq(imports.recordType, q.recordType) : undefined);
  const { sample: _sample, ...columns } = getTableColumns(imports); // the preview sample is not history
  const found = await db
    .select({ ...columns, createdByName: users.name })
    .from(imports)
    .leftJoin(users, eq(users.id, imports.createdBy))
    .where(where)
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(imports).where(where);
  return { items: found.map(({ createdByName, ...row }) => presentImport({ ...row, sample: [] }, createdByName)), total: Number(total?.n ?? 0) };
}

export const errorsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
}).strict();

export interface RowErrorOut { rowNumber: number; column: string | null; message: string }

export async function listRowErrors(db: Db, tenantId: string, importId: string, page: { limit: number; offset: number }): Promise<{ items: RowErrorOut[]; total: number }> {
  const where = and(eq(importRowErrors.tenantId, tenantId), eq(importRowErrors.importId, importId));
  const found = await db
    .select({ rowNumber: importRowErrors.rowNumber, column: importRowErrors.columnHeader, message: importRowErrors.message })
    .from(importRowErrors)
    .where(where)
    .orderBy(asc(importRowErrors.seq))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(importRowErrors).where(where);
  return { items: found, total: Number(total?.n ?? 0) };
}

/** Sample cells as JSON: a Date becomes {"$date": iso} and back, so the preview reads dates as dates. */
export function encodeSample(rows: { rowNumber: number; cells: unknown[] }[]): SampleRow[] {
  return rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map((c) => (c instanceof Date ? { $date: c.toISOString() } : c)) }));
}

export function decodeSample(rows: SampleRow[]): SampleRow[] {
  const isDate = (c: unknown): c is { $date: string } => typeof c === 'object' && c !== null && '$date' in c;
  return rows.map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map((c) => (isDate(c) ? new Date(c.$date) : c)) }));
}
