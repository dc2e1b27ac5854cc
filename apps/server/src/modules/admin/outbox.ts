import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outboxEmails } from '../../platform/db/schema.ts';
import { requireAdmin, tenantDb } from '../../platform/http/request.ts';

const mailOut = z.object({
  id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'kept', 'failed']), error: z.string().nullable(), createdAt: z.string(), sentAt: z.string().nullable(),
});
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * The organization's outgoing mail, newest first. Without SMTP this is where invitations and reset
 * links can be read. Mail with no tenant (e.g. for addresses no organization knows) is never listed.
 */
export async function outboxRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const query = z.object({
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    status: z.enum(['queued', 'sent', 'kept', 'failed']).optional(),
  }).strict();

  app.get('/admin/outbox', { schema: { tags: ['admin'], summary: 'Mail outbox (admin): every message sent or kept, newest first', querystring: query, response: { 200: z.object({ items: z.array(mailOut), total: z.number() }) } } }, async (req) => {
    const actor = requireAdmin(req);
    const { page, pageSize, status } = req.query;
    // Explicit tenant filter: on PGlite there is no row-level security behind it.
    const where = and(eq(outboxEmails.tenantId, actor.tenantId), status ? eq(outboxEmails.status, status) : undefined);
    return tenantDb(req, async (db) => {
      const rows = await db.select().from(outboxEmails).where(where)
        .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id)).limit(pageSize).offset((page - 1) * pageSize);
      const [t] = await db.select({ n: sql<number>`count(*)::int` }).from(outboxEmails).where(where);
      return {
        items: rows.map((m) => ({
          id: m.id, to: m.toAddress, subject: m.subject, text: m.textBody, html: m.htmlBody, status: m.status,
          error: m.error, createdAt: iso(m.createdAt)!, sentAt: iso(m.sentAt),
        })),
        total: Number(t?.n ?? 0),
      };
    });
  });
}
