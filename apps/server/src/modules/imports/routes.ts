import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../../platform/http/errors.ts';
import { requireActor, tenantDb } from '../../platform/http/request.ts';
import { contentDisposition } from '../files/routes.ts';
import { writeErrorWorkbook } from './errorFile.ts';
import { IMPORT_JOB, liveImport, tokenMatches } from './live.ts';
import { runImport, type ImportJob } from './run.ts';
import { IMPORT_POLICIES, imports } from './schema.ts';
import { errorsQuery, findImport, getImport, importOut, listImports, listQuery, listRowErrors, presentImport } from './service.ts';
import { importRows } from './upload.ts';
import { cancelImport, requestCancel, startImport, updateImport, uploadImport } from './wizard.ts';

const tags = ['imports'];
const idParams = z.object({ id: z.uuid() });
const field = z.object({ key: z.string(), label: z.string(), labelEn: z.string(), kind: z.string(), required: z.boolean(), aliases: z.array(z.string()).optional(), options: z.array(z.object({ value: z.string(), label: z.string(), labelEn: z.string().nullable().optional() })).optional() });
const cellIssue = z.object({ column: z.string().nullable(), message: z.string() });
const uploadOut = importOut.extend({ fields: z.array(field), preview: z.array(z.object({ rowNumber: z.number(), cells: z.array(z.string().nullable()) })) });
const validationOut = importOut.extend({
  fields: z.array(field),
  preview: z.object({
    rows: z.array(z.object({ rowNumber: z.number(), status: z.string(), errors: z.array(cellIssue), duplicates: z.number(), cells: z.array(z.string().nullable()) })),
    summary: z.object({ created: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number() }),
  }),
});
const updateBody = z.object({
  mapping: z.record(z.string(), z.string().nullable()),
  duplicatePolicy: z.enum(IMPORT_POLICIES).default('skip'),
}).strict();
const progressOut = z.object({ id: z.string(), status: z.string(), progress: z.object({ done: z.number(), total: z.number() }), counts: importOut.shape.counts, failure: z.string().nullable() });
const TOKEN_HEADER = 'x-import-token';

