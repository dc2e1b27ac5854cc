/**
 * Triggers people and other systems pull: the manual button on a record, the inbound webhook
 * (anonymous, by its secret key) — and the per-record log of flows considered ("why did nothing
 * happen to this lead?").
 */
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { FLOW_RECORD_TYPES, type FlowTriggerCheckView, type RecordType } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { badRequest, conflict, notFound } from '../../../platform/http/errors.ts';
import { requireActor, tenantDb } from '../../../platform/http/request.ts';
import { assertVisible } from '../../../platform/permissions/recordAccess.ts';
import { findRecordType } from '../../../platform/records/registry.ts';
import { activeFlows, CHECK_RETENTION_DAYS, writeChecks } from './checks.ts';
import { registerTriggerJobs, triggerRuntime } from './jobs.ts';
import { UUID_RE } from './records.ts';
import '../checkContext.ts'; // registers lead / customer / contact record types

const tags = ['flows'];
export const MAX_HOOK_BYTES = 64 * 1024;

const recordTypeParam = z.enum(FLOW_RECORD_TYPES);
const idParams = z.object({ id: z.uuid() });
const manualQuery = z.object({ recordType: recordTypeParam });
const runBody = z.object({ recordType: recordTypeParam, recordId: z.uuid() });
const checksQuery = z.object({ recordType: recordTypeParam, recordId: z.uuid() });
const hookParams = z.object({ key: z.string().min(1).max(200) });

/** 404 unless the actor may see the record (existence is not revealed). */
async function assertRecordVisible(db: Db, actor: Parameters<typeof assertVisible>[1], recordType: string, recordId: string) {
  const def = findRecordType(recordType);
  if (!def) throw notFound(recordType);
  await assertVisible(db, actor, recordType as RecordType, def.table as never, recordId);
}

