import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { formatMoney } from '@loopline/shared';
import { one } from '../../platform/db/query.ts';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams, ownerInput } from '../customers/input.ts';
import { registerShareRoutes } from '../customers/shareRoutes.ts';
import { paymentPlans, paymentRecords } from './schema.ts';
import { printRecordPdf } from '../printTemplates/print.ts';
import { transferOwner, visibleContract } from './access.ts';
import { registerPaymentApprovable, registerPaymentPrint } from './approval.ts';
import { fen } from './contractAmounts.ts';
import { paymentPlanType, paymentType } from './fields.ts';
import { createPaymentInput, createPlanInput, generatePlansInput, updatePaymentInput, updatePlanInput, voidInput } from './input.ts';
import { registerPaymentPlanJob } from './jobs.ts';
import { contractPlans, createPlan, deletePlan, findVisiblePlan, generatePlans, getPlan, listPlans, planDto, planSource, resolvePlanListParams, updatePlan, voidPlan, type PlanRow } from './plans.ts';
import { createPayment, deletePayment, findVisiblePayment, getPayment, listPayments, paymentDto, paymentSource, resolvePaymentListParams, updatePayment, voidPayment, type PaymentRow } from './records.ts';
import { registerPaymentTodo } from './todo.ts';

const tags = ['payments'];

const exportPlans = (req: FastifyRequest, reply: FastifyReply) => exportList(req, reply, {
  def: paymentPlanType, source: planSource, params: resolvePlanListParams,
  toRecord: (actor, row) => planDto(actor, row as PlanRow, 'list'),
  display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, contractId: (rec) => rec.contractNumber ?? null },
  name: { zh: '回款计划', en: 'Payment plans' },
});
const exportPayments = (req: FastifyRequest, reply: FastifyReply) => exportList(req, reply, {
  def: paymentType, source: paymentSource, params: resolvePaymentListParams,
  toRecord: (actor, row) => paymentDto(actor, row as PaymentRow, 'list'),
  display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, contractId: (rec) => rec.contractNumber ?? null, planId: (rec) => (rec.planInstalment ? `第${rec.planInstalment}期` : null) },
  name: { zh: '回款', en: 'Payments' },
});

const optionalVoid = voidInput.optional();

