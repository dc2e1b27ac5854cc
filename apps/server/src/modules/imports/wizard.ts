/**
 * The import wizard's server side: upload (file → import row with a suggested mapping and a
 * preview), mapping + duplicate policy (validated, remembered, previewed by a rolled-back trial
 * run of the first 100 rows), run (a background job) and cancel.
 */
import type { FastifyRequest } from 'fastify';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError, conflict, forbidden } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { can } from '../../platform/permissions/effective.ts';
import { importChunk, type RowResult } from './chunk.ts';
import { planColumns, previewText, type Mapping } from './convert.ts';
import { fieldsFor, importTarget } from './creators.ts';
import type { ImportField } from './fields.ts';
import { hashToken, liveImport, newWatchToken } from './live.ts';
import { initialMapping, loadRemembered, remember } from './mapping.ts';
import { IMPORT_JOB } from './live.ts';
import { imports, type ImportPolicy, type ImportRecordType, type ImportRow } from './schema.ts';
import { decodeSample, encodeSample, findImport, presentImport, type ImportOut } from './service.ts';
import { IMPORT_MAX_BYTES, parseStored, receiveFile, storeRows } from './upload.ts';

const UPLOAD_PREVIEW_ROWS = 20;
const VALIDATION_PREVIEW_ROWS = 100;

function requireImportRight(actor: Actor, recordType: ImportRecordType): void {
  if (!can(actor.perms, recordType, 'import')) throw forbidden(`no permission to import ${recordType}`, { object: recordType, action: 'import' });
}

export interface UploadOut extends ImportOut { fields: ImportField[]; preview: { rowNumber: number; cells: (string | null)[] }[] }

/** POST /imports: store and read the file, then create the import with its starting mapping. */
export async function uploadImport(req: FastifyRequest): Promise<UploadOut> {
  const actor = requireActor(req);
  const { files, config } = req.server.ctx;
  const maxBytes = Math.min(IMPORT_MAX_BYTES, config.MAX_UPLOAD_MB * 1024 * 1024);
  const file = await receiveFile(req, files, actor.tenantId, maxBytes);
  let rowsKey: string | null = null;
  try {
    const sheet = await parseStored(files, file.storageKey, file.fileName, maxBytes);
    rowsKey = await storeRows(files, actor.tenantId, sheet.rows);
    return await tenantDb(req, async (db) => {
      const fields = await fieldsFor(db, actor, file.recordType);
      const mapping = initialMapping(sheet.headers, fields, await loadRemembered(db, actor.tenantId, file.recordType));
      const [row] = await db.insert(imports).values({
        tenantId: actor.tenantId, recordType: file.recordType, fileName: file.fileName, fileSize: file.size, storageKey: file.storageKey, rowsKey,
        sheetName: sheet.sheetName, headerRow: sheet.headerRow, headers: sheet.headers, rowCount: sheet.rows.length,
        mapping, sample: encodeSample(sheet.rows.slice(0, VALIDATION_PREVIEW_ROWS)), createdBy: actor.userId,
      }).returning();
      const preview = sheet.rows.slice(0, UPLOAD_PREVIEW_ROWS).map((r) => ({ rowNumber: r.rowNumber, cells: r.cells.map(previewText) }));
      return { ...presentImport(row!, actor.userName), fields, preview };
    });
  } catch (err) {
    await files.remove(file.storageKey).catch(() => undefined);
    if (rowsKey) await files.remove(rowsKey).catch(() => undefined);
    throw err;
  }
}

export interface ValidationOut extends ImportOut {
  fields: ImportField[];
  preview: { rows: (RowResult & { cells: (string | null)[] })[]; summary: Record<RowResult['status'], number> };
}

class TrialRun extends Error {}

/** The first rows through the real creator in a transaction that is then rolled back. */
async function trialRun(db: Db, actor: Actor, req: FastifyRequest, row: ImportRow, plan: ReturnType<typeof planColumns>['plan']): Promise<RowResult[]> {
  const { create } = importTarget(row.recordType);
  const rows = decodeSample(row.sample);
  let results: RowResult[] = [];
  try {
    await inTransaction(db, async (tx) => {
      results = (await importChunk(tx, {
        plan, create,
        batch: { tenantId: actor.tenantId, actor, src: auditSource(req), channel: 'import', sourceDetail: { importId: row.id, fileName: row.fileName }, duplicatePolicy: row.duplicatePolicy, timeZone: actor.timeZone },
      }, rows)).results;
      throw new TrialRun();
    });
  } catch (err) {
    if (!(err instanceof TrialRun)) throw err;
  }
  return results;
}

