import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/transaction.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { conversionPreview, convertLead } from './convert.ts';
import { conversionOpportunityInput } from '../opportunities/conversion.ts';
import { idParams, leadOut } from './input.ts';
import { loadMapping, saveMapping } from './mappingStore.ts';

const tags = ['leads'];
const values = z.record(z.string(), z.unknown());
const convertBody = z
  .object({
    customer: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('new'), values: values.optional() }).strict(),
      z.object({ mode: z.literal('existing'), customerId: z.uuid() }).strict(),
    ]),
    contact: z.object({ create: z.boolean(), values: values.optional() }).strict().optional(),
    opportunity: conversionOpportunityInput.optional(),
  })
  .strict();
const fieldMap = z.record(z.string().max(60), z.string().max(60));
const mappingBody = z.object({ customer: fieldMap, contact: fieldMap }).strict();
const convertOut = z.object({ customerId: z.string(), contactId: z.string().nullable(), opportunityId: z.string().nullable(), lead: leadOut });

/** Converting a lead into a customer and contact, its preview, and the admin's field mapping. */
export function registerConversionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/leads/conversion-mapping', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => loadMapping(db, actor.tenantId));
  });

  app.put('/leads/conversion-mapping', { schema: { tags, body: mappingBody } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => inTransaction(db, (tx) => saveMapping(tx, actor, auditSource(req), req.body)));
  });

  app.get('/leads/:id/conversion-preview', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => conversionPreview(db, actor, req.params.id));
  });

  app.post('/leads/:id/convert', { schema: { tags, params: idParams, body: convertBody, response: { 200: convertOut } } }, async (req) => {
    const actor = requireActor(req);
    const { announce, ...result } = await tenantDb(req, (db) => convertLead(db, actor, auditSource(req), req.params.id, req.body));
    await announceOwnerships(app.ctx, actor.tenantId, announce, { actorId: actor.userId });
    return result;
  });
}
