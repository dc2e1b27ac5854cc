import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ACTIONS, DATA_SCOPES, RECORD_TYPES } from '@loopline/shared';
import { roles } from '../../platform/db/schema.ts';
import { rows } from '../../platform/db/query.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts';

const recordType = z.enum(RECORD_TYPES);
export const rolePermissionsSchema = z.object({
  objects: z.partialRecord(recordType, z.array(z.enum(ACTIONS))),
  dataScope: z.enum(DATA_SCOPES),
  fields: z.partialRecord(recordType, z.record(z.string().max(60), z.enum(['hidden', 'readonly', 'editable']))).optional(),
  masks: z.partialRecord(recordType, z.record(z.string().max(60), z.enum(['list', 'always']))).optional(),
  admin: z.boolean().optional(),
}).strict();

const roleOut = z.object({ id: z.string(), key: z.string(), name: z.string(), nameEn: z.string().nullable(), isSystem: z.boolean(), permissions: rolePermissionsSchema, userCount: z.number() });
const idParam = z.object({ id: z.string().uuid() });
const tags = ['organization'];

export async function roleRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/roles', { schema: { tags, summary: 'Roles with object × action permissions, data scope, field permissions and masking', response: { 200: z.object({ items: z.array(roleOut) }) } } }, async (req) => {
    const actor = requireActor(req);
    const items = await tenantDb(req, (db) =>
      rows<z.infer<typeof roleOut>>(db, sql`SELECT r.id, r.key, r.name, r.name_en AS "nameEn", r.is_system AS "isSystem", r.permissions,
          (SELECT count(*)::int FROM user_roles ur WHERE ur.role_id = r.id) AS "userCount"
        FROM roles r WHERE r.tenant_id = ${actor.tenantId} ORDER BY r.is_system DESC, r.created_at`),
    );
    return { items };
  });

  const roleIn = z.object({ key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{1,39}$/), name: z.string().trim().min(1).max(40), nameEn: z.string().trim().max(40).optional(), permissions: rolePermissionsSchema }).strict();

  app.post('/roles', { schema: { tags, body: roleIn, response: { 201: roleOut } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const role = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [r] = await tx.insert(roles).values({ tenantId: actor.tenantId, key: req.body.key, name: req.body.name, nameEn: req.body.nameEn ?? null, permissions: req.body.permissions }).returning();
        await recordAudit(tx as never, auditSource(req), { action: 'permissionChange', recordType: 'role', recordId: r!.id, before: null, after: r! });
        return r!;
      }),
    );
    return reply.status(201).send({ ...role, userCount: 0 });
  });

  app.patch('/roles/:id', { schema: { tags, params: idParam, body: roleIn.omit({ key: true }).partial().strict(), response: { 200: roleOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [before] = await tx.select().from(roles).where(and(eq(roles.id, req.params.id), eq(roles.tenantId, actor.tenantId)));
        if (!before) throw notFound('role');
        if (before.key === 'admin' && req.body.permissions && !req.body.permissions.admin) throw badRequest('ADMIN_ROLE', 'the administrator role keeps administrator rights');
        const [after] = await tx.update(roles).set({ ...req.body, updatedAt: sql`now()` }).where(and(eq(roles.id, before.id), eq(roles.tenantId, actor.tenantId))).returning();
        await recordAudit(tx as never, auditSource(req), { action: 'permissionChange', recordType: 'role', recordId: before.id, before, after: after! });
        const [c] = await rows<{ n: number }>(tx as never, sql`SELECT count(*)::int AS n FROM user_roles WHERE role_id = ${before.id}`);
        return { ...after!, userCount: c?.n ?? 0 };
      }),
    );
  });

  app.delete('/roles/:id', { schema: { tags, params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [before] = await tx.select().from(roles).where(and(eq(roles.id, req.params.id), eq(roles.tenantId, actor.tenantId)));
        if (!before) throw notFound('role');
        if (before.isSystem) throw badRequest('SYSTEM_ROLE', 'default roles can be edited but not deleted');
        const [c] = await rows<{ n: number }>(tx as never, sql`SELECT count(*)::int AS n FROM user_roles WHERE role_id = ${before.id}`);
        if ((c?.n ?? 0) > 0) throw conflict('ROLE_IN_USE', 'remove this role from its users first', { userCount: c!.n });
        await tx.delete(roles).where(and(eq(roles.id, before.id), eq(roles.tenantId, actor.tenantId)));
        await recordAudit(tx as never, auditSource(req), { action: 'permissionChange', recordType: 'role', recordId: before.id, before, after: null });
      }),
    );
    return reply.status(204).send(null);
  });
}
