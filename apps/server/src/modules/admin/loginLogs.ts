import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { loginLogs } from '../../platform/db/schema.ts';
import { requireAdmin, tenantDb } from '../../platform/http/request.ts';

const logOut = z.object({ id: z.number(), identifier: z.string(), userId: z.string().nullable(), ip: z.string().nullable(), userAgent: z.string().nullable(), result: z.string(), createdAt: z.date() });

export async function loginLogRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const query = z.object({ page: z.coerce.number().int().min(1).max(100000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50), userId: z.string().uuid().optional(), result: z.string().max(30).optional() }).strict();
  app.get('/admin/login-logs', { schema: { tags: ['admin'], summary: 'Log-in attempts: time, IP, user agent, result', querystring: query, response: { 200: z.object({ items: z.array(logOut), total: z.number() }) } } }, async (req) => {
    const actor = requireAdmin(req);
    const { page, pageSize, userId, result } = req.query;
    const where = and(eq(loginLogs.tenantId, actor.tenantId), userId ? eq(loginLogs.userId, userId) : undefined, result ? eq(loginLogs.result, result) : undefined);
    return tenantDb(req, async (db) => {
      const items = await db.select({ id: loginLogs.id, identifier: loginLogs.identifier, userId: loginLogs.userId, ip: loginLogs.ip, userAgent: loginLogs.userAgent, result: loginLogs.result, createdAt: loginLogs.createdAt })
        .from(loginLogs).where(where).orderBy(desc(loginLogs.id)).limit(pageSize).offset((page - 1) * pageSize);
      const [t] = await db.select({ n: sql<number>`count(*)::int` }).from(loginLogs).where(where);
      return { items, total: t?.n ?? 0 };
    });
  });
}
