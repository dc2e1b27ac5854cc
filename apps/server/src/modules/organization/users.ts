import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { inviteUserInput } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { departments, roles, tenants, userRoles, users } from '../../platform/db/schema.ts';
import { rows } from '../../platform/db/query.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { badRequest, conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { issueAuthToken } from '../auth/service.ts';
import { wouldCycle } from './tree.ts';

const userOut = z.object({
  id: z.string(), name: z.string(), email: z.string().nullable(), mobile: z.string().nullable(), status: z.string(),
  departmentId: z.string().nullable(), managerId: z.string().nullable(), roleIds: z.array(z.string()), lastLoginAt: z.date().nullable(), createdAt: z.date(),
});
type UserOut = z.infer<typeof userOut>;
const idParam = z.object({ id: z.string().uuid() });
const tags = ['organization'];

async function loadUsers(db: Db, tenantId: string, where: ReturnType<typeof sql>, limit = 1000, offset = 0): Promise<UserOut[]> {
  const list = await rows<UserOut & { lastLoginAt: string | Date | null; createdAt: string | Date }>(db, sql`SELECT u.id, u.name, u.email, u.mobile, u.status, u.department_id AS "departmentId", u.manager_id AS "managerId",
      u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt",
      coalesce((SELECT array_agg(ur.role_id::text) FROM user_roles ur WHERE ur.user_id = u.id), '{}') AS "roleIds"
    FROM users u WHERE u.tenant_id = ${tenantId} AND ${where} ORDER BY u.created_at, u.name LIMIT ${limit} OFFSET ${offset}`);
  return list.map((u) => ({ ...u, roleIds: u.roleIds ?? [], lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt) : null, createdAt: new Date(u.createdAt) }));
}

async function loadOne(db: Db, tenantId: string, id: string) {
  const [u] = await loadUsers(db, tenantId, sql`u.id = ${id}`);
  if (!u) throw notFound('user');
  return u;
}

/** Department, manager and roles referenced by an admin's change must belong to the same organization. */
async function checkRefs(db: Db, tenantId: string, body: { departmentId?: string | null; managerId?: string | null; roleIds?: string[] }, userId?: string) {
  if (body.departmentId) {
    const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.id, body.departmentId), eq(departments.tenantId, tenantId)));
    if (!d) throw fieldError('departmentId', 'department not found');
  }
  if (body.managerId) {
    const all = await db.select({ id: users.id, parentId: users.managerId }).from(users).where(eq(users.tenantId, tenantId));
    if (!all.some((u) => u.id === body.managerId)) throw fieldError('managerId', 'manager not found');
    if (userId && wouldCycle(all, userId, body.managerId)) throw fieldError('managerId', 'a user cannot report to themselves or their own report');
  }
  if (body.roleIds?.length) {
    const found = await db.select({ id: roles.id }).from(roles).where(and(eq(roles.tenantId, tenantId), inArray(roles.id, body.roleIds)));
    if (found.length !== new Set(body.roleIds).size) throw fieldError('roleIds', 'unknown role');
  }
}

async function sendInvitation(req: FastifyRequest, user: { id: string; name: string; email: string | null }) {
  const actor = requireActor(req);
  const ctx = req.server.ctx;
  const token = await issueAuthToken(ctx, { tenantId: actor.tenantId, userId: user.id, kind: 'invite', createdBy: actor.userId });
  const [tenant] = await tenantDb(req, (db) => db.select().from(tenants).where(eq(tenants.id, actor.tenantId)));
  const link = `${ctx.config.publicUrl}/accept-invitation?token=${token}`;
  await ctx.mailer.send({
    tenantId: actor.tenantId,
    to: user.email!,
    subject: `${actor.userName} 邀请您加入「${tenant!.name}」 / You are invited to ${tenant!.name} on Loopline`,
    text: `${user.name}，您好：\n\n${actor.userName} 邀请您加入「${tenant!.name}」的 Loopline CRM。请在 7 天内打开以下链接设置密码：\n${link}\n\nHi ${user.name}, ${actor.userName} invited you to ${tenant!.name} on Loopline. Open this link within 7 days to set your password:\n${link}\n`,
  });
}

