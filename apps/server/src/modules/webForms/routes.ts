import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditSource, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { LEAD_SOURCE_OPTIONS } from '../leads/fields.ts';
import { createFormInput, formOut, formOutSchema, idParams, updateFormInput } from './input.ts';
import { registerPublicFormApi } from './publicApi.ts';
import { createForm, deleteForm, getForm, listForms, loadFormCatalog, updateForm } from './service.ts';
import { issuePreviewToken } from './token.ts';

const tags = ['webForms'];

/** Admin API of web forms; the visitors' side (JSON definition, submissions) is in publicApi.ts. */
export async function webFormRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { config } = app.ctx;
  // PUBLIC_URL, when configured, is the address strangers reach; otherwise the web app uses its own origin
  const publicBase = config.PUBLIC_URL ? config.publicUrl : null;
  await app.register(registerPublicFormApi);

  app.get('/web-forms', { schema: { tags, summary: 'Web forms with their submission counts (admin)', response: { 200: z.object({ items: z.array(formOutSchema) }) } } }, async (req) => {
    const actor = requireAdmin(req);
    const rows = await tenantDb(req, (db) => listForms(db, actor.tenantId));
    return { items: rows.map((r) => formOut(r, publicBase)) };
  });

  app.get('/web-forms/fields', { schema: { tags, summary: 'Lead fields a web form can ask for (admin)' } }, async (req) => {
    const actor = requireAdmin(req);
    // lead sources too: a form may file its leads under another source (e.g. an ads landing page)
    return { items: await tenantDb(req, (db) => loadFormCatalog(db, actor.tenantId)), sources: LEAD_SOURCE_OPTIONS };
  });

  app.post('/web-forms', { schema: { tags, body: createFormInput, response: { 201: formOutSchema } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const row = await tenantDb(req, (db) => createForm(db, actor, auditSource(req), req.body));
    return reply.status(201).send(formOut(row, publicBase));
  });

  app.get('/web-forms/:id', { schema: { tags, params: idParams, response: { 200: formOutSchema } } }, async (req) => {
    const actor = requireAdmin(req);
    const row = await tenantDb(req, (db) => getForm(db, actor.tenantId, req.params.id));
    const out = formOut(row, publicBase);
    return { ...out, previewPath: `${out.path}?preview=${encodeURIComponent(issuePreviewToken(row.tokenSecret))}` };
  });

  app.patch('/web-forms/:id', { schema: { tags, params: idParams, body: updateFormInput, response: { 200: formOutSchema } } }, async (req) => {
    const actor = requireAdmin(req);
    const row = await tenantDb(req, (db) => updateForm(db, actor, auditSource(req), req.params.id, req.body));
    return formOut(row, publicBase);
  });

  app.delete('/web-forms/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => deleteForm(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
}
