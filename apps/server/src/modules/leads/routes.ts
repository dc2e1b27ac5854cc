import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/transaction.ts';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { assertCanShare, listShares, removeShare, shareInput, upsertShare } from '../../platform/records/shares.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { registerAttachable } from '../files/service.ts';
import { registerLeadBatchRoutes } from './batchRoutes.ts';
import { registerLeadBulk } from './bulk.ts';
import { registerConversionRoutes } from './convertRoutes.ts';
import { exportLeads } from './export.ts';
import { leadType } from './fields.ts';
import { historyQuery, idParams, leadOut, leadUpdateSchema, listOut, ownerBody, shareParams, statusBody } from './input.ts';
import { deleteLead, restoreLead, setLeadStatus, transferLead } from './lifecycle.ts';
import { registerLeadSearch } from './search.ts';
import { findVisible, getLead, listLeads } from './service.ts';
import { leads } from './schema.ts';
import { registerLeadTodo } from './todo.ts';
import { updateLead } from './writes.ts';

const tags = ['leads'];

/** Leads (线索): list, detail, edit, owner and status changes, recycle bin, history and shares. */
export async function leadRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachable('lead', leads);
  registerLeadSearch();
  registerLeadTodo();
  registerLeadBatchRoutes(app);
  registerLeadBulk(app);
  registerConversionRoutes(app);

  app.get('/leads', { schema: { tags, querystring: listQuerystring, response: { 200: listOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listLeads(db, actor, req.query));
  });

  // Same as GET with a JSON body, for filters too long for a URL.
  app.post('/leads/query', { schema: { tags, body: listBody, response: { 200: listOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listLeads(db, actor, req.body));
  });

  app.get('/leads/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'lead', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, leadType))) };
  });

  app.get('/leads/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportLeads(req, reply));

  app.get('/leads/recycle-bin', { schema: { tags, querystring: listQuerystring, response: { 200: listOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listLeads(db, actor, req.query, { deleted: true }));
  });

  app.get('/leads/:id', { schema: { tags, params: idParams, response: { 200: leadOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getLead(db, actor, req.params.id));
  });

  // The body's dates are read in the actor's zone, so the schema is built per request.
  app.patch('/leads/:id', { schema: { tags, params: idParams, body: z.record(z.string(), z.unknown()), response: { 200: leadOut } } }, async (req) => {
    const actor = requireActor(req);
    const body = leadUpdateSchema(actor.timeZone).parse(req.body);
    return tenantDb(req, (db) => updateLead(db, actor, auditSource(req), req.params.id, body));
  });

  app.delete('/leads/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteLead(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.post('/leads/:id/restore', { schema: { tags, params: idParams, response: { 200: leadOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreLead(db, actor, auditSource(req), req.params.id));
  });

  app.patch('/leads/:id/owner', { schema: { tags, params: idParams, body: ownerBody, response: { 200: leadOut } } }, async (req) => {
    const actor = requireActor(req);
    const { lead, announce } = await tenantDb(req, (db) => transferLead(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
    await announceOwnerships(app.ctx, actor.tenantId, announce);
    return lead;
  });

  app.post('/leads/:id/status', { schema: { tags, params: idParams, body: statusBody, response: { 200: leadOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => setLeadStatus(db, actor, auditSource(req), req.params.id, req.body.status, req.body.reason));
  });

  app.get('/leads/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisible(db, actor, req.params.id);
      if (!rec) throw notFound('lead');
      return { items: await visibleHistory(db, actor, 'lead', req.params.id, rec.ownerId, req.query) };
    });
  });

  app.get('/leads/:id/shares', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      if (!(await findVisible(db, actor, req.params.id))) throw notFound('lead');
      return { items: await listShares(db, actor, leadType, req.params.id) };
    });
  });

  app.post('/leads/:id/shares', { schema: { tags, params: idParams, body: shareInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const items = await tenantDb(req, (db) =>
      inTransaction(db, async (tx) => {
        const { ownerId } = await assertCanShare(tx, actor, leadType, req.params.id);
        await upsertShare(tx, actor, auditSource(req), leadType, req.params.id, req.body, ownerId);
        return listShares(tx, actor, leadType, req.params.id);
      }, actor.tenantId), // a share changes what the sharee's lists count
    );
    return reply.status(201).send({ items });
  });

  app.delete('/leads/:id/shares/:userId', { schema: { tags, params: shareParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) =>
      inTransaction(db, async (tx) => {
        await assertCanShare(tx, actor, leadType, req.params.id);
        await removeShare(tx, actor, auditSource(req), leadType, req.params.id, req.params.userId);
      }, actor.tenantId),
    );
    return reply.status(204).send();
  });
}
