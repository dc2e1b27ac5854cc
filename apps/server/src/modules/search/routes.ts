import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../platform/permissions/effective.ts';
import { requireActor, tenantDb } from '../../platform/http/request.ts';
import { searchProviders } from './registry.ts';

const tags = ['search'];
const itemOut = z.object({ id: z.string(), title: z.string(), subtitle: z.string().nullable() });
const out = z.object({ groups: z.array(z.object({ recordType: z.string(), items: z.array(itemOut) })) });

/**
 * Global search across every registered record type the actor may view. Each provider applies
 * visibleRecords() and list masking itself; types the actor may not view are skipped silently
 * (search is not the place to learn about permissions). Empty groups are left out.
 */
export async function searchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/search',
    { schema: { tags, querystring: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(20).default(5) }).strict(), response: { 200: out } } },
    async (req) => {
      const actor = requireActor(req);
      const { q, limit } = req.query;
      const groups = await tenantDb(req, async (db) => {
        const result = [];
        for (const p of searchProviders()) {
          if (!can(actor.perms, p.recordType, 'view')) continue;
          const items = await p.search(db, actor, q, limit);
          if (items.length) result.push({ recordType: p.recordType, items });
        }
        return result;
      });
      return { groups };
    },
  );
}
