/**
 * The import job. All chunks, the row errors, the counts and status 'completed' are written in ONE
 * transaction: a cancel or a crash rolls everything back, so an import is either whole or absent.
 * Row errors never abort it — rejected rows are reported, good rows committed. Progress lives in
 * memory (live.ts) and, on PostgreSQL, also in the imports row, written through the system pool
 * while the import transaction runs. pg-boss runs a job at least once: a retry after a crash finds
 * status 'running' with nothing committed and starts over; a finished import is left alone.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import { toAppError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import type { BatchCreator, NewOwnership } from '../../platform/records/batch.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { importActor } from './actor.ts';
import { importChunk, type RowResult } from './chunk.ts';
import { planColumns } from './convert.ts';
import { fieldsFor, importTarget } from './creators.ts';
import { endLive, startLive, type LiveImport } from './live.ts';
import { importRowErrors, imports, type ImportRow } from './schema.ts';
import { importRows } from './upload.ts';

export { IMPORT_JOB } from './live.ts';
export const CHUNK_ROWS = 1000;

export interface ImportJob { tenantId: string; importId: string; ip?: string | null; userAgent?: string | null; requestId?: string | null }
export interface RunOptions {
  chunkRows?: number;
  /** tests: a creator standing in for the record type's, e.g. one that fails half-way */
  creator?: BatchCreator;
  /** tests and benchmarks: called after each chunk (inside the transaction) */
  afterChunk?: (done: number) => Promise<void> | void;
}

class Cancelled extends Error {}
class Refused extends Error {}
/** another runner holds this import (a job handed out twice): leave it to that one */
class Busy extends Error {}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function load(ctx: AppContext, tenantId: string, id: string): Promise<ImportRow | undefined> {
  return ctx.db.asSystem(async (d) => (await d.select().from(imports).where(and(eq(imports.id, id), eq(imports.tenantId, tenantId))).limit(1))[0]);
}

/** Status changes outside the import transaction (system pool on PostgreSQL). */
function setOutside(ctx: AppContext, id: string, set: Partial<typeof imports.$inferInsert>, from: ImportRow['status'][]) {
  return ctx.db.asSystem(async (d) => (await d.update(imports).set(set).where(and(eq(imports.id, id), inArray(imports.status, from))).returning())[0]);
}

export async function runImport(ctx: AppContext, job: ImportJob, opts: RunOptions = {}): Promise<void> {
  const found = await load(ctx, job.tenantId, job.importId);
  if (!found || !['queued', 'running'].includes(found.status)) return; // done, cancelled, or gone
  const row = await setOutside(ctx, found.id, { status: 'running', startedAt: new Date(), progressDone: 0 }, ['queued', 'running']);
  if (!row) return;
  const live = startLive(row.tenantId, row.id, row.rowCount, row.watchTokenHash);
  let assignments: NewOwnership[] = [];
  try {
    assignments = await importAll(ctx, row, job, live, opts);
  } catch (err) {
    if (err instanceof Busy) return;
    if (err instanceof Cancelled) {
      await setOutside(ctx, row.id, { status: 'cancelled', finishedAt: new Date(), progressDone: 0 }, ['running']);
      return;
    }
    const known = err instanceof Refused ? err : toAppError(err);
    if (!known) ctx.log.error({ err, importId: row.id }, 'import failed');
    const failure = known ? known.message : '导入时发生内部错误，未写入任何数据 / an internal error stopped the import; nothing was written';
    await setOutside(ctx, row.id, { status: 'failed', failure, finishedAt: new Date() }, ['running']);
    return;
  } finally {
    endLive(row.id, live);
  }
  // after commit: tell new owners once; a failed notification does not undo the import
  await announceOwnerships(ctx, row.tenantId, assignments).catch((err: unknown) => ctx.log.warn({ err, importId: row.id }, 'import owners not notified'));
}

