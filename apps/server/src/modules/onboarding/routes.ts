import { invalidateListCounts } from '../../platform/records/listQuery.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { loadSampleData, onboardingState, setDismissed, STEP_KEYS } from './service.ts';

const tags = ['onboarding'];
const stateOut = z.object({
  steps: z.array(z.object({ key: z.enum(STEP_KEYS), done: z.boolean() })),
  counts: z.object({ activeUsers: z.number(), invitedUsers: z.number(), users: z.number(), departments: z.number(), customers: z.number() }),
  dismissed: z.boolean(),
  sampleDataLoaded: z.boolean(),
});

/** The home page's getting-started checklist and "load sample data". */
export async function onboardingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // Every member may read it: the counts are what the home page shows everyone.
  app.get('/onboarding', { schema: { tags, summary: 'Getting-started steps, ticked from real data', response: { 200: stateOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => onboardingState(db, actor.tenantId, actor.userId));
  });

  app.put('/onboarding/dismissed', {
    schema: { tags, summary: 'Hide (or show again) the checklist for me', body: z.object({ dismissed: z.boolean() }).strict(), response: { 200: stateOut } },
  }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      await setDismissed(db, actor.tenantId, actor.userId, req.body.dismissed);
      return onboardingState(db, actor.tenantId, actor.userId);
    });
  });

  app.post('/onboarding/sample-data', {
    schema: { tags, summary: 'Add sample customers to this organization (once; admins)', response: { 201: z.object({ customers: z.number() }) } },
  }, async (req, reply) => {
    const actor = requireAdmin(req);
    const src = { ...auditSource(req, actor), actorId: actor.userId };
    const result = await tenantDb(req, (db) => db.transaction((tx) => loadSampleData(tx as unknown as Db, src)));
    invalidateListCounts(actor.tenantId);
    return reply.status(201).send(result);
  });
}
