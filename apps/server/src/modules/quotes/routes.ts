import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requireAdmin, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams } from '../customers/input.ts';
import { registerAttachable } from '../files/service.ts';
import { contentDisposition, printRecordPdf } from '../printTemplates/print.ts';
import { registerQuoteApprovable } from './approval.ts';
import { listDiscountLimits, saveDiscountLimits } from './discountLimits.ts';
import { registerQuoteExpiryJob } from './expiry.ts';
import { quoteType } from './fields.ts';
import {
  acceptQuoteInput, createQuoteInput, discountLimitsInput, emailQuoteInput, ownerInput, pdfQuery, rejectQuoteInput, sendQuoteInput, submitQuoteInput, updateQuoteInput,
} from './input.ts';
import { registerQuotePrinting } from './print.ts';
import { quotes } from './schema.ts';
import { findVisibleQuote, getQuote, listDeletedQuotes, listQuotes, present, quoteSource, resolveQuoteListParams, type QuoteSelected } from './service.ts';
import { acceptQuote, createQuote, deleteQuote, markQuoteSent, rejectQuote, restoreQuote, sendQuote, transferQuote, updateQuote } from './writes.ts';

const tags = ['quotes'];

const exportQuotes = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: quoteType, source: quoteSource, params: resolveQuoteListParams,
    toRecord: (actor, row) => present(actor, row as QuoteSelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, opportunityId: (rec) => rec.opportunityName ?? null, contactId: (rec) => rec.contactName ?? null },
    name: { zh: '报价', en: 'Quotes' },
  });

/** Quotes (报价): record-framework routes, status actions, PDF and email, discount limits. */
export async function quoteRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachable('quote', quotes);
  registerQuoteApprovable();
  registerQuotePrinting();
  await registerQuoteExpiryJob(fastify.ctx);

  app.get('/quotes', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listQuotes(db, actor, req.query));
  });

  app.post('/quotes/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listQuotes(db, actor, req.body));
  });

  app.get('/quotes/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'quote', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, quoteType))) };
  });

  app.get('/quotes/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportQuotes(req, reply));

  app.get('/quotes/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }) } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedQuotes(db, actor, req.query));
  });

  app.post('/quotes', { schema: { tags, body: createQuoteInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'quote', 'create');
    const quote = await tenantDb(req, (db) => createQuote(db, actor, auditSource(req), req.body));
    return reply.status(201).send(quote);
  });

  app.get('/quotes/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getQuote(db, actor, req.params.id));
  });

  app.patch('/quotes/:id', { schema: { tags, params: idParams, body: updateQuoteInput } }, async (req) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => updateQuote(db, actor, auditSource(req), req.params.id, req.body));
    return tenantDb(req, (db) => getQuote(db, actor, req.params.id));
  });

  app.delete('/quotes/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteQuote(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.post('/quotes/:id/restore', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreQuote(db, actor, auditSource(req), req.params.id));
  });

  app.patch('/quotes/:id/owner', { schema: { tags, params: idParams, body: ownerInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => transferQuote(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
  });

  app.get('/quotes/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisibleQuote(db, actor, req.params.id);
      if (!rec) throw notFound('quote');
      return { items: await visibleHistory(db, actor, 'quote', req.params.id, rec.ownerId, req.query) };
    });
  });

  /**
   * 提交折扣审批: the same as POST /approvals {recordType: 'quote', recordId} (the approvals module
   * picks the flow, locks the record and calls back onStatus) — forwarded with the caller's
   * credentials so every rule of that endpoint applies unchanged.
   */
  app.post('/quotes/:id/submit', { schema: { tags, params: idParams, body: submitQuoteInput } }, async (req, reply) => {
    requireActor(req);
    const headers: Record<string, string> = {};
    for (const h of ['cookie', 'authorization', 'x-api-key', 'user-agent', 'accept-language']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    for (const [k, v] of Object.entries(req.headers)) if (/csrf/i.test(k) && typeof v === 'string') headers[k] = v;
    const res = await req.server.inject({ method: 'POST', url: '/api/v1/approvals', headers, payload: { recordType: 'quote', recordId: req.params.id, ...req.body } });
    return reply.status(res.statusCode).header('content-type', res.headers['content-type'] ?? 'application/json').send(res.body);
  });

  app.post('/quotes/:id/send', { schema: { tags, params: idParams, body: sendQuoteInput.optional() } }, async (req) => {
    const actor = requireActor(req);
    if (req.body?.email) return emailQuote(req, actor, req.params.id, { to: req.body.email });
    await tenantDb(req, (db) => sendQuote(db, actor, auditSource(req), req.params.id));
    return tenantDb(req, (db) => getQuote(db, actor, req.params.id));
  });

  app.post('/quotes/:id/accept', { schema: { tags, params: idParams, body: acceptQuoteInput.optional() } }, async (req) => {
    const actor = requireActor(req);
    const { contractId } = await tenantDb(req, (db) => acceptQuote(db, actor, auditSource(req), req.params.id, req.body ?? {}));
    return { ...(await tenantDb(req, (db) => getQuote(db, actor, req.params.id))), contractId };
  });

  app.post('/quotes/:id/reject', { schema: { tags, params: idParams, body: rejectQuoteInput } }, async (req) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => rejectQuote(db, actor, auditSource(req), req.params.id, req.body.reason));
    return tenantDb(req, (db) => getQuote(db, actor, req.params.id));
  });

  app.get('/quotes/:id/pdf', { schema: { tags, params: idParams, querystring: pdfQuery } }, async (req, reply) => {
    const actor = requireActor(req);
    const { pdf, fileName } = await tenantDb(req, async (db) => {
      if (!(await findVisibleQuote(db, actor, req.params.id))) throw notFound('quote');
      return printRecordPdf(db, actor, 'quote', req.params.id, req.query.templateId);
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', contentDisposition(fileName, req.query.inline === '1' ? 'inline' : 'attachment'))
      .send(pdf);
  });

  app.post('/quotes/:id/email', { schema: { tags, params: idParams, body: emailQuoteInput } }, async (req) => {
    const actor = requireActor(req);
    return emailQuote(req, actor, req.params.id, req.body);
  });

  app.get('/discount-limits', { schema: { tags } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => listDiscountLimits(db, actor));
  });

  app.put('/discount-limits', { schema: { tags, body: discountLimitsInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => saveDiscountLimits(db, actor, auditSource(req), req.body.items));
  });
}