/** PUT /imports/:id: validate and remember the mapping, then preview the first 100 rows. */
export async function updateImport(req: FastifyRequest, id: string, body: { mapping: Mapping; duplicatePolicy: ImportPolicy }): Promise<ValidationOut> {
  const actor = requireActor(req);
  return tenantDb(req, async (db) => {
    const found = await findImport(db, actor, id);
    requireImportRight(actor, found.recordType);
    if (!['uploaded', 'failed'].includes(found.status)) throw conflict('IMPORT_STARTED', `the import is ${found.status}; upload the file again to import it once more`, { status: found.status });
    const fields = await fieldsFor(db, actor, found.recordType);
    const mapping: Mapping = Object.fromEntries(found.headers.map((h) => [h, body.mapping[h] ?? null]));
    for (const h of Object.keys(body.mapping)) if (!found.headers.includes(h)) mapping[h] = body.mapping[h] ?? null; // reported below
    const { plan, problems } = planColumns(found.headers, mapping, fields);
    if (problems.length) throw new AppError(400, 'INVALID_MAPPING', problems.map((p) => p.message).join('; '), { fields: problems });
    const [row] = await db.update(imports).set({ mapping, duplicatePolicy: body.duplicatePolicy })
      .where(and(eq(imports.id, id), eq(imports.tenantId, actor.tenantId))).returning();
    await remember(db, actor.tenantId, found.recordType, mapping);
    const results = await trialRun(db, actor, req, row!, plan);
    const sample = decodeSample(row!.sample);
    const summary = { created: 0, updated: 0, skipped: 0, rejected: 0 };
    for (const r of results) summary[r.status] += 1;
    return {
      ...presentImport(row!, actor.userName), fields,
      preview: { rows: results.map((r, i) => ({ ...r, cells: sample[i]!.cells.map(previewText) })), summary },
    };
  });
}

/** POST /imports/:id/run: queue the job; the answer carries the token to watch it (see live.ts). */
export async function startImport(req: FastifyRequest, id: string): Promise<ImportOut & { watchToken: string }> {
  const actor = requireActor(req);
  const token = newWatchToken();
  const row = await tenantDb(req, async (db) => {
    const found = await findImport(db, actor, id);
    requireImportRight(actor, found.recordType);
    const { problems } = planColumns(found.headers, found.mapping, await fieldsFor(db, actor, found.recordType));
    if (problems.length) throw new AppError(400, 'INVALID_MAPPING', problems.map((p) => p.message).join('; '), { fields: problems });
    const [queued] = await db.update(imports)
      .set({ status: 'queued', watchTokenHash: hashToken(token), failure: null, cancelRequested: false, progressDone: 0 })
      .where(and(eq(imports.id, id), eq(imports.tenantId, actor.tenantId), inArray(imports.status, ['uploaded', 'failed'])))
      .returning();
    if (!queued) throw conflict('IMPORT_STARTED', `the import is already ${found.status}`, { status: found.status });
    return queued;
  });
  try {
    await req.server.ctx.jobs.send(IMPORT_JOB, { tenantId: actor.tenantId, importId: id, ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
  } catch (err) {
    await tenantDb(req, (db) => db.update(imports).set({ status: 'failed', failure: 'could not queue the import' }).where(eq(imports.id, id)));
    throw err;
  }
  return { ...presentImport(row, actor.userName), watchToken: token };
}

/**
 * Not started yet: cancelled at once. Running: flagged; the job stops at its next chunk and rolls
 * back everything it wrote. Finished imports cannot be cancelled.
 */
export async function cancelImport(db: Db, actor: Actor, id: string): Promise<ImportRow> {
  const found = await findImport(db, actor, id);
  return requestCancel(db, found);
}

export async function requestCancel(db: Db, found: ImportRow): Promise<ImportRow> {
  const [row] = await db.update(imports)
    .set({
      cancelRequested: true,
      status: sql`CASE WHEN ${imports.status} IN ('uploaded', 'queued', 'failed') THEN 'cancelled' ELSE ${imports.status} END`,
      finishedAt: sql`CASE WHEN ${imports.status} IN ('uploaded', 'queued', 'failed') THEN now() ELSE ${imports.finishedAt} END`,
    })
    .where(and(eq(imports.id, found.id), eq(imports.tenantId, found.tenantId), inArray(imports.status, ['uploaded', 'queued', 'running', 'failed'])))
    .returning();
  if (!row) throw conflict('IMPORT_FINISHED', `the import is already ${found.status}`, { status: found.status });
  const live = liveImport(found.id);
  if (live) live.abort = true;
  return row;
}
