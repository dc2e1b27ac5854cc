import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parseFilter, sortSpecSchema } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { savedViews } from '../../platform/db/schema.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { requireActor, tenantDb } from '../../platform/http/request.ts';
import { compileCatalogFilter, compileCatalogSort } from '../../platform/records/catalog.ts';
import { loadCatalog, validationFailed } from '../../platform/records/customFields.ts';
import { requireRecordType } from '../../platform/records/registry.ts';
import { usableViews, type SavedView } from '../../platform/records/views.ts';

const tags = ['views'];
const idParams = z.object({ id: z.string().uuid() });
const MAX_VIEWS_PER_USER = 100;

const viewFields = {
  name: z.string().trim().min(1).max(60),
  filter: z.unknown().nullable().optional(),
  sort: sortSpecSchema.optional(),
  columns: z.array(z.string().min(1).max(60)).max(100).optional(),
  shared: z.boolean().optional(),
};
const createInput = z.object({ recordType: z.string().min(1).max(40), ...viewFields }).strict();
const updateInput = z.object(viewFields).partial().strict();

function viewOut(v: SavedView, actor: Actor) {
  return {
    id: v.id, recordType: v.recordType, name: v.name, filter: v.filter ?? null, sort: v.sort, columns: v.columns, shared: v.shared,
    ownerId: v.ownerId, mine: v.ownerId === actor.userId, createdAt: v.createdAt.toISOString(), updatedAt: v.updatedAt.toISOString(),
  };
}

/**
 * A view is checked against the saver's catalog when saved, so a broken or hidden field is
 * reported now rather than on every list. (Someone else may later lack a field a shared view
 * uses; their list then answers 400 INVALID_FILTER naming it.)
 */
async function checkView(db: Db, actor: Actor, recordType: string, v: { filter?: unknown; sort?: z.infer<typeof sortSpecSchema>; columns?: string[] }) {
  const catalog = await loadCatalog(db, actor, requireRecordType(recordType));
  if (v.filter !== undefined && v.filter !== null) compileCatalogFilter(catalog, parseFilter(v.filter), actor);
  if (v.sort) compileCatalogSort(catalog, v.sort);
  const unknown = (v.columns ?? []).filter((k) => !catalog.fields.some((f) => f.key === k));
  if (unknown.length) throw validationFailed(unknown.map((k) => ({ field: 'columns', message: `unknown or hidden column ${k}` })));
}

/**
 * Policy: anyone may save private views; only admins may share a view with the whole tenant (so
 * the shared list stays curated). Owners edit and delete their views; admins may also edit or
 * delete shared ones, e.g. after the owner left.
 */
async function loadEditable(db: Db, actor: Actor, id: string): Promise<SavedView> {
  const [v] = await db.select().from(savedViews).where(and(eq(savedViews.id, id), usableViews(actor)));
  if (!v) throw notFound('view');
  if (v.ownerId !== actor.userId && !(actor.perms.admin && v.shared)) throw forbidden('only the owner may change this view');
  return v;
}

export async function viewRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/views', { schema: { tags, querystring: z.object({ recordType: z.string().min(1).max(40) }).strict() } }, async (req) => {
    const actor = requireActor(req);
    const rows = await tenantDb(req, (db) =>
      db.select().from(savedViews).where(and(eq(savedViews.recordType, req.query.recordType), usableViews(actor))).orderBy(asc(savedViews.shared), asc(savedViews.createdAt)),
    );
    return { items: rows.map((v) => viewOut(v, actor)) };
  });

  app.post('/views', { schema: { tags, body: createInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const b = req.body;
    if (b.shared && !actor.perms.admin) throw forbidden('only administrators may create shared views');
    const created = await tenantDb(req, async (db) => {
      await checkView(db, actor, b.recordType, b);
      const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(savedViews).where(and(eq(savedViews.tenantId, actor.tenantId), eq(savedViews.ownerId, actor.userId)))) as [{ n: number }];
      if (n >= MAX_VIEWS_PER_USER) throw validationFailed([{ field: 'name', message: `at most ${MAX_VIEWS_PER_USER} views per user` }]);
      const [v] = await db
        .insert(savedViews)
        .values({ tenantId: actor.tenantId, recordType: b.recordType, ownerId: actor.userId, name: b.name, filter: b.filter ?? null, sort: b.sort ?? [], columns: b.columns ?? [], shared: b.shared ?? false })
        .returning();
      return v!;
    });
    return reply.status(201).send(viewOut(created, actor));
  });

  app.patch('/views/:id', { schema: { tags, params: idParams, body: updateInput } }, async (req) => {
    const actor = requireActor(req);
    const b = req.body;
    if (b.shared && !actor.perms.admin) throw forbidden('only administrators may share views');
    return tenantDb(req, async (db) => {
      const v = await loadEditable(db, actor, req.params.id);
      await checkView(db, actor, v.recordType, b);
      const set: Partial<typeof savedViews.$inferInsert> = { updatedAt: new Date() };
      if (b.name !== undefined) set.name = b.name;
      if (b.filter !== undefined) set.filter = b.filter ?? null;
      if (b.sort !== undefined) set.sort = b.sort;
      if (b.columns !== undefined) set.columns = b.columns;
      if (b.shared !== undefined) set.shared = b.shared;
      const [updated] = await db.update(savedViews).set(set).where(eq(savedViews.id, v.id)).returning();
      return viewOut(updated!, actor);
    });
  });

  app.delete('/views/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, async (db) => {
      const v = await loadEditable(db, actor, req.params.id);
      await db.delete(savedViews).where(eq(savedViews.id, v.id));
    });
    return reply.status(204).send();
  });
}
