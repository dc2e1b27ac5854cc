import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { registerApprovable } from '../approvals/registry.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams, ownerInput } from '../customers/input.ts';
import { registerShareRoutes } from '../customers/shareRoutes.ts';
import { transferOwner } from '../payments/access.ts';
import { invoices } from './schema.ts';
import { voidInput } from '../payments/input.ts';
import { createProfile, deleteProfile, listProfiles, updateProfile } from './billing.ts';
import { invoiceType } from './fields.ts';
import { billingProfileInput, createInvoiceInput, issueInvoiceInput, profileParams, updateBillingProfileInput, updateInvoiceInput } from './input.ts';
import {
  assertInvoiceSubmittable, createInvoice, deleteInvoice, describeInvoice, findVisibleInvoice, getInvoice, invoiceDto, invoiceSource, issueInvoice, listInvoices,
  onInvoiceApproval, resolveInvoiceListParams, updateInvoice, voidInvoice, type InvoiceRow,
} from './service.ts';

const tags = ['invoices'];

const exportInvoices = (req: FastifyRequest, reply: FastifyReply) => exportList(req, reply, {
  def: invoiceType, source: invoiceSource, params: resolveInvoiceListParams,
  toRecord: (actor, row) => invoiceDto(actor, row as InvoiceRow, 'list'),
  display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, contractId: (rec) => rec.contractNumber ?? null },
  name: { zh: '发票', en: 'Invoices' },
});

export function registerInvoiceApprovable(): void {
  registerApprovable({
    recordType: 'invoice',
    describe: describeInvoice,
    assertSubmittable: (tx, actor, id) => assertInvoiceSubmittable(tx, actor.tenantId, id),
    onStatus: (tx, tenantId, id, status, change) => onInvoiceApproval(tx, tenantId, id, status, change.src),
  });
}

/** Invoices (发票) and customers' billing profiles (开票信息). */
export async function invoiceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerInvoiceApprovable();
  registerShareRoutes(app, '/invoices', 'invoices', invoiceType, findVisibleInvoice);

  app.patch('/invoices/:id/owner', { schema: { tags, params: idParams, body: ownerInput } }, async (req) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => transferOwner(db, actor, auditSource(req), 'invoice', invoices, req.params.id, req.body.ownerId, req.body.reason));
    return tenantDb(req, (db) => getInvoice(db, actor, req.params.id));
  });

  app.get('/invoices', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listInvoices(db, actor, req.query));
  });
  app.post('/invoices/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listInvoices(db, actor, req.body));
  });
  app.get('/invoices/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'invoice', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, invoiceType))) };
  });
  app.get('/invoices/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportInvoices(req, reply));
  app.post('/invoices', { schema: { tags, body: createInvoiceInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'invoice', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createInvoice(db, actor, auditSource(req), req.body)));
  });
  app.get('/invoices/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getInvoice(db, actor, req.params.id));
  });
  app.patch('/invoices/:id', { schema: { tags, params: idParams, body: updateInvoiceInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateInvoice(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/invoices/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteInvoice(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/invoices/:id/issue', { schema: { tags, params: idParams, body: issueInvoiceInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => issueInvoice(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.post('/invoices/:id/void', { schema: { tags, params: idParams, body: voidInput.optional() } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => voidInvoice(db, actor, auditSource(req), req.params.id, req.body?.reason));
  });
  app.get('/invoices/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisibleInvoice(db, actor, req.params.id);
      if (!rec) throw notFound('invoice');
      return { items: await visibleHistory(db, actor, 'invoice', req.params.id, rec.ownerId, req.query) };
    });
  });

  // ---- billing profiles (开票信息)
  app.get('/customers/:id/billing-profiles', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listProfiles(db, actor, req.params.id));
  });
  app.post('/customers/:id/billing-profiles', { schema: { tags, params: idParams, body: billingProfileInput } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await tenantDb(req, (db) => createProfile(db, actor, auditSource(req), req.params.id, req.body)));
  });
  app.patch('/customers/:id/billing-profiles/:profileId', { schema: { tags, params: profileParams, body: updateBillingProfileInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateProfile(db, actor, auditSource(req), req.params.id, req.params.profileId, req.body));
  });
  app.delete('/customers/:id/billing-profiles/:profileId', { schema: { tags, params: profileParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteProfile(db, actor, auditSource(req), req.params.id, req.params.profileId));
    return reply.status(204).send();
  });
}