export async function flowTriggerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const ctx = fastify.ctx;
  const listener = await registerTriggerJobs(ctx);
  fastify.addHook('onReady', async () => listener.start());
  fastify.addHook('onClose', async () => listener.stop());

  app.get('/flows/manual', { schema: { tags, summary: 'Active manual flows of a record type (the buttons on its records)', querystring: manualQuery } }, async (req) => {
    const actor = requireActor(req);
    const flows = await tenantDb(req, (db) => activeFlows(db, actor.tenantId, { triggerTypes: ['manual'] }));
    return {
      items: flows
        .filter((f) => f.definition.trigger.recordType === req.query.recordType)
        .map((f) => ({ id: f.id, name: f.name, buttonLabel: f.definition.trigger.buttonLabel || f.name })),
    };
  });

  app.post('/flows/:id/run', { schema: { tags, summary: 'Run a manual flow on a record', params: idParams, body: runBody } }, async (req, reply) => {
    const actor = requireActor(req);
    const { recordType, recordId } = req.body;
    const runtime = triggerRuntime(ctx);
    const executionId = await tenantDb(req, (db) => inTransaction(db, async (tx) => {
      const [flow] = await activeFlows(tx, actor.tenantId, { ids: [req.params.id] });
      if (!flow) {
        const exists = await one(tx, sql`SELECT 1 AS ok FROM flows WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`);
        if (!exists) throw notFound('flow');
        throw conflict('FLOW_NOT_ACTIVE', 'the flow is not active');
      }
      const trigger = flow.definition.trigger;
      if (trigger.type !== 'manual') throw conflict('FLOW_NOT_MANUAL', 'the flow is not started by a button');
      if (trigger.recordType && trigger.recordType !== recordType) throw conflict('FLOW_RECORD_TYPE', `the flow runs on ${trigger.recordType} records`);
      await assertRecordVisible(tx, actor, recordType, recordId);
      const res = await runtime.start(tx, {
        tenantId: actor.tenantId, flowId: flow.id, triggerKey: `manual:${crypto.randomUUID()}`,
        trigger: { type: 'manual', userId: actor.userId, userName: actor.userName, at: runtime.clock().toISOString() },
        recordType, recordId, depth: 0, startedBy: actor.userId,
      });
      await writeChecks(tx, actor.tenantId, [{ flowId: flow.id, recordType, recordId, eventAction: 'manual', started: true, executionId: res.executionId, reason: `${actor.userName} 手动运行` }]);
      return res.executionId;
    }, actor.tenantId));
    runtime.kick();
    return reply.status(202).send({ executionId });
  });

  app.post(
    '/public/flow-hooks/:key',
    { config: { public: true, anonymous: true }, bodyLimit: MAX_HOOK_BYTES, schema: { tags, summary: 'Inbound webhook: starts the flow whose key this is', params: hookParams } },
    async (req, reply) => {
      const found = await ctx.db.asSystem((db) => one<{ id: string; tenant_id: string; status: string; trigger_type: string | null }>(db, sql`
        SELECT id, tenant_id, status, trigger_type FROM flows WHERE webhook_key = ${req.params.key}`));
      if (!found || found.trigger_type !== 'webhook') throw notFound('webhook');
      if (found.status !== 'active') throw conflict('FLOW_NOT_ACTIVE', 'the flow of this webhook is not active');
      const body = req.body ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('INVALID_BODY', 'the body must be a JSON object');
      const idem = req.headers['idempotency-key'];
      if (idem !== undefined && (typeof idem !== 'string' || idem.length < 1 || idem.length > 200)) throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1–200 characters');
      const runtime = triggerRuntime(ctx);
      const tenantId = found.tenant_id;
      const executionId = await ctx.db.forTenant(tenantId, (db) => inTransaction(db, async (tx) => {
        const [flow] = await activeFlows(tx, tenantId, { ids: [found.id] });
        if (!flow) throw conflict('FLOW_NOT_ACTIVE', 'the flow of this webhook is not active');
        const trigger = flow.definition.trigger;
        const rawId = (body as Record<string, unknown>).recordId;
        let recordType: string | null = null;
        let recordId: string | null = null;
        if (rawId !== undefined && rawId !== null && trigger.recordType) {
          const def = findRecordType(trigger.recordType);
          if (typeof rawId !== 'string' || !UUID_RE.test(rawId) || !def) throw badRequest('UNKNOWN_RECORD', 'recordId is not a record of this flow', { field: 'recordId' });
          const exists = await one(tx, sql`SELECT 1 AS ok FROM ${def.table} WHERE ${def.table.id} = ${rawId} AND ${def.table.tenantId} = ${tenantId} AND ${def.table.deletedAt} IS NULL`);
          if (!exists) throw badRequest('UNKNOWN_RECORD', 'recordId is not a record of this flow', { field: 'recordId' });
          recordType = trigger.recordType;
          recordId = rawId;
        }
        const res = await runtime.start(tx, {
          tenantId, flowId: flow.id, triggerKey: `hook:${idem ?? crypto.randomUUID()}`,
          trigger: { type: 'webhook', userId: null, at: runtime.clock().toISOString(), payload: body },
          recordType, recordId, depth: 0, startedBy: null,
        });
        if (res.created) {
          await writeChecks(tx, tenantId, [{ flowId: flow.id, recordType, recordId, eventAction: 'webhook', started: true, executionId: res.executionId, reason: 'Webhook 调用' }]);
        }
        return res.executionId;
      }, tenantId));
      runtime.kick();
      return reply.status(202).send({ executionId });
    },
  );

  app.get('/flow-checks', { schema: { tags, summary: 'Flows considered for a record and why they did (not) start, newest first (30 days)', querystring: checksQuery } }, async (req) => {
    const actor = requireActor(req);
    const { recordType, recordId } = req.query;
    const items = await tenantDb(req, async (db) => {
      await assertRecordVisible(db, actor, recordType, recordId);
      return rows<{ id: string; flow_id: string; flow_name: string; event_action: string; started: boolean; execution_id: string | null; reason: string; created_at: Date | string }>(db, sql`
        SELECT c.id::text AS id, c.flow_id, f.name AS flow_name, c.event_action, c.started, c.execution_id, c.reason, c.created_at
          FROM flow_trigger_checks c JOIN flows f ON f.id = c.flow_id
         WHERE c.tenant_id = ${actor.tenantId} AND c.record_type = ${recordType} AND c.record_id = ${recordId}
           AND c.created_at > now() - make_interval(days => ${CHECK_RETENTION_DAYS})
         ORDER BY c.id DESC LIMIT 200`);
    });
    return {
      items: items.map((r): FlowTriggerCheckView => ({
        id: r.id, flowId: r.flow_id, flowName: r.flow_name, eventAction: r.event_action, started: r.started, executionId: r.execution_id, reason: r.reason,
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  });
}
