import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { acceptInvitationInput, forgotPasswordInput, loginInput, mobileSchema, normalizeMobile, resetPasswordInput, signupInput } from '@loopline/shared';
import { sessions, tenants, users } from '../../platform/db/schema.ts';
import { describe } from '../../platform/permissions/effective.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { notFound } from '../../platform/http/errors.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { clearSessionCookies, setSessionCookies } from './cookies.ts';
import { listUserSessions } from './sessions.ts';
import * as auth from './service.ts';

const userOut = z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), mobile: z.string().nullable(), locale: z.string().nullable(), departmentId: z.string().nullable(), managerId: z.string().nullable(), status: z.string() });
const tenantOut = z.object({ id: z.string(), name: z.string(), slug: z.string(), timeZone: z.string(), currency: z.string(), locale: z.string(), fiscalYearStartMonth: z.number(), isDemo: z.boolean() });
const authOut = z.object({ user: userOut, tenant: tenantOut });
const tags = ['auth'];

const clientInfo = (req: FastifyRequest): auth.ClientInfo => ({ ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });

export async function authRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const pub = { public: true };

  app.post('/auth/signup', { config: pub, schema: { tags, summary: 'Sign up an organization and its first admin', body: signupInput, response: { 201: authOut } } }, async (req, reply) => {
    const { user, tenant, session } = await auth.signup(app.ctx, req.body, clientInfo(req));
    setSessionCookies(reply, app.ctx.config, session.token, session.csrf, session.expiresAt);
    return reply.status(201).send({ user: auth.publicUser(user), tenant: auth.publicTenant(tenant) });
  });

  app.post('/auth/login', { config: pub, schema: { tags, summary: 'Log in with email or mobile and password', body: loginInput, response: { 200: authOut } } }, async (req, reply) => {
    const { user, tenant, session } = await auth.login(app.ctx, req.body, clientInfo(req));
    setSessionCookies(reply, app.ctx.config, session.token, session.csrf, session.expiresAt);
    return { user: auth.publicUser(user), tenant: auth.publicTenant(tenant) };
  });

  app.post('/auth/logout', { config: pub, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
    if (req.actor?.sessionId) {
      const actor = req.actor;
      await tenantDb(req, async (db) => {
        await db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, actor.sessionId!), eq(sessions.tenantId, actor.tenantId)));
        await recordAudit(db, auditSource(req), { action: 'logout', recordType: 'user', recordId: actor.userId });
      });
    }
    clearSessionCookies(reply, app.ctx.config);
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { schema: { tags, summary: 'The signed-in user, organization and effective permissions' } }, async (req) => {
    const actor = requireActor(req);
    const [row] = await tenantDb(req, (db) =>
      db.select({ user: users, tenant: tenants }).from(users).innerJoin(tenants, eq(tenants.id, users.tenantId)).where(and(eq(users.id, actor.userId), eq(users.tenantId, actor.tenantId))),
    );
    if (!row) throw notFound('user');
    return { user: { ...auth.publicUser(row.user), roleIds: actor.roleIds, isAdmin: actor.perms.admin }, tenant: auth.publicTenant(row.tenant), permissions: describe(actor.perms), via: actor.kind };
  });

  app.patch('/auth/me', { schema: { tags, body: z.object({ name: z.string().trim().min(1).max(60).optional(), locale: z.enum(['zh-CN', 'en']).optional(), mobile: mobileSchema.nullable().optional() }).strict(), response: { 200: userOut } } }, async (req) => {
    const actor = requireActor(req);
    const body = req.body;
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [before] = await tx.select().from(users).where(and(eq(users.id, actor.userId), eq(users.tenantId, actor.tenantId)));
        const [after] = await tx
          .update(users)
          .set({ ...(body.name ? { name: body.name } : {}), ...(body.locale ? { locale: body.locale } : {}), ...(body.mobile !== undefined ? { mobile: body.mobile ? normalizeMobile(body.mobile) : null } : {}), updatedAt: sql`now()` })
          .where(and(eq(users.id, actor.userId), eq(users.tenantId, actor.tenantId)))
          .returning();
        await recordAudit(tx as never, auditSource(req), { action: 'update', recordType: 'user', recordId: actor.userId, before: auth.publicUser(before!), after: auth.publicUser(after!) });
        return auth.publicUser(after!);
      }),
    );
  });

  app.post('/auth/password/forgot', { config: pub, schema: { tags, summary: 'Email a password-reset link', body: forgotPasswordInput, response: { 202: z.object({ ok: z.boolean() }) } } }, async (req, reply) => {
    await auth.requestPasswordReset(app.ctx, req.body.identifier);
    return reply.status(202).send({ ok: true }); // same answer whether or not the account exists
  });

  app.post('/auth/password/reset', { config: pub, schema: { tags, body: resetPasswordInput, response: { 204: z.null() } } }, async (req, reply) => {
    await auth.resetPassword(app.ctx, req.body.token, req.body.password, clientInfo(req));
    return reply.status(204).send(null);
  });

  app.get('/auth/invitations/:token', { config: pub, schema: { tags, params: z.object({ token: z.string().min(20).max(200) }), response: { 200: z.object({ email: z.string().nullable(), name: z.string(), organizationName: z.string() }) } } }, async (req) => {
    const { user, tenant } = await auth.findAuthToken(app.ctx, req.params.token, 'invite');
    return { email: user.email, name: user.name, organizationName: tenant.name };
  });

  app.post('/auth/invitations/accept', { config: pub, schema: { tags, body: acceptInvitationInput, response: { 200: authOut } } }, async (req, reply) => {
    const { user, tenant, session } = await auth.acceptInvitation(app.ctx, req.body, clientInfo(req));
    setSessionCookies(reply, app.ctx.config, session.token, session.csrf, session.expiresAt);
    return { user: auth.publicUser(user), tenant: auth.publicTenant(tenant) };
  });

  const sessionOut = z.object({ id: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.date(), lastSeenAt: z.date(), expiresAt: z.date(), current: z.boolean() });
  app.get('/auth/sessions', { schema: { tags, summary: 'My active sessions', response: { 200: z.object({ items: z.array(sessionOut) }) } } }, async (req) => {
    const actor = requireActor(req);
    const rows = await tenantDb(req, (db) => listUserSessions(db, actor.tenantId, actor.userId));
    // The id shown is the stored hash, never the cookie value.
    return { items: rows.map((s) => ({ ...s, current: s.id === actor.sessionId })) };
  });

  app.delete('/auth/sessions/:id', { schema: { tags, summary: 'Revoke one of my sessions', params: z.object({ id: z.string().max(128) }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    const done = await tenantDb(req, (db) =>
      db.update(sessions).set({ revokedAt: sql`now()` }).where(and(eq(sessions.id, req.params.id), eq(sessions.tenantId, actor.tenantId), eq(sessions.userId, actor.userId))).returning({ id: sessions.id }),
    );
    if (!done.length) throw notFound('session');
    if (req.params.id === actor.sessionId) clearSessionCookies(reply, app.ctx.config);
    return reply.status(204).send(null);
  });
}
