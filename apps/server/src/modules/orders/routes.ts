import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams } from '../customers/input.ts';
import { registerAttachable } from '../files/service.ts';
import { printRecordPdf } from '../printTemplates/print.ts';
import { sendPdf } from '../contracts/routes.ts';
import { orderType } from './fields.ts';
import { createOrderInput, shipmentInput, updateOrderInput } from './input.ts';
import { orders } from './schema.ts';
import { findVisibleOrder, getOrder, listOrders, listShipments, orderSource, present, resolveOrderListParams, type OrderSelected } from './service.ts';
import { addShipment, createOrder, deleteOrder, updateOrder } from './writes.ts';

const tags = ['orders'];

const exportOrders = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: orderType, source: orderSource, params: resolveOrderListParams,
    toRecord: (actor, row) => present(actor, row as OrderSelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, contractId: (rec) => rec.contractNumber ?? null, quoteId: (rec) => rec.quoteNumber ?? null },
    name: { zh: '订单', en: 'Orders' },
  });

/** Orders (订单) with shipments (发货, partial deliveries). */
export async function orderRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachable('order', orders);

  app.get('/orders', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listOrders(db, actor, req.query));
  });

  app.post('/orders/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listOrders(db, actor, req.body));
  });

  app.get('/orders/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'order', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, orderType))) };
  });

  app.get('/orders/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportOrders(req, reply));

  app.post('/orders', { schema: { tags, body: createOrderInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'order', 'create');
    const order = await tenantDb(req, (db) => createOrder(db, actor, auditSource(req), req.body));
    return reply.status(201).send(order);
  });

  app.get('/orders/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getOrder(db, actor, req.params.id));
  });

  app.patch('/orders/:id', { schema: { tags, params: idParams, body: updateOrderInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateOrder(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/orders/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteOrder(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.get('/orders/:id/shipments', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      if (!(await findVisibleOrder(db, actor, req.params.id))) throw notFound('order');
      return { items: await listShipments(db, actor.tenantId, req.params.id) };
    });
  });

  app.post('/orders/:id/shipments', { schema: { tags, params: idParams, body: shipmentInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const order = await tenantDb(req, (db) => addShipment(db, actor, auditSource(req), req.params.id, req.body));
    return reply.status(201).send(order);
  });

  app.get('/orders/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisibleOrder(db, actor, req.params.id);
      if (!rec) throw notFound('order');
      return { items: await visibleHistory(db, actor, 'order', req.params.id, rec.ownerId, req.query) };
    });
  });

  app.get('/orders/:id/pdf', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'order', 'view');
    const download = (req.query as { download?: string }).download === '1';
    const out = await tenantDb(req, (db) => printRecordPdf(db, actor, 'order', req.params.id));
    return sendPdf(reply, out, download);
  });
}
