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
import { registerShareRoutes } from '../customers/shareRoutes.ts';
import { registerAttachable } from '../files/service.ts';
import { printRecordPdf } from '../printTemplates/print.ts';
import { listOrders } from '../orders/service.ts';
import { registerContractApproval } from './approval.ts';
import { contractType } from './fields.ts';
import { contractOwnerInput, createContractInput, updateContractInput, voidContractInput } from './input.ts';
import { registerContractPrints } from './print.ts';
import { listDeletedContracts, registerContractSearch } from './recycle.ts';
import { contracts } from './schema.ts';
import { contractSource, findVisibleContract, getContract, listContracts, present, resolveContractListParams, type ContractSelected } from './service.ts';
import { registerContractTodo } from './todo.ts';
import { createContract, deleteContract, restoreContract, transferContract, updateContract, voidContract } from './writes.ts';

const tags = ['contracts'];

const exportContracts = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: contractType, source: contractSource, params: resolveContractListParams,
    toRecord: (actor, row) => present(actor, row as ContractSelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, opportunityId: (rec) => rec.opportunityName ?? null, quoteId: (rec) => rec.quoteNumber ?? null, companySignerId: (rec) => rec.companySignerName ?? null },
    name: { zh: '合同', en: 'Contracts' },
  });

/** A PDF answer (inline: the browser shows it; ?download=1 saves it). */
export function sendPdf(reply: FastifyReply, out: { pdf: Buffer; fileName: string }, download: boolean) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(out.fileName)}`)
    .header('cache-control', 'private, no-store')
    .send(out.pdf);
}

/** Contracts (合同): list, query, fields, export, CRUD, history, shares, recycle bin, void, PDF, files, approval. */
export async function contractRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachable('contract', contracts); // signed scans
  registerContractApproval();
  registerContractPrints();
  registerContractTodo();
  registerContractSearch();
  registerShareRoutes(app, '/contracts', 'contracts', contractType, findVisibleContract);

  app.get('/contracts', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listContracts(db, actor, req.query));
  });

  app.post('/contracts/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listContracts(db, actor, req.body));
  });

  app.get('/contracts/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'contract', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, contractType))) };
  });

  app.get('/contracts/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportContracts(req, reply));

  app.get('/contracts/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }) } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedContracts(db, actor, req.query));
  });

  app.post('/contracts', { schema: { tags, body: createContractInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'contract', 'create');
    const contract = await tenantDb(req, (db) => createContract(db, actor, auditSource(req), req.body));
    return reply.status(201).send(contract);
  });

  app.get('/contracts/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getContract(db, actor, req.params.id));
  });

  app.patch('/contracts/:id', { schema: { tags, params: idParams, body: updateContractInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateContract(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/contracts/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteContract(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.post('/contracts/:id/restore', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreContract(db, actor, auditSource(req), req.params.id));
  });

  app.patch('/contracts/:id/owner', { schema: { tags, params: idParams, body: contractOwnerInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => transferContract(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
  });

  app.post('/contracts/:id/void', { schema: { tags, params: idParams, body: voidContractInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => voidContract(db, actor, auditSource(req), req.params.id, req.body.reason));
  });

  app.get('/contracts/:id/orders', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'order', 'view');
    return tenantDb(req, async (db) => {
      if (!(await findVisibleContract(db, actor, req.params.id))) throw notFound('contract');
      return listOrders(db, actor, { filter: { field: 'contractId', op: 'eq', value: req.params.id } as never, pageSize: 100 });
    });
  });

  app.get('/contracts/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisibleContract(db, actor, req.params.id);
      if (!rec) throw notFound('contract');
      return { items: await visibleHistory(db, actor, 'contract', req.params.id, rec.ownerId, req.query) };
    });
  });

  app.get('/contracts/:id/pdf', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'contract', 'view');
    const download = (req.query as { download?: string }).download === '1';
    const out = await tenantDb(req, (db) => printRecordPdf(db, actor, 'contract', req.params.id));
    return sendPdf(reply, out, download);
  });
}
