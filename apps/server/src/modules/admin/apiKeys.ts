import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiKeys, roles } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { auditSource, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { fieldError, notFound } from '../../platform/http/errors.ts';

const keyOut = z.object({ id: z.string(), name: z.string(), prefix: z.string(), roleId: z.string(), createdBy: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), revokedAt: z.date().nullable() });
const tags = ['admin'];

/** API keys for integrations: shown once, stored hashed, scoped to a role, revocable. */
export async function apiKeyRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const cols = { id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, roleId: apiKeys.roleId, createdBy: apiKeys.createdBy, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt };

  app.get('/admin/api-keys', { schema: { tags, response: { 200: z.object({ items: z.array(keyOut) }) } } }, async (req) => {
    const actor = requireAdmin(req);
    const items = await tenantDb(req, (db) => db.select(cols).from(apiKeys).where(eq(apiKeys.tenantId, actor.tenantId)).orderBy(desc(apiKeys.createdAt)));
    return { items };
  });

  app.post('/admin/api-keys', { schema: { tags, summary: 'Create an API key; the secret is returned once', body: z.object({ name: z.string().trim().min(1).max(60), roleId: z.string().uuid() }).strict(), response: { 201: keyOut.extend({ key: z.string() }) } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const secret = `ll_${randomToken(30)}`;
    const created = await tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [role] = await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.id, req.body.roleId), eq(roles.tenantId, actor.tenantId)));
        if (!role) throw fieldError('roleId', 'role not found');
        const [k] = await tx.insert(apiKeys).values({ tenantId: actor.tenantId, name: req.body.name, prefix: secret.slice(0, 10), keyHash: sha256(secret), roleId: role.id, createdBy: actor.userId }).returning(cols);
        await recordAudit(tx as never, auditSource(req), { action: 'permissionChange', recordType: 'apiKey', recordId: k!.id, before: null, after: { name: k!.name, roleId: k!.roleId, prefix: k!.prefix } });
        return k!;
      }),
    );
    return reply.status(201).send({ ...created, key: secret });
  });

  app.post('/admin/api-keys/:id/revoke', { schema: { tags, params: z.object({ id: z.string().uuid() }), response: { 200: keyOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) =>
      db.transaction(async (tx) => {
        const [k] = await tx.update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` }).where(and(eq(apiKeys.id, req.params.id), eq(apiKeys.tenantId, actor.tenantId))).returning(cols);
        if (!k) throw notFound('API key');
        await recordAudit(tx as never, auditSource(req), { action: 'permissionChange', recordType: 'apiKey', recordId: k.id, data: { revoked: true } });
        return k;
      }),
    );
  });
}
