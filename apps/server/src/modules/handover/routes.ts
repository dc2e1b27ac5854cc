import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { handover, handoverInput } from './service.ts';

const handoverOut = z.object({ moved: z.object({ lead: z.number(), customer: z.number(), contact: z.number() }) });

/** POST /handover: a user's open leads, customers and contacts to a colleague, at once. */
export async function handoverRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/handover', { schema: { tags: ['customers'], body: handoverInput, response: { 200: handoverOut } } }, async (req) => {
    const actor = requireActor(req);
    const result = await tenantDb(req, (db) => handover(db, actor, auditSource(req), req.body));
    const { lead, customer, contact } = result.moved;
    if (lead + customer + contact > 0) {
      // after commit: the receiver learns at once what they now own
      await req.server.ctx.notifier.notify({
        tenantId: actor.tenantId, userId: req.body.toUserId.toLowerCase(), kind: 'handover', link: '/customers',
        title: `${result.fromName} 的工作已交接给您：客户 ${customer} · 线索 ${lead} · 联系人 ${contact}`,
        body: req.body.reason,
      });
    }
    return { moved: result.moved };
  });
}