export async function userRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const listQuery = z.object({
    q: z.string().trim().max(100).optional(), departmentId: z.string().uuid().optional(), status: z.enum(['active', 'inactive', 'invited']).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50),
  }).strict();

  app.get('/users', { schema: { tags, summary: 'Users of the organization', querystring: listQuery, response: { 200: z.object({ items: z.array(userOut), total: z.number() }) } } }, async (req) => {
    const actor = requireActor(req);
    const { q, departmentId, status, page, pageSize } = req.query;
    const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const conds = [sql`true`];
    if (like) conds.push(sql`(u.name ILIKE ${like} OR u.email ILIKE ${like} OR u.mobile ILIKE ${like})`);
    if (departmentId) conds.push(sql`u.department_id = ${departmentId}`);
    if (status) conds.push(sql`u.status = ${status}`);
    const where = sql.join(conds, sql` AND `);
    return tenantDb(req, async (db) => {
      const items = await loadUsers(db, actor.tenantId, where, pageSize, (page - 1) * pageSize);
      const [t] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users u WHERE u.tenant_id = ${actor.tenantId} AND ${where}`);
      return { items, total: t?.n ?? 0 };
    });
  });

  app.get('/users/:id', { schema: { tags, params: idParam, response: { 200: userOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => loadOne(db, actor.tenantId, req.params.id));
  });

  app.post('/users/invitations', { schema: { tags, summary: 'Invite a user by email link', body: inviteUserInput, response: { 201: z.object({ user: userOut }) } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const body = req.body;
    const user = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        await checkRefs(tx as never, actor.tenantId, body);
        const [existing] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, actor.tenantId), eq(users.email, body.email)));
        if (existing) throw conflict('DUPLICATE', 'a user with this email already exists', { fields: [{ field: 'email', message: 'already a member' }] });
        const [root] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.tenantId, actor.tenantId), sql`${departments.parentId} IS NULL`)).limit(1);
        const [u] = await tx.insert(users).values({ tenantId: actor.tenantId, name: body.name ?? body.email.split('@')[0]!, email: body.email, status: 'invited', departmentId: body.departmentId ?? root?.id ?? null, managerId: body.managerId ?? null }).returning();
        const roleIds = body.roleIds?.length ? body.roleIds : (await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.tenantId, actor.tenantId), eq(roles.key, 'salesRep')))).map((r) => r.id);
        if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ tenantId: actor.tenantId, userId: u!.id, roleId })));
        await recordAudit(tx as never, auditSource(req), { action: 'invite', recordType: 'user', recordId: u!.id, before: null, after: { name: u!.name, email: u!.email, departmentId: u!.departmentId, managerId: u!.managerId, roleIds } });
        return u!;
      }),
    );
    await sendInvitation(req, user);
    const out = await tenantDb(req, (db) => loadOne(db, actor.tenantId, user.id));
    return reply.status(201).send({ user: out });
  });

  app.post('/users/:id/invitation/resend', { schema: { tags, params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const u = await tenantDb(req, (db) => loadOne(db, actor.tenantId, req.params.id));
    if (u.status !== 'invited') throw badRequest('NOT_INVITED', 'this user has already joined');
    await sendInvitation(req, u);
    return reply.status(204).send(null);
  });

  const patchIn = z.object({ name: z.string().trim().min(1).max(60).optional(), departmentId: z.string().uuid().optional(), managerId: z.string().uuid().nullable().optional(), roleIds: z.array(z.string().uuid()).max(20).optional() }).strict();
  app.patch('/users/:id', { schema: { tags, summary: 'Change name, department, manager or roles', params: idParam, body: patchIn, response: { 200: userOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const body = req.body;
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const before = await loadOne(tx as never, actor.tenantId, req.params.id);
        await checkRefs(tx as never, actor.tenantId, body, before.id);
        const { roleIds, ...fields } = body;
        if (Object.keys(fields).length) await tx.update(users).set({ ...fields, updatedAt: sql`now()` }).where(and(eq(users.id, before.id), eq(users.tenantId, actor.tenantId)));
        if (roleIds) {
          if (before.id === actor.userId && !(await keepsAdmin(tx as never, actor.tenantId, roleIds))) throw fieldError('roleIds', 'you cannot remove your own administrator role');
          await tx.delete(userRoles).where(and(eq(userRoles.userId, before.id), eq(userRoles.tenantId, actor.tenantId)));
          if (roleIds.length) await tx.insert(userRoles).values(roleIds.map((roleId) => ({ tenantId: actor.tenantId, userId: before.id, roleId })));
        }
        const after = await loadOne(tx as never, actor.tenantId, before.id);
        const action = roleIds && JSON.stringify([...before.roleIds].sort()) !== JSON.stringify([...roleIds].sort()) ? 'permissionChange' : 'update';
        await recordAudit(tx as never, auditSource(req), { action, recordType: 'user', recordId: before.id, before, after });
        return after;
      }),
    );
  });

  for (const [path, status] of [['deactivate', 'inactive'], ['reactivate', 'active']] as const) {
    app.post(`/users/:id/${path}`, { schema: { tags, summary: path === 'deactivate' ? 'Deactivate a user; their sessions end at once' : 'Reactivate a user', params: idParam, response: { 200: userOut } } }, async (req) => {
      const actor = requireAdmin(req);
      if (status === 'inactive' && req.params.id === actor.userId) throw badRequest('SELF_DEACTIVATION', 'you cannot deactivate yourself');
      return tenantDb(req, (db) =>
        db.transaction(async (tx) => {
          const before = await loadOne(tx as never, actor.tenantId, req.params.id);
          if (status === 'active' && before.status === 'invited') throw badRequest('NOT_JOINED', 'this user has not accepted the invitation yet');
          await tx.update(users).set({ status, updatedAt: sql`now()` }).where(and(eq(users.id, before.id), eq(users.tenantId, actor.tenantId)));
          if (status === 'inactive') await revokeUserSessions(tx as never, actor.tenantId, before.id);
          const after = await loadOne(tx as never, actor.tenantId, before.id);
          await recordAudit(tx as never, auditSource(req), { action: path, recordType: 'user', recordId: before.id, before, after });
          return after;
        }),
      );
    });
  }
}

async function keepsAdmin(db: Db, tenantId: string, roleIds: string[]): Promise<boolean> {
  if (!roleIds.length) return false;
  const found = await db.select({ key: roles.key, permissions: roles.permissions }).from(roles).where(and(eq(roles.tenantId, tenantId), inArray(roles.id, roleIds)));
  return found.some((r) => r.permissions.admin);
}
