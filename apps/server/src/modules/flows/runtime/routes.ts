import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { FLOW_RECORD_TYPES, type FlowDefinition, type RecordType } from '@loopline/shared';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db } from '../../../platform/db/client.ts';
import { one } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { forbidden, notFound } from '../../../platform/http/errors.ts';
import { requireActor, requireAdmin, tenantDb } from '../../../platform/http/request.ts';
import { assertVisible } from '../../../platform/permissions/recordAccess.ts';
import { findRecordType } from '../../../platform/records/registry.ts';
import { cancelExecution, retryExecution } from './control.ts';
import { flowRuntime } from './index.ts';
import { registerFlowJobs } from './jobs.ts';
import { loadDefinition } from './store.ts';
import { executionDetail, flowExecutions, nodeCounts, recordExecutions } from './views.ts';

const tags = ['flows'];
const idParams = z.object({ id: z.uuid() });
const listQuery = z.object({
  status: z.enum(['running', 'waiting', 'completed', 'failed', 'cancelled']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
}).strict();
const recordQuery = z.object({ recordType: z.enum(FLOW_RECORD_TYPES), recordId: z.uuid() }).strict();
const cancelBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();
const countsQuery = z.object({ version: z.coerce.number().int().min(1).max(1_000_000).optional() }).strict();

/** Admins see every run; others the runs on records they may see. */
async function assertRecordViewer(db: Db, actor: Actor, recordType: string | null, recordId: string | null): Promise<void> {
  if (actor.perms.admin) return;
  const def = recordType ? findRecordType(recordType) : undefined;
  if (!def || !recordId) throw forbidden('administrator rights required');
  await assertVisible(db, actor, recordType as RecordType, def.table as never, recordId);
}

async function detail(db: Db, tenantId: string, id: string) {
  const view = await executionDetail(db, tenantId, id);
  if (!view) throw notFound('flow execution');
  return view;
}

/** Flow runs: executions per flow and per record, steps, retry, cancel, live node counts. */
export async function flowRunRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const runtime = () => flowRuntime(fastify.ctx);
  await registerFlowJobs(fastify.ctx, runtime());

  const flowOf = async (req: FastifyRequest, db: Db, flowId: string) => {
    const flow = await one<{ id: string; published_version: number | null }>(db, sql`SELECT id::text AS id, published_version FROM flows WHERE id = ${flowId} AND tenant_id = ${requireActor(req).tenantId}`);
    if (!flow) throw notFound('flow');
    return flow;
  };

  app.get('/flows/:id/executions', { schema: { tags, params: idParams, querystring: listQuery } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, async (db) => {
      await flowOf(req, db, req.params.id);
      return flowExecutions(db, actor.tenantId, req.params.id, req.query);
    });
  });

  app.get('/flows/:id/node-counts', { schema: { tags, params: idParams, querystring: countsQuery } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, async (db) => {
      const flow = await flowOf(req, db, req.params.id);
      const version = req.query.version ?? flow.published_version;
      if (!version) return {};
      return nodeCounts(db, actor.tenantId, flow.id, version, runtime().clock());
    });
  });

  app.get('/flow-executions', { schema: { tags, querystring: recordQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      await assertRecordViewer(db, actor, req.query.recordType, req.query.recordId);
      return { items: await recordExecutions(db, actor.tenantId, req.query.recordType, req.query.recordId) };
    });
  });

  app.get('/flow-executions/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const view = await detail(db, actor.tenantId, req.params.id);
      await assertRecordViewer(db, actor, view.recordType, view.recordId);
      const version = await one<{ version_id: string }>(db, sql`SELECT version_id::text AS version_id FROM flow_executions WHERE id = ${view.id}`);
      const definition: FlowDefinition = await loadDefinition(db, version!.version_id);
      return { ...view, definition };
    });
  });

  app.post('/flow-executions/:id/retry', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireAdmin(req);
    const rt = runtime();
    const view = await tenantDb(req, async (db) => {
      await inTransaction(db, (tx) => retryExecution(tx, actor.tenantId, req.params.id, rt.clock()), actor.tenantId);
      return detail(db, actor.tenantId, req.params.id);
    });
    rt.kick();
    return view;
  });

  app.post('/flow-executions/:id/cancel', { schema: { tags, params: idParams, body: cancelBody.optional() } }, async (req) => {
    const actor = requireAdmin(req);
    const reason = req.body?.reason ? `${actor.userName} 取消：${req.body.reason}` : `${actor.userName} 取消了此执行`;
    return tenantDb(req, async (db) => {
      await inTransaction(db, (tx) => cancelExecution(tx, actor.tenantId, req.params.id, reason, runtime().clock()), actor.tenantId);
      return detail(db, actor.tenantId, req.params.id);
    });
  });
}
