import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, forbidden } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { can } from '../../platform/permissions/effective.ts';
import { mergeRecords } from './merge.ts';
import { mergePreview } from './mergePreview.ts';
import { DEDUPE_RECORD_TYPES, findDuplicates, presentDuplicates, SEARCH_SIMILARITY, type DedupeRecordType } from './service.ts';

const tags = ['dedupe'];
const recordType = z.enum(DEDUPE_RECORD_TYPES as [DedupeRecordType, ...DedupeRecordType[]]);
const value = (max: number) => z.string().trim().max(max).optional();

/** POST /dedupe/check: the 查重 page and "check as you type" in forms. */
export const checkInput = z
  .object({
    name: value(200),
    company: value(200),
    mobile: value(40),
    phone: value(40),
    email: value(254),
    recordTypes: z.array(recordType).min(1).max(3).optional(),
    /** the record being edited, so it does not match itself */
    excludeId: z.string().uuid().optional(),
  })
  .strict();

export const mergeParams = z.object({ recordType, survivorId: z.string().uuid(), mergedId: z.string().uuid() }).strict();
export const mergeInput = mergeParams.extend({ choices: z.record(z.string().max(80), z.enum(['survivor', 'merged'])).default({}) }).strict();

const CHECK_LIMIT = 50;

export async function dedupeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/dedupe/check', { schema: { tags, body: checkInput } }, async (req) => {
    const actor = requireActor(req);
    const { recordTypes = DEDUPE_RECORD_TYPES, excludeId, ...probe } = req.body;
    // Anyone who works with one of these record types may ask; the answer names the owner of a
    // record they cannot open (that is the point: "a colleague already has it") but nothing more.
    if (!recordTypes.some((t) => can(actor.perms, t, 'view'))) throw forbidden('no permission to view leads, customers or contacts');
    if (!Object.values(probe).some((v) => v)) {
      throw badRequest('VALIDATION_FAILED', 'enter a name, company, mobile, phone or email', { fields: [{ field: 'name', message: 'enter at least one value' }] });
    }
    const [matches] = await tenantDb(req, (db) =>
      findDuplicates(db, actor.tenantId, [probe], {
        recordTypes: [...recordTypes], excludeIds: excludeId ? [excludeId] : [], fuzzy: true, similarity: SEARCH_SIMILARITY, matchName: true, limit: CHECK_LIMIT, viewer: actor,
      }),
    );
    const order = (t: DedupeRecordType) => DEDUPE_RECORD_TYPES.indexOf(t);
    // grouped by record type (leads, customers, contacts), strongest first within each
    const items = presentDuplicates(actor, matches!).map((m, i) => ({ m, i })).sort((a, b) => order(a.m.recordType) - order(b.m.recordType) || a.i - b.i).map((x) => x.m);
    return { items };
  });

  app.get('/dedupe/merge-preview', { schema: { tags, querystring: mergeParams } }, async (req) => {
    const actor = requireActor(req);
    const { recordType: type, survivorId, mergedId } = req.query;
    return tenantDb(req, (db) => mergePreview(db, actor, type, survivorId, mergedId));
  });

  app.post('/dedupe/merge', { schema: { tags, body: mergeInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => mergeRecords(db, actor, auditSource(req), req.body));
  });
}
