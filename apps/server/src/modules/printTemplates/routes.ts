import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSource, requireActor, requireAdmin, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { createTemplateInput, fieldsQuery, idParams, listQuery, previewInput, printParams, printQuery, updateTemplateInput } from './input.ts';
import { contentDisposition, printPdf, setPrintFileStore } from './print.ts';
import {
  builtInTemplates, createTemplate, deleteTemplate, getTemplate, listTemplates, printFields, templateProblems, updateTemplate,
} from './service.ts';

const tags = ['print templates'];

function sendPdf(reply: FastifyReply, out: { pdf: Buffer; fileName: string }, disposition: 'attachment' | 'inline') {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', contentDisposition(out.fileName, disposition))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(out.pdf);
}

/** Print templates (打印模板): admin CRUD, the placeholders per type, preview, and printing a record as PDF. */
export async function printTemplateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  setPrintFileStore(fastify.ctx.files);

  // Every member may list them: the print button offers the templates of a type.
  app.get('/print-templates', { schema: { tags, summary: 'Print templates (and the built-in ones) per record type', querystring: listQuery } }, async (req) => {
    const actor = requireActor(req);
    const items = await tenantDb(req, (db) => listTemplates(db, actor.tenantId, req.query.recordType));
    return { items, builtIn: builtInTemplates(req.query.recordType) };
  });

  app.get('/print-templates/fields', { schema: { tags, summary: 'Placeholders a template of the record type may use', querystring: fieldsQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => printFields(db, actor, req.query.recordType));
  });

  app.post('/print-templates/check', { schema: { tags, summary: 'Problems of a draft body, with line and column', body: createTemplateInput.pick({ recordType: true, body: true }) } }, async (req) => {
    const actor = requireAdmin(req);
    return { problems: await tenantDb(req, (db) => templateProblems(db, actor, req.body.recordType, req.body.body)) };
  });

  app.post('/print-templates/preview', { schema: { tags, summary: 'A record printed with a draft body or a template (PDF)', body: previewInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const out = await tenantDb(req, (db) => printPdf(db, actor, req.body));
    return sendPdf(reply, out, 'inline');
  });

  app.get('/print-templates/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => getTemplate(db, actor.tenantId, req.params.id));
  });

  app.post('/print-templates', { schema: { tags, summary: 'Create a print template (admin; the body is checked)', body: createTemplateInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const t = await tenantDb(req, (db) => createTemplate(db, actor, auditSource(req), req.body));
    return reply.status(201).send(t);
  });

  app.patch('/print-templates/:id', { schema: { tags, summary: 'Change a print template; isDefault: true makes it the default of its type', params: idParams, body: updateTemplateInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => updateTemplate(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.post('/print-templates/:id/default', { schema: { tags, summary: 'Make a template the default of its type', params: idParams } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => updateTemplate(db, actor, auditSource(req), req.params.id, { isDefault: true }));
  });

  app.delete('/print-templates/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => deleteTemplate(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  // GET /print/quote/<id>.pdf?templateId=… — the record through its template (default: its type's default)
  app.get('/print/:recordType/:file', { schema: { tags, summary: 'A record as PDF (download; disposition=inline to view)', params: printParams, querystring: printQuery } }, async (req, reply) => {
    const actor = requirePermission(req, req.params.recordType, 'view');
    const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.pdf$/i.exec(req.params.file);
    if (!m) throw badRequest('VALIDATION_FAILED', 'expected <record id>.pdf', { field: 'recordId' });
    const out = await tenantDb(req, (db) => printPdf(db, actor, { recordType: req.params.recordType, recordId: m[1]!.toLowerCase(), templateId: req.query.templateId }));
    return sendPdf(reply, out, req.query.disposition ?? 'attachment');
  });
}
