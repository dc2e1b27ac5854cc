import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { registerBulk } from '../customers/bulk.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams } from '../customers/input.ts';
import { registerShareRoutes } from '../customers/shareRoutes.ts';
import { contactType } from './fields.ts';
import { contactListOut, contactOut, contactOwnerInput, createContactInput, deletedContactListOut, updateContactInput } from './input.ts';
import { contactBulk, listDeletedContacts } from './recycle.ts';
import { registerContactSearch } from './search.ts';
import { registerAttachable } from '../files/service.ts';
import { contacts } from './schema.ts';
import { contactSource, findVisibleContact, getContact, listContacts, present, resolveContactListParams, type ContactSelected } from './service.ts';
import { createContact, deleteContact, restoreContact, transferContact, updateContact } from './writes.ts';

const tags = ['contacts'];

const exportContacts = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: contactType, source: contactSource, params: resolveContactListParams,
    toRecord: (actor, row) => present(actor, row as ContactSelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null },
    name: { zh: '联系人', en: 'Contacts' },
  });

/** Contacts: the same family of routes as customers (list, query, fields, export, CRUD, history, shares, bulk, recycle bin). */
export async function contactRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerContactSearch();
  registerAttachable('contact', contacts); // business cards, signed forms
  registerBulk(app, '/contacts', 'contacts', contactBulk);
  registerShareRoutes(app, '/contacts', 'contacts', contactType, findVisibleContact);

  app.get('/contacts', { schema: { tags, querystring: listQuerystring, response: { 200: contactListOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listContacts(db, actor, req.query));
  });

  app.post('/contacts/query', { schema: { tags, body: listBody, response: { 200: contactListOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listContacts(db, actor, req.body));
  });

  app.get('/contacts/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'contact', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, contactType))) };
  });

  app.get('/contacts/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportContacts(req, reply));

  app.get('/contacts/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }), response: { 200: deletedContactListOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedContacts(db, actor, req.query));
  });

  app.post('/contacts', { schema: { tags, body: createContactInput, response: { 201: contactOut } } }, async (req, reply) => {
    const actor = requirePermission(req, 'contact', 'create');
    const { contact, assignments } = await tenantDb(req, (db) => createContact(db, actor, auditSource(req), req.body));
    await announceOwnerships(req.server.ctx, actor.tenantId, assignments, { actorId: actor.userId });
    return reply.status(201).send(contact);
  });

  app.get('/contacts/:id', { schema: { tags, params: idParams, response: { 200: contactOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getContact(db, actor, req.params.id));
  });

  app.patch('/contacts/:id', { schema: { tags, params: idParams, body: updateContactInput, response: { 200: contactOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateContact(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/contacts/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteContact(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.post('/contacts/:id/restore', { schema: { tags, params: idParams, response: { 200: contactOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreContact(db, actor, auditSource(req), req.params.id));
  });

  app.patch('/contacts/:id/owner', { schema: { tags, params: idParams, body: contactOwnerInput, response: { 200: contactOut } } }, async (req) => {
    const actor = requireActor(req);
    const before = await tenantDb(req, (db) => findVisibleContact(db, actor, req.params.id));
    const after = await tenantDb(req, (db) => transferContact(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
    if (before && before.ownerId !== req.body.ownerId) {
      await announceOwnerships(req.server.ctx, actor.tenantId, [{ recordType: 'contact', recordId: req.params.id, ownerId: req.body.ownerId, title: String(after.name ?? '') }], { actorId: actor.userId });
    }
    return after;
  });

  app.get('/contacts/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisibleContact(db, actor, req.params.id);
      if (!rec) throw notFound('contact');
      return { items: await visibleHistory(db, actor, 'contact', req.params.id, rec.ownerId, req.query) };
    });
  });
}