async function importAll(ctx: AppContext, row: ImportRow, job: ImportJob, live: LiveImport, opts: RunOptions): Promise<NewOwnership[]> {
  const actor = await ctx.db.forTenant(row.tenantId, (db) => importActor(db, row.tenantId, row.createdBy));
  if (!actor) throw new Refused('导入人已停用 / the person who started the import is no longer active');
  if (!can(actor.perms, row.recordType, 'import')) throw new Refused(`导入人已无导入权限 / the person who started the import may no longer import ${row.recordType}`);
  const rows = await importRows(ctx.files, row); // as read at upload
  const fields = await ctx.db.forTenant(row.tenantId, (db) => fieldsFor(db, actor, row.recordType));
  const { plan, problems } = planColumns(row.headers, row.mapping, fields);
  if (problems.length) throw new Refused(problems.map((p) => p.message).join('; '));
  const create = opts.creator ?? importTarget(row.recordType).create;
  const src: AuditSource = { tenantId: row.tenantId, actorId: actor.userId, actorType: 'user', ip: job.ip ?? null, userAgent: job.userAgent ?? null, requestId: job.requestId ?? null };
  const batch = { tenantId: row.tenantId, actor, src, channel: 'import' as const, sourceDetail: { importId: row.id, fileName: row.fileName }, duplicatePolicy: row.duplicatePolicy, timeZone: actor.timeZone };
  const chunkRows = opts.chunkRows ?? CHUNK_ROWS;
  live.total = rows.length;

  return ctx.db.forTenant(row.tenantId, (db) => inTransaction(db, async (tx) => {
    // one runner per import even if pg-boss hands the job out twice
    const lock = await one<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(hashtext(${`import:${row.id}`})) AS ok`);
    if (!lock?.ok) throw new Busy();
    const counts = { created: 0, updated: 0, skipped: 0, rejected: 0 };
    const rejected: RowResult[] = [];
    const assignments: NewOwnership[] = [];
    const report = progressReporter(ctx, row.id, live);
    for (let start = 0; start < rows.length; start += chunkRows) {
      if (live.abort) throw new Cancelled();
      const chunk = await importChunk(tx, { plan, create, batch }, rows.slice(start, start + chunkRows));
      for (const r of chunk.results) {
        counts[r.status] += 1;
        if (r.status === 'rejected') rejected.push(r);
      }
      assignments.push(...chunk.assignments);
      live.done = Math.min(start + chunkRows, rows.length);
      await opts.afterChunk?.(live.done);
      report(live.done);
      await yieldToEventLoop();
    }
    await report.settled();
    if (live.abort || (await cancelRequested(tx, row.id))) throw new Cancelled();
    await saveRowErrors(tx, row, rejected);
    await tx.update(imports).set({
      status: 'completed', progressDone: rows.length, rowCount: rows.length, finishedAt: new Date(),
      createdCount: counts.created, updatedCount: counts.updated, skippedCount: counts.skipped, rejectedCount: counts.rejected,
    }).where(eq(imports.id, row.id));
    await recordAudit(tx, src, {
      action: 'import', recordType: row.recordType,
      data: { importId: row.id, fileName: row.fileName, rows: rows.length, duplicatePolicy: row.duplicatePolicy, ...counts },
    });
    return assignments;
  }, row.tenantId));
}

/** The last word before commit (READ COMMITTED: sees a cancel committed by any instance until now). */
async function cancelRequested(tx: Db, id: string): Promise<boolean> {
  const r = await one<{ cancel_requested: boolean }>(tx, sql`SELECT cancel_requested FROM imports WHERE id = ${id}`);
  return Boolean(r?.cancel_requested);
}

/**
 * PostgreSQL: progress goes to the imports row through the system pool without the import waiting
 * for it (one write per chunk, in order), and the same statement brings back a cancel requested
 * through any instance, which stops the import before its next chunk. PGlite has only the
 * connection the import holds: there progress stays in memory and a cancel comes as live.abort.
 */
function progressReporter(ctx: AppContext, id: string, live: LiveImport) {
  let chain: Promise<void> = Promise.resolve();
  const report = (done: number) => {
    if (ctx.db.kind !== 'postgres') return;
    chain = chain
      .then(() => ctx.db.asSystem((d) => one<{ cancel_requested: boolean }>(d, sql`UPDATE imports SET progress_done = ${done}
        WHERE id = ${id} AND status = 'running' RETURNING cancel_requested`)))
      .then((r) => { if (r?.cancel_requested) live.abort = true; })
      .catch((err: unknown) => ctx.log.warn({ err, importId: id }, 'import progress not saved'));
  };
  return Object.assign(report, { settled: () => chain });
}

async function saveRowErrors(tx: Db, row: ImportRow, rejected: RowResult[]): Promise<void> {
  const values = rejected.flatMap((r) => r.errors.map((e) => ({ rowNumber: r.rowNumber, columnHeader: e.column, message: e.message.slice(0, 1000) })))
    .map((e, seq) => ({ tenantId: row.tenantId, importId: row.id, seq, ...e }));
  for (let i = 0; i < values.length; i += 1000) await tx.insert(importRowErrors).values(values.slice(i, i + 1000));
}