/** Spreadsheet imports of leads, customers and contacts (the wizard's steps, history, error files). */
export async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = fastify;
  await ctx.jobs.work<ImportJob>(IMPORT_JOB, (job) => runImport(ctx, job));

  app.post('/imports', {
    schema: {
      tags, summary: 'Upload a spreadsheet to import',
      description: 'multipart/form-data: `recordType` (lead | customer | contact; send it first) and `file` (.xlsx or .csv, ≤ 20 MB, ≤ 200,000 rows). Answers the headers, a suggested (or remembered) mapping, the importable fields and the first 20 rows. 413 FILE_TOO_LARGE / TOO_MANY_ROWS, 415 UNSUPPORTED_FILE_TYPE, 400 EMPTY_FILE, 422 MALFORMED_FILE / MIXED_ENCODING / NO_HEADER.',
      consumes: ['multipart/form-data'], response: { 201: uploadOut },
    },
  }, async (req, reply) => reply.status(201).send(await uploadImport(req)));

  app.get('/imports', { schema: { tags, summary: 'Past imports (yours; all for administrators)', querystring: listQuery, response: { 200: z.object({ items: z.array(importOut), total: z.number() }) } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listImports(db, actor, req.query));
  });

  app.get('/imports/:id', { schema: { tags, summary: 'An import: status, progress, counts', params: idParams, response: { 200: importOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getImport(db, actor, req.params.id));
  });

  app.put('/imports/:id', {
    schema: { tags, summary: 'Set the column mapping and duplicate policy; answers a validation preview of the first 100 rows', params: idParams, body: updateBody, response: { 200: validationOut } },
  }, async (req) => updateImport(req, req.params.id, req.body));

  app.post('/imports/:id/run', {
    schema: { tags, summary: 'Start the import (a background job)', description: 'Answers 202 with `watchToken`: send it as `x-import-token` to GET /imports/:id/progress.', params: idParams, response: { 202: importOut.extend({ watchToken: z.string() }) } },
  }, async (req, reply) => reply.status(202).send(await startImport(req, req.params.id)));

  app.post('/imports/:id/cancel', { schema: { tags, summary: 'Cancel; a running import rolls back everything it wrote', params: idParams, response: { 200: importOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => presentImport(await cancelImport(db, actor, req.params.id), actor.userName));
  });

  // The two routes a browser uses while the import runs. They never resolve a session (anonymous):
  // on PGlite the import transaction holds the only connection, so this answers from memory.
  app.get('/imports/:id/progress', {
    config: { public: true, anonymous: true },
    schema: { tags, summary: 'Progress of a started import, by its watch token', params: idParams, headers: z.object({ [TOKEN_HEADER]: z.string().min(1).max(100) }).passthrough(), response: { 200: progressOut } },
  }, async (req) => {
    const token = req.headers[TOKEN_HEADER] as string;
    const live = liveImport(req.params.id);
    if (live && tokenMatches(token, live.tokenHash)) {
      return { id: live.importId, status: 'running', progress: { done: live.done, total: live.total }, counts: { created: 0, updated: 0, skipped: 0, rejected: 0 }, failure: null };
    }
    const row = await ctx.db.asSystem(async (d) => (await d.select().from(imports).where(eq(imports.id, req.params.id)).limit(1))[0]);
    if (!row || !tokenMatches(token, row.watchTokenHash)) throw notFound('import');
    const { id, status, progress, counts, failure } = presentImport(row);
    return { id, status, progress, counts, failure };
  });

  app.post('/imports/:id/abort', {
    config: { public: true, anonymous: true },
    schema: { tags, summary: 'Cancel a started import by its watch token', params: idParams, headers: z.object({ [TOKEN_HEADER]: z.string().min(1).max(100) }).passthrough(), response: { 200: progressOut } },
  }, async (req) => {
    const token = req.headers[TOKEN_HEADER] as string;
    const live = liveImport(req.params.id);
    if (live && tokenMatches(token, live.tokenHash)) {
      live.abort = true; // the job stops before its next chunk; the flag in the row follows once it has rolled back
      return { id: live.importId, status: 'running', progress: { done: live.done, total: live.total }, counts: { created: 0, updated: 0, skipped: 0, rejected: 0 }, failure: null };
    }
    const row = await ctx.db.asSystem(async (d) => {
      const [found] = await d.select().from(imports).where(eq(imports.id, req.params.id)).limit(1);
      if (!found || !tokenMatches(token, found.watchTokenHash)) throw notFound('import');
      return requestCancel(d, found);
    });
    const { id, status, progress, counts, failure } = presentImport(row);
    return { id, status, progress, counts, failure };
  });

  app.get('/imports/:id/errors', { schema: { tags, summary: 'Rejected rows: file row number, column and reason', params: idParams, querystring: errorsQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      await findImport(db, actor, req.params.id);
      return listRowErrors(db, actor.tenantId, req.params.id, req.query);
    });
  });

  app.get('/imports/:id/errors.xlsx', { schema: { tags, summary: 'The rejected rows as a spreadsheet to fix and import again', params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    const { row, errors } = await tenantDb(req, async (db) => {
      const found = await findImport(db, actor, req.params.id);
      return { row: found, errors: (await listRowErrors(db, actor.tenantId, found.id, { limit: 1_000_000, offset: 0 })).items };
    });
    const rows = errors.length ? await importRows(ctx.files, row).catch(() => null) : [];
    const zh = actor.locale.startsWith('zh');
    const out = new PassThrough();
    void writeErrorWorkbook(out, { headers: row.headers, rows, errors, zh }).catch((err: unknown) => {
      req.log.error({ err }, 'import error file failed while streaming');
      out.destroy(err as Error);
    });
    const base = row.fileName.replace(/\.[^.]+$/, '');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', `${base}-${zh ? '错误' : 'errors'}.xlsx`))
      .header('cache-control', 'no-store')
      .send(out);
  });
}
