import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../../platform/db/schema.ts';
import { rows } from '../../platform/db/query.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { badRequest, conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import { wouldCycle } from './tree.ts';

const deptOut = z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), headId: z.string().nullable(), sort: z.number(), memberCount: z.number() });
const idParam = z.object({ id: z.string().uuid() });
const tags = ['organization'];

export async function departmentRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/departments', { schema: { tags, summary: 'Department tree (flat, with parentId)', response: { 200: z.object({ items: z.array(deptOut) }) } } }, async (req) => {
    const actor = requireActor(req);
    const items = await tenantDb(req, (db) =>
      rows<z.infer<typeof deptOut>>(db, sql`SELECT d.id, d.name, d.parent_id AS "parentId", d.head_id AS "headId", d.sort,
          (SELECT count(*)::int FROM users u WHERE u.tenant_id = d.tenant_id AND u.department_id = d.id AND u.status <> 'inactive') AS "memberCount"
        FROM departments d WHERE d.tenant_id = ${actor.tenantId} ORDER BY d.sort, d.name`),
    );
    return { items };
  });

  const deptIn = z.object({ name: z.string().trim().min(1).max(60), parentId: z.string().uuid().nullable().optional(), headId: z.string().uuid().nullable().optional(), sort: z.number().int().min(0).max(100000).optional() }).strict();

  app.post('/departments', { schema: { tags, body: deptIn, response: { 201: deptOut } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const created = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        if (req.body.parentId) await mustExist(tx as never, actor.tenantId, req.body.parentId, 'parentId');
        const [d] = await tx.insert(departments).values({ tenantId: actor.tenantId, name: req.body.name, parentId: req.body.parentId ?? null, headId: req.body.headId ?? null, sort: req.body.sort ?? 0 }).returning();
        await recordAudit(tx as never, auditSource(req), { action: 'create', recordType: 'department', recordId: d!.id, before: null, after: d! });
        return d!;
      }),
    );
    return reply.status(201).send({ ...created, memberCount: 0 });
  });

  app.patch('/departments/:id', { schema: { tags, summary: 'Rename or move a department (drag to move)', params: idParam, body: deptIn.partial().strict(), response: { 200: deptOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [before] = await tx.select().from(departments).where(and(eq(departments.id, req.params.id), eq(departments.tenantId, actor.tenantId)));
        if (!before) throw notFound('department');
        if (req.body.parentId !== undefined && req.body.parentId !== null) {
          await mustExist(tx as never, actor.tenantId, req.body.parentId, 'parentId');
          const all = await tx.select({ id: departments.id, parentId: departments.parentId }).from(departments).where(eq(departments.tenantId, actor.tenantId));
          if (wouldCycle(all, before.id, req.body.parentId)) throw fieldError('parentId', 'a department cannot move under itself or its own sub-department');
        }
        if (req.body.parentId === null && before.parentId !== null) {
          // only one root: the organization itself
          throw fieldError('parentId', 'only the organization is a root department');
        }
        const [after] = await tx.update(departments).set(req.body).where(and(eq(departments.id, before.id), eq(departments.tenantId, actor.tenantId))).returning();
        await recordAudit(tx as never, auditSource(req), { action: 'update', recordType: 'department', recordId: before.id, before, after: after! });
        const [count] = await rows<{ n: number }>(tx as never, sql`SELECT count(*)::int AS n FROM users WHERE tenant_id = ${actor.tenantId} AND department_id = ${before.id} AND status <> 'inactive'`);
        return { ...after!, memberCount: count?.n ?? 0 };
      }),
    );
  });

  app.delete('/departments/:id', { schema: { tags, params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [before] = await tx.select().from(departments).where(and(eq(departments.id, req.params.id), eq(departments.tenantId, actor.tenantId)));
        if (!before) throw notFound('department');
        if (!before.parentId) throw badRequest('ROOT_DEPARTMENT', 'the organization root cannot be deleted');
        const [use] = await rows<{ users: number; children: number }>(tx as never, sql`SELECT
            (SELECT count(*)::int FROM users WHERE tenant_id = ${actor.tenantId} AND department_id = ${before.id}) AS users,
            (SELECT count(*)::int FROM departments WHERE tenant_id = ${actor.tenantId} AND parent_id = ${before.id}) AS children`);
        if (use && (use.users > 0 || use.children > 0)) throw conflict('DEPARTMENT_NOT_EMPTY', 'move its members and sub-departments first', use);
        await tx.delete(departments).where(and(eq(departments.id, before.id), eq(departments.tenantId, actor.tenantId)));
        await recordAudit(tx as never, auditSource(req), { action: 'delete', recordType: 'department', recordId: before.id, before, after: null });
      }),
    );
    return reply.status(204).send(null);
  });
}

async function mustExist(db: import('../../platform/db/client.ts').Db, tenantId: string, id: string, field: string) {
  const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, id), eq(departments.tenantId, tenantId)));
  if (!d) throw fieldError(field, 'department not found');
}

