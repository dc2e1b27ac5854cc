import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, tenantDb } from '../../platform/http/request.ts';
import { todoProviders, type TodoGroup } from './registry.ts';

const query = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();

/** GET /todo: the to-do centre, one group per provider that has something for this user. */
export async function todoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/todo', { schema: { tags: ['todo'], querystring: query } }, async (req) => {
    const actor = requireActor(req);
    const now = new Date();
    const groups: TodoGroup[] = [];
    await tenantDb(req, async (db) => {
      for (const p of todoProviders()) {
        const g = await p.collect(db, actor, { now, limit: req.query.limit });
        if (g && g.total > 0) groups.push(g);
      }
    });
    return { groups };
  });
}