/** Payment plans (回款计划) and payment records (回款). */
export async function paymentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerPaymentApprovable();
  registerPaymentPrint();
  registerPaymentTodo();
  await registerPaymentPlanJob(fastify.ctx);
  registerShareRoutes(app, '/payment-plans', 'payments', paymentPlanType, findVisiblePlan);
  registerShareRoutes(app, '/payments', 'payments', paymentType, findVisiblePayment);

  app.patch('/payment-plans/:id/owner', { schema: { tags, params: idParams, body: ownerInput } }, async (req) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => transferOwner(db, actor, auditSource(req), 'paymentPlan', paymentPlans, req.params.id, req.body.ownerId, req.body.reason));
    return tenantDb(req, (db) => getPlan(db, actor, req.params.id));
  });
  app.patch('/payments/:id/owner', { schema: { tags, params: idParams, body: ownerInput } }, async (req) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => transferOwner(db, actor, auditSource(req), 'payment', paymentRecords, req.params.id, req.body.ownerId, req.body.reason));
    return tenantDb(req, (db) => getPayment(db, actor, req.params.id));
  });

  // ---- payment plans
  app.get('/payment-plans', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listPlans(db, actor, req.query));
  });
  app.post('/payment-plans/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listPlans(db, actor, req.body));
  });
  app.get('/payment-plans/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'paymentPlan', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, paymentPlanType))) };
  });
  app.get('/payment-plans/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportPlans(req, reply));
  app.post('/payment-plans', { schema: { tags, body: createPlanInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'paymentPlan', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createPlan(db, actor, auditSource(req), req.body)));
  });
  app.get('/payment-plans/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getPlan(db, actor, req.params.id));
  });
  app.patch('/payment-plans/:id', { schema: { tags, params: idParams, body: updatePlanInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updatePlan(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/payment-plans/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deletePlan(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/payment-plans/:id/void', { schema: { tags, params: idParams, body: optionalVoid } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => voidPlan(db, actor, auditSource(req), req.params.id, req.body?.reason));
  });
  app.get('/payment-plans/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisiblePlan(db, actor, req.params.id);
      if (!rec) throw notFound('payment plan');
      return { items: await visibleHistory(db, actor, 'paymentPlan', req.params.id, rec.ownerId, req.query) };
    });
  });

  // ---- per contract
  app.post('/contracts/:id/payment-plans/generate', { schema: { tags, params: idParams, body: generatePlansInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'paymentPlan', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => generatePlans(db, actor, auditSource(req), req.params.id, req.body)));
  });
  app.get('/contracts/:id/payment-plans', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'paymentPlan', 'view');
    return tenantDb(req, async (db) => {
      await visibleContract(db, actor, req.params.id, 'id');
      return { items: await contractPlans(db, actor, req.params.id) };
    });
  });
  /** What the payment and invoice forms show: amount, received, in review, outstanding, planned, invoiced. */
  app.get('/contracts/:id/payment-summary', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const c = await visibleContract(db, actor, req.params.id, 'id');
      const s = await one<{ in_review: string; planned: string; invoice_open: string }>(db, sql`SELECT
          (SELECT COALESCE(sum(amount), 0)::text FROM payment_records WHERE contract_id = ${c.id} AND status = 'inReview' AND deleted_at IS NULL) AS in_review,
          (SELECT COALESCE(sum(amount), 0)::text FROM payment_plans WHERE contract_id = ${c.id} AND status <> 'void' AND deleted_at IS NULL) AS planned,
          (SELECT COALESCE(sum(amount), 0)::text FROM invoices WHERE contract_id = ${c.id} AND status IN ('draft', 'inReview', 'approved', 'issued') AND deleted_at IS NULL) AS invoice_open`);
      const amount = fen(c.amount), received = fen(c.receivedAmount), inReview = fen(s?.in_review), invoiceTaken = fen(s?.invoice_open);
      return {
        contractId: c.id, number: c.number, name: c.name, customerId: c.customerId, status: c.status,
        amount: formatMoney(amount), received: formatMoney(received), outstanding: formatMoney(amount - received), inReview: formatMoney(inReview),
        available: formatMoney(Math.max(0, amount - received - inReview)), planned: formatMoney(fen(s?.planned)),
        invoiced: c.invoicedAmount, invoiceRequested: formatMoney(invoiceTaken), invoiceAvailable: formatMoney(Math.max(0, amount - invoiceTaken)),
      };
    });
  });

  // ---- payment records
  app.get('/payments', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listPayments(db, actor, req.query));
  });
  app.post('/payments/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listPayments(db, actor, req.body));
  });
  app.get('/payments/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'payment', 'view');
    return { items: describeCatalog(await tenantDb(req, (db) => loadCatalog(db, actor, paymentType))) };
  });
  app.get('/payments/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportPayments(req, reply));
  app.post('/payments', { schema: { tags, body: createPaymentInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'payment', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createPayment(db, actor, auditSource(req), req.body)));
  });
  app.get('/payments/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getPayment(db, actor, req.params.id));
  });
  app.patch('/payments/:id', { schema: { tags, params: idParams, body: updatePaymentInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updatePayment(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/payments/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deletePayment(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/payments/:id/void', { schema: { tags, params: idParams, body: optionalVoid } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => voidPayment(db, actor, auditSource(req), req.params.id, req.body?.reason));
  });
  app.get('/payments/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisiblePayment(db, actor, req.params.id);
      if (!rec) throw notFound('payment');
      return { items: await visibleHistory(db, actor, 'payment', req.params.id, rec.ownerId, req.query) };
    });
  });
  /** 收款收据 PDF through the print templates (default template for payments). */
  app.get('/payments/:id/receipt.pdf', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    const { pdf, fileName } = await tenantDb(req, (db) => printRecordPdf(db, actor, 'payment', req.params.id));
    return reply.header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="receipt.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .header('cache-control', 'no-store').send(pdf);
  });
}
