import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { notFound } from '../../platform/http/errors.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { registerBulk } from './bulk.ts';
import { customerBulk } from './bulkSpec.ts';
import { exportCustomers } from './export.ts';
import { customerType } from './fields.ts';
import { createCustomerInput, customerOut, historyQuery, idParams, listOut, ownerInput, updateCustomerInput } from './input.ts';
import { backfillCustomerKeys } from './keysBackfill.ts';
import { registerCustomerExtras } from './routesExtra.ts';
import { registerCustomerSearch } from './search.ts';
import { findVisible, getCustomer, listCustomers } from './service.ts';
import { registerShareRoutes } from './shareRoutes.ts';
import { createCustomer, deleteCustomer, transferCustomer, updateCustomer } from './writes.ts';

const tags = ['customers'];

export async function customerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // a one-time data migration: 查重 keys for customers that predate them (quick no-op afterwards)
  fastify.addHook('onReady', async () => {
    const filled = await backfillCustomerKeys(fastify.ctx.db);
    if (filled > 0) fastify.log.info({ filled }, 'filled 查重 keys of existing customers');
  });
  registerCustomerSearch();
  registerBulk(app, '/customers', 'customers', customerBulk);
  registerShareRoutes(app, '/customers', 'customers', customerType, findVisible);
  registerCustomerExtras(app);

  app.get('/customers', { schema: { tags, querystring: listQuerystring, response: { 200: listOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listCustomers(db, actor, req.query));
  });

  // Same as GET with a JSON body, for filters too long for a URL.
  app.post('/customers/query', { schema: { tags, body: listBody, response: { 200: listOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listCustomers(db, actor, req.body));
  });

  app.get('/customers/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'customer', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, customerType))) };
  });

  app.get('/customers/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportCustomers(req, reply));

  app.post('/customers', { schema: { tags, body: createCustomerInput, response: { 201: customerOut } } }, async (req, reply) => {
    const actor = requirePermission(req, 'customer', 'create');
    const { customer, assignments } = await tenantDb(req, (db) => createCustomer(db, actor, auditSource(req), req.body));
    await announceOwnerships(req.server.ctx, actor.tenantId, assignments, { actorId: actor.userId });
    return reply.status(201).send(customer);
  });

  app.get('/customers/:id', { schema: { tags, params: idParams, response: { 200: customerOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getCustomer(db, actor, req.params.id));
  });

  app.patch('/customers/:id', { schema: { tags, params: idParams, body: updateCustomerInput, response: { 200: customerOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateCustomer(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/customers/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteCustomer(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.patch('/customers/:id/owner', { schema: { tags, params: idParams, body: ownerInput, response: { 200: customerOut } } }, async (req) => {
    const actor = requireActor(req);
    const { customer, assignments } = await tenantDb(req, (db) => transferCustomer(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
    await announceOwnerships(req.server.ctx, actor.tenantId, assignments, { actorId: actor.userId });
    return customer;
  });

  app.get('/customers/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisible(db, actor, req.params.id);
      if (!rec) throw notFound('customer');
      return { items: await visibleHistory(db, actor, 'customer', req.params.id, rec.ownerId, req.query) };
    });
  });
}
