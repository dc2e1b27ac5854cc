import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notifications } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/http/errors.ts';
import { requireActor, tenantDb } from '../../platform/http/request.ts';
import { toNotificationItem, unreadCount } from '../../platform/notifications/notifier.ts';

const tags = ['notifications'];
/** Proxies commonly drop connections silent for 30–60 s; a comment line every 25 s keeps them open. */
export const PING_MS = 25_000;

const itemOut = z.object({
  id: z.string(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(), kind: z.string(),
  readAt: z.string().nullable(), createdAt: z.string(),
});
const listQuery = z.object({
  unread: z.enum(['0', '1', 'true', 'false']).optional().describe('1: only unread'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.union([z.string().uuid(), z.string().datetime({ offset: true })]).optional()
    .describe('page on: the id (exact) or createdAt of the last item already shown'),
}).strict();

const sseLine = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The signed-in user's notifications, and their live stream. */
export async function notificationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const streams = new Set<ServerResponse>();
  // Open streams never finish on their own; end them so closing the server does not wait forever.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get('/notifications', { schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: listQuery, response: { 200: z.object({ items: z.array(itemOut), unreadCount: z.number() }) } } }, async (req) => {
    const actor = requireActor(req);
    const { unread, limit, before } = req.query;
    const mine = and(eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId));
    const cursor = !before
      ? undefined
      : z.string().uuid().safeParse(before).success
        ? sql`(${notifications.createdAt}, ${notifications.id}) < (SELECT n.created_at, n.id FROM notifications n WHERE n.id = ${before} AND n.user_id = ${actor.userId})`
        : lt(notifications.createdAt, new Date(before));
    return tenantDb(req, async (db) => {
      const rows = await db.select().from(notifications)
        .where(and(mine, unread === '1' || unread === 'true' ? isNull(notifications.readAt) : undefined, cursor))
        .orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(limit);
      return { items: rows.map(toNotificationItem), unreadCount: await unreadCount(db, actor.tenantId, actor.userId) };
    });
  });

  app.post('/notifications/:id/read', { schema: { tags, summary: 'Mark one notification read', params: z.object({ id: z.string().uuid() }), response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    const done = await tenantDb(req, (db) =>
      db.update(notifications).set({ readAt: sql`coalesce(${notifications.readAt}, now())` }) // reading twice keeps the first time
        .where(and(eq(notifications.id, req.params.id), eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId)))
        .returning({ id: notifications.id }),
    );
    if (done.length === 0) throw notFound('notification');
    return reply.status(204).send(null);
  });

  app.post('/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', response: { 204: z.null() } } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) =>
      db.update(notifications).set({ readAt: sql`now()` })
        .where(and(eq(notifications.tenantId, actor.tenantId), eq(notifications.userId, actor.userId), isNull(notifications.readAt))),
    );
    return reply.status(204).send(null);
  });

  app.get('/notifications/stream', {
    exposeHeadRoute: false, // a HEAD would open a stream with no body that never ends
    schema: {
      tags,
      summary: 'Live stream (Server-Sent Events)',
      description: 'text/event-stream. Events: `notification` (an item as in GET /notifications) and `unread` ({count}, also sent on connect). A `: ping` comment every 25 s.',
      produces: ['text/event-stream'], // the zod type provider only takes zod schemas, so the media type goes here
      response: { 200: z.string().describe('event stream') },
    },
  }, async (req, reply) => {
    const actor = requireActor(req);
    // From here on Fastify no longer answers for this request: headers, body and errors are ours.
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx: do not buffer the stream
      'x-request-id': req.id,
    });
    const write = (chunk: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(chunk);
    };
    write('retry: 5000\n\n');
    streams.add(res);
    const unsubscribe = app.ctx.notifier.subscribe(actor.tenantId, actor.userId, (e) => write(sseLine(e.type, e.data)));
    const ping = setInterval(() => write(': ping\n\n'), PING_MS);
    res.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      streams.delete(res);
    });
    try {
      // The badge is right from the first moment, also after EventSource reconnects.
      const count = await tenantDb(req, (db) => unreadCount(db, actor.tenantId, actor.userId));
      write(sseLine('unread', { count }));
    } catch (err) {
      req.log.warn({ err }, 'unread count for a new stream failed');
    }
  });
}
