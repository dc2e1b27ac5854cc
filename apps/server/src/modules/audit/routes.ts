import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, gte, lt, lte } from 'drizzle-orm';
import { z } from 'zod';
import { auditLogs } from '../../platform/db/schema.ts';
import { requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { notFound } from '../../platform/http/errors.ts';

const entryOut = z.object({
  id: z.number(), actorId: z.string().nullable(), actorType: z.string(), action: z.string(), recordType: z.string(), recordId: z.string().nullable(),
  changes: z.unknown(), ip: z.string().nullable(), userAgent: z.string().nullable(), requestId: z.string().nullable(), createdAt: z.date(),
});
const tags = ['audit'];

/** The organization-wide audit trail, read-only: there is no route (and no database grant) that edits it. */
export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const query = z.object({
    recordType: z.string().max(40).optional(), recordId: z.string().max(64).optional(), actorId: z.string().uuid().optional(), action: z.string().max(40).optional(),
    from: z.coerce.date().optional(), to: z.coerce.date().optional(), before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }).strict();

  app.get('/audit', { schema: { tags, summary: 'Audit trail (admin): filter by user, record, action, date; newest first, page with `before`', querystring: query, response: { 200: z.object({ items: z.array(entryOut), nextBefore: z.number().nullable() }) } } }, async (req) => {
    const actor = requireAdmin(req);
    const q = req.query;
    const items = await tenantDb(req, (db) =>
      db.select().from(auditLogs).where(and(
        eq(auditLogs.tenantId, actor.tenantId),
        q.recordType ? eq(auditLogs.recordType, q.recordType) : undefined,
        q.recordId ? eq(auditLogs.recordId, q.recordId) : undefined,
        q.actorId ? eq(auditLogs.actorId, q.actorId) : undefined,
        q.action ? eq(auditLogs.action, q.action) : undefined,
        q.from ? gte(auditLogs.createdAt, q.from) : undefined,
        q.to ? lte(auditLogs.createdAt, q.to) : undefined,
        q.before ? lt(auditLogs.id, q.before) : undefined,
      )).orderBy(desc(auditLogs.id)).limit(q.limit),
    );
    return { items: items.map(({ tenantId: _t, ...e }) => e), nextBefore: items.length === q.limit ? items[items.length - 1]!.id : null };
  });

  // The filter selects offer what this organization's trail actually contains, not a fixed list.
  app.get('/audit/facets', { schema: { tags, summary: 'Record types and actions present in the audit trail (for filters)', response: { 200: z.object({ recordTypes: z.array(z.string()), actions: z.array(z.string()) }) } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, async (db) => {
      const types = await db.selectDistinct({ v: auditLogs.recordType }).from(auditLogs).where(eq(auditLogs.tenantId, actor.tenantId)).orderBy(auditLogs.recordType);
      const actions = await db.selectDistinct({ v: auditLogs.action }).from(auditLogs).where(eq(auditLogs.tenantId, actor.tenantId)).orderBy(auditLogs.action);
      return { recordTypes: types.map((r) => r.v), actions: actions.map((r) => r.v) };
    });
  });

  app.get('/audit/:id', { schema: { tags, params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: entryOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const [e] = await tenantDb(req, (db) => db.select().from(auditLogs).where(and(eq(auditLogs.id, req.params.id), eq(auditLogs.tenantId, actor.tenantId))));
    if (!e) throw notFound('audit entry');
    const { tenantId: _t, ...rest } = e;
    return rest;
  });
}
