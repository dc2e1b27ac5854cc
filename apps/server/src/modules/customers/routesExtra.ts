import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { listQuerystring } from '../../platform/records/listParams.ts';
import { customerOut, deletedListOut, idParams, lockInput } from './input.ts';
import { listDeletedCustomers, restoreCustomer } from './recycle.ts';
import { customerContacts, customerSummary } from './summary.ts';
import { lockCustomer } from './writes.ts';

const tags = ['customers'];

/** Lock, recycle bin, and the customer 360 page's contacts and key facts. */
export function registerCustomerExtras(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/customers/:id/lock', { schema: { tags, params: idParams, body: lockInput, response: { 200: customerOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => lockCustomer(db, actor, auditSource(req), req.params.id, req.body.locked));
  });

  app.get('/customers/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }), response: { 200: deletedListOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedCustomers(db, actor, req.query));
  });

  app.post('/customers/:id/restore', { schema: { tags, params: idParams, response: { 200: customerOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreCustomer(db, actor, auditSource(req), req.params.id));
  });

  app.get('/customers/:id/contacts', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => customerContacts(db, actor, req.params.id)) };
  });

  app.get('/customers/:id/summary', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => customerSummary(db, actor, req.params.id));
  });
}