/**
 * Sends the quote's PDF by email and marks a draft sent (with the send checks: lines, validity,
 * discount approval). The status change commits first; the mail goes through the outbox after, so
 * a failing SMTP server never leaves a quote "sent" without its outbox row to show what happened.
 */
async function emailQuote(req: FastifyRequest, actor: ReturnType<typeof requireActor>, id: string, body: z.infer<typeof emailQuoteInput>) {
  const ctx = req.server.ctx;
  const { pdf, fileName, quote } = await tenantDb(req, async (db) => {
    const found = await findVisibleQuote(db, actor, id);
    if (!found) throw notFound('quote');
    const printed = await printRecordPdf(db, actor, 'quote', id);
    const sent = await inTransaction(db, (tx) => markQuoteSent(tx, actor, auditSource(req), id, new Date(), { emailedTo: body.to, fileName: printed.fileName }), actor.tenantId);
    return { ...printed, quote: sent };
  });
  const org = (await tenantDb(req, (db) => one<{ name: string }>(db, sql`SELECT name FROM tenants WHERE id = ${actor.tenantId}`)))?.name ?? '';
  const subject = body.subject ?? `${org ? `${org} ` : ''}报价单 ${quote.number ?? ''}：${quote.title}`.trim();
  const text = [
    body.message ?? `您好，\n\n附件是我们为${quote.customerName ?? '贵司'}准备的报价单「${quote.title}」（${quote.number ?? ''}），报价总额 ¥${quote.totalAmount}${quote.validUntil ? `，有效期至 ${quote.validUntil}` : ''}。如有任何问题，请随时联系我们。\n\n${actor.userName}`,
    '',
    `附件：${fileName}`,
  ].join('\n');
  const result = await ctx.mailer.deliver({ tenantId: actor.tenantId, to: body.to, subject, text, attachments: [{ filename: fileName, content: pdf, contentType: 'application/pdf' }] });
  return { ...(await tenantDb(req, (db) => getQuote(db, actor, id))), email: { to: body.to, status: result.status, outboxId: result.id, fileName } };
}
