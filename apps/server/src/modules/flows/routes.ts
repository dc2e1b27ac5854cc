import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FlowProblem, RecordType } from '@loopline/shared';
import { inTransaction } from '../../platform/db/transaction.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { auditSource, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { assertVisible } from '../../platform/permissions/recordAccess.ts';
import { requireRecordType } from '../../platform/records/registry.ts';
import {
  createFlowInput, listFlowsQuery, diffOut, diffQuery, disableInput, dryRunInput, dryRunOut, flowDetailOut, flowDisabledOut, flowListOut, flowVersionOut, idParams,
  problemsOut, templatesOut, updateFlowInput, versionParams,
} from './input.ts';
import { flowRuntime } from './runtime/index.ts';
import {
  checkFlowDefinition, createFlow, definitionFor, deleteFlow, diffFlow, disableFlow, enableFlow, getFlowDetail, getFlowVersion, listFlows, publishFlow, updateFlow,
} from './store.ts';
import { ALL_FLOW_TEMPLATES } from './templates.ts';

const tags = ['flows'];

/** Flows (流程): definitions, versions, publish, diff, dry run — administrators only. Runs: runtime/routes.ts. */
export async function flowRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const baseUrl = () => fastify.ctx.config.publicUrl;
  const detail = (req: FastifyRequest, id: string) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => getFlowDetail(db, actor.tenantId, id, baseUrl()));
  };

  app.get('/flows', { schema: { tags, querystring: listFlowsQuery, response: { 200: flowListOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return { items: await tenantDb(req, (db) => listFlows(db, actor.tenantId, req.query.kind)) };
  });

  // Registered before /flows/:id so "templates" is never read as an id.
  app.get('/flows/templates', { schema: { tags, response: { 200: templatesOut } } }, async (req) => {
    requireAdmin(req);
    return { items: ALL_FLOW_TEMPLATES.map((t) => ({ key: t.key, name: t.name, description: t.description, recordType: t.recordType, kind: t.definition.trigger.type === 'approvalSubmitted' ? 'approval' as const : 'automation' as const, definition: t.definition })) };
  });

  app.post('/flows', { schema: { tags, body: createFlowInput, response: { 201: flowDetailOut } } }, async (req, reply) => {
    const actor = requireAdmin(req);
    const id = await tenantDb(req, (db) => inTransaction(db, (tx) => createFlow(tx, auditSource(req), req.body), actor.tenantId));
    return reply.status(201).send(await detail(req, id));
  });

  app.get('/flows/:id', { schema: { tags, params: idParams, response: { 200: flowDetailOut } } }, async (req) => detail(req, req.params.id));

  app.put('/flows/:id', { schema: { tags, params: idParams, body: updateFlowInput, response: { 200: flowDetailOut } } }, async (req) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => inTransaction(db, (tx) => updateFlow(tx, auditSource(req), req.params.id, req.body), actor.tenantId));
    return detail(req, req.params.id);
  });

  app.delete('/flows/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => inTransaction(db, (tx) => deleteFlow(tx, auditSource(req), req.params.id), actor.tenantId));
    return reply.status(204).send();
  });

  app.post('/flows/:id/validate', { schema: { tags, params: idParams, response: { 200: problemsOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, async (db) => ({ problems: await checkFlowDefinition(db, actor.tenantId, await definitionFor(db, actor.tenantId, req.params.id)) }));
  });

  app.post('/flows/:id/publish', { schema: { tags, params: idParams, response: { 200: flowDetailOut } } }, async (req) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => inTransaction(db, (tx) => publishFlow(tx, auditSource(req), req.params.id), actor.tenantId));
    return detail(req, req.params.id);
  });

  app.post('/flows/:id/disable', { schema: { tags, params: idParams, body: disableInput, response: { 200: flowDisabledOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const runtime = flowRuntime(fastify.ctx);
    const cancelled = await tenantDb(req, (db) => inTransaction(db, (tx) => disableFlow(tx, auditSource(req), runtime, req.params.id, req.body?.reason), actor.tenantId));
    return { ...(await detail(req, req.params.id)), cancelled };
  });

  app.post('/flows/:id/enable', { schema: { tags, params: idParams, response: { 200: flowDetailOut } } }, async (req) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => inTransaction(db, (tx) => enableFlow(tx, auditSource(req), req.params.id), actor.tenantId));
    return detail(req, req.params.id);
  });

  app.get('/flows/:id/versions/:version', { schema: { tags, params: versionParams, response: { 200: flowVersionOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => getFlowVersion(db, actor.tenantId, req.params.id, req.params.version));
  });

  app.get('/flows/:id/diff', { schema: { tags, params: idParams, querystring: diffQuery, response: { 200: diffOut } } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => diffFlow(db, actor.tenantId, req.params.id, req.query.from, req.query.to));
  });

  /** What the draft (or a version) would do on a record, without doing it, plus what publish would reject. */
  app.post('/flows/:id/dry-run', { schema: { tags, params: idParams, body: dryRunInput, response: { 200: dryRunOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const runtime = flowRuntime(fastify.ctx);
    return tenantDb(req, async (db) => {
      const def = await definitionFor(db, actor.tenantId, req.params.id, req.body.version);
      let record: { recordType: string; recordId: string } | null = null;
      if (req.body.recordId) {
        const recordType = req.body.recordType ?? def.trigger.recordType;
        if (!recordType) throw badRequest('VALIDATION_FAILED', 'recordType: required when the flow has no record type', { fields: [{ field: 'recordType', message: 'required' }] });
        const type = requireRecordType(recordType);
        await assertVisible(db, actor, type.recordType as RecordType, type.table, req.body.recordId);
        record = { recordType, recordId: req.body.recordId };
      }
      const problems = await checkFlowDefinition(db, actor.tenantId, def);
      try {
        const result = await runtime.dryRun(db, actor.tenantId, def, record, actor.userId);
        return { steps: result.steps, problems: mergeProblems(problems, result.problems) };
      } catch (err) {
        // a draft too broken to walk (say, an edge to a missing node): its problems are the answer
        if (problems.length) return { steps: [], problems };
        throw err;
      }
    });
  });
}

function mergeProblems(a: FlowProblem[], b: FlowProblem[]): FlowProblem[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((p) => {
    const key = `${p.nodeId}\u0000${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
