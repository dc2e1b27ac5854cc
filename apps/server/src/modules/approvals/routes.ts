import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addApproverInput, commentApprovalInput, decideApprovalInput, delegateApprovalInput, returnApprovalInput, submitApprovalInput,
} from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { flowRuntime } from '../flows/runtime/index.ts';
import type { FlowRuntime } from '../flows/runtime/index.ts';
import { approvalSettings } from './glue.ts';
import {
  addApprover, addComment, decideTask, delegateTask, inbox, inboxCounts, instanceView, markCcRead, recordHistory, recordState, returnTask, submitForApproval, withdraw,
} from './service.ts';
import { registerApprovalTimeoutJob } from './timeouts.ts';
import { registerApprovalTodo } from './todo.ts';

const tags = ['approvals'];
const idParams = z.object({ id: z.uuid() });
const taskParams = z.object({ taskId: z.uuid() });
const recordParams = z.object({ recordType: z.string().min(1).max(50), recordId: z.uuid() });
const inboxQuery = z.object({
  box: z.enum(['waiting', 'submitted', 'decided', 'cc']).default('waiting'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const withdrawInput = z.strictObject({ comment: z.string().max(2000).optional() }).default({});

/** Runtime used by the routes; tests replace it (controlled clock, crash points). */
let runtimeOverride: FlowRuntime | null = null;
export function setApprovalRuntime(rt: FlowRuntime | null): void {
  runtimeOverride = rt;
}

/** Approvals (审批): submit, decide, withdraw, the inbox and a record's approval state. */
export async function approvalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const runtime = () => runtimeOverride ?? flowRuntime(fastify.ctx);
  approvalSettings.publicUrl = fastify.ctx.config.publicUrl;
  registerApprovalTodo();
  await registerApprovalTimeoutJob(fastify.ctx, flowRuntime(fastify.ctx));

  const view = (req: FastifyRequest, id: string) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => instanceView(db, actor, id));
  };
  /** One transaction for the decision, then the flow continues (each step its own transaction). */
  const act = async (req: FastifyRequest, fn: (tx: Db, now: Date) => Promise<{ instanceId: string; executionId?: string | null; signalled?: boolean }>) => {
    const actor = requireActor(req);
    const rt = runtime();
    const r = await tenantDb(req, (db) => inTransaction(db, (tx) => fn(tx, rt.clock()), actor.tenantId));
    if (r.signalled && r.executionId) await rt.drainExecution(actor.tenantId, r.executionId);
    return view(req, r.instanceId);
  };
  const who = (req: FastifyRequest) => ({ actor: requireActor(req), src: auditSource(req) });

  app.post('/approvals', { schema: { tags, body: submitApprovalInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const rt = runtime();
    const r = await tenantDb(req, (db) => inTransaction(db, (tx) => submitForApproval(tx, actor, auditSource(req), req.body, { now: rt.clock(), inline: false }), actor.tenantId));
    if (r.executionId) await rt.drainExecution(actor.tenantId, r.executionId);
    return reply.status(201).send(await view(req, r.instanceId));
  });

  app.get('/approvals/inbox', { schema: { tags, querystring: inboxQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => inbox(db, actor, req.query.box, req.query.limit, req.query.offset));
  });

  app.get('/approvals/inbox/counts', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => inboxCounts(db, actor));
  });

  app.get('/approvals/records/:recordType/:recordId', { schema: { tags, params: recordParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => recordState(db, actor, req.params.recordType, req.params.recordId));
  });

  app.get('/approvals/records/:recordType/:recordId/history', { schema: { tags, params: recordParams } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => recordHistory(db, actor, req.params.recordType, req.params.recordId)) };
  });

  app.get('/approvals/:id', { schema: { tags, params: idParams } }, async (req) => view(req, req.params.id));

  app.post('/approvals/:id/withdraw', { schema: { tags, params: idParams, body: withdrawInput } }, async (req) =>
    act(req, async (tx, now) => {
      await withdraw(tx, who(req), requireActor(req).tenantId, req.params.id, req.body?.comment, now);
      return { instanceId: req.params.id };
    }));

  app.post('/approvals/:id/comments', { schema: { tags, params: idParams, body: commentApprovalInput } }, async (req) =>
    act(req, async (tx, now) => {
      await addComment(tx, requireActor(req), requireActor(req).tenantId, req.params.id, req.body, now);
      return { instanceId: req.params.id };
    }));

  app.post('/approvals/:id/cc-read', { schema: { tags, params: idParams } }, async (req) =>
    act(req, async (tx, now) => {
      await markCcRead(tx, requireActor(req), req.params.id, now);
      return { instanceId: req.params.id };
    }));

  app.post('/approval-tasks/:taskId/approve', { schema: { tags, params: taskParams, body: decideApprovalInput } }, async (req) =>
    act(req, (tx, now) => decideTask(tx, who(req), requireActor(req).tenantId, req.params.taskId, 'approved', req.body, now)));

  app.post('/approval-tasks/:taskId/reject', { schema: { tags, params: taskParams, body: decideApprovalInput } }, async (req) =>
    act(req, (tx, now) => decideTask(tx, who(req), requireActor(req).tenantId, req.params.taskId, 'rejected', req.body, now)));

  app.post('/approval-tasks/:taskId/return', { schema: { tags, params: taskParams, body: returnApprovalInput } }, async (req) =>
    act(req, (tx, now) => returnTask(tx, who(req), requireActor(req).tenantId, req.params.taskId, req.body, now)));

  app.post('/approval-tasks/:taskId/delegate', { schema: { tags, params: taskParams, body: delegateApprovalInput } }, async (req) =>
    act(req, (tx, now) => delegateTask(tx, who(req), requireActor(req).tenantId, req.params.taskId, req.body, now)));

  app.post('/approval-tasks/:taskId/add-approver', { schema: { tags, params: taskParams, body: addApproverInput } }, async (req) =>
    act(req, (tx, now) => addApprover(tx, who(req), requireActor(req).tenantId, req.params.taskId, req.body, now)));
}
