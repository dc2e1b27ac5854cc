import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, requireAdmin, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { describeCatalog } from '../../platform/records/catalog.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { exportQuerystring, listBody, listQuerystring } from '../../platform/records/listParams.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { exportList } from '../customers/export.ts';
import { historyQuery, idParams } from '../customers/input.ts';
import { registerCustomerSummaryPart } from '../customers/summary.ts';
import { registerAttachable } from '../files/service.ts';
import { getBoard, getBoardColumnPage } from './board.ts';
import { opportunityType } from './fields.ts';
import { getForecast } from './forecast.ts';
import {
  boardQuery, boardStageParams, boardStageQuery, createOpportunityInput, createPipelineInput, forecastQuery, loseInput, ownerInput,
  pipelineParams, pipelinesQuery, reorderStagesInput, stageInput, stageMoveInput, stageParams, updateOpportunityInput, updatePipelineInput, updateStageInput,
} from './input.ts';
import { addStage, createPipeline, deletePipeline, deleteStage, getPipeline, listPipelines, reorderStages, updatePipeline, updateStage } from './pipelines.ts';
import { listDeletedOpportunities } from './recycle.ts';
import { opportunities } from './schema.ts';
import { registerOpportunitySearch } from './search.ts';
import {
  createOpportunity, customerOpportunities, deleteOpportunity, findVisible, getOpportunity, listOpportunities, opportunitySource, present,
  resolveOpportunityListParams, restoreOpportunity, transferOpportunity, updateOpportunity, type OpportunitySelected,
} from './service.ts';
import { closeOpportunity, moveStage, registerOpportunityApprovable, reopenOpportunity } from './transitions.ts';

const tags = ['opportunities'];

const exportOpportunities = (req: FastifyRequest, reply: FastifyReply) =>
  exportList(req, reply, {
    def: opportunityType, source: opportunitySource, params: resolveOpportunityListParams,
    toRecord: (actor, row) => present(actor, row as OpportunitySelected, 'list'),
    display: { ownerId: (rec) => rec.ownerName ?? null, customerId: (rec) => rec.customerName ?? null, stageId: (rec) => rec.stageName ?? null, pipelineId: (rec) => rec.pipelineName ?? null },
    name: { zh: '商机', en: 'Opportunities' },
  });

/** Pipelines (admin) and opportunities: list, board, forecast, CRUD, stage moves, close / reopen. */
export async function opportunityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerOpportunitySearch();
  registerOpportunityApprovable();
  registerAttachable('opportunity', opportunities);
  registerCustomerSummaryPart('opportunities', async (db, actor, customerId) => {
    if (!can(actor.perms, 'opportunity', 'view')) return null;
    return (await customerOpportunities(db, actor, customerId)).totals;
  });

  // ---------- pipelines ----------
  app.get('/pipelines', { schema: { tags, querystring: pipelinesQuery } }, async (req) => {
    const actor = requireActor(req);
    const all = req.query.all === '1' || req.query.all === 'true';
    return { items: await tenantDb(req, (db) => listPipelines(db, actor, all)) };
  });
  app.get('/pipelines/:id', { schema: { tags, params: pipelineParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getPipeline(db, actor.tenantId, req.params.id));
  });
  app.post('/pipelines', { schema: { tags, body: createPipelineInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    return reply.status(201).send(await tenantDb(req, (db) => createPipeline(db, actor, auditSource(req), req.body)));
  });
  app.patch('/pipelines/:id', { schema: { tags, params: pipelineParams, body: updatePipelineInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => updatePipeline(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/pipelines/:id', { schema: { tags, params: pipelineParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => deletePipeline(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/pipelines/:id/stages', { schema: { tags, params: pipelineParams, body: stageInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    return reply.status(201).send(await tenantDb(req, (db) => addStage(db, actor, auditSource(req), req.params.id, req.body)));
  });
  app.put('/pipelines/:id/stages/order', { schema: { tags, params: pipelineParams, body: reorderStagesInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => reorderStages(db, actor, auditSource(req), req.params.id, req.body.stageIds));
  });
  app.patch('/pipelines/:id/stages/:stageId', { schema: { tags, params: stageParams, body: updateStageInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => updateStage(db, actor, auditSource(req), req.params.id, req.params.stageId, req.body));
  });
  app.delete('/pipelines/:id/stages/:stageId', { schema: { tags, params: stageParams } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => deleteStage(db, actor, auditSource(req), req.params.id, req.params.stageId));
  });

  // ---------- opportunities ----------
  app.get('/opportunities', { schema: { tags, querystring: listQuerystring } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listOpportunities(db, actor, req.query));
  });
  app.post('/opportunities/query', { schema: { tags, body: listBody } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listOpportunities(db, actor, req.body));
  });
  app.get('/opportunities/fields', { schema: { tags } }, async (req) => {
    const actor = requirePermission(req, 'opportunity', 'view');
    return tenantDb(req, async (db) => {
      const items = describeCatalog(await loadCatalog(db, actor, opportunityType));
      // pipeline and stage are selects over the tenant's own pipelines and stages
      const stages = await rows<{ id: string; name: string; pipeline_id: string; pipeline: string }>(db, sql`SELECT s.id::text AS id, s.name, s.pipeline_id::text AS pipeline_id, p.name AS pipeline
        FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE s.tenant_id = ${actor.tenantId} ORDER BY p.sort, p.created_at, s.sort`);
      const pipelines = [...new Map(stages.map((s) => [s.pipeline_id, s.pipeline])).entries()];
      for (const f of items as { key: string; options?: unknown[] }[]) {
        if (f.key === 'stageId') f.options = stages.map((s) => ({ value: s.id, label: pipelines.length > 1 ? `${s.pipeline} · ${s.name}` : s.name }));
        if (f.key === 'pipelineId') f.options = pipelines.map(([value, label]) => ({ value, label }));
      }
      return { items };
    });
  });
  app.get('/opportunities/export.xlsx', { schema: { tags, querystring: exportQuerystring } }, async (req, reply) => exportOpportunities(req, reply));
  app.get('/opportunities/recycle-bin', { schema: { tags, querystring: listQuerystring.omit({ viewId: true }) } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => listDeletedOpportunities(db, actor, req.query));
  });
  app.get('/opportunities/board', { schema: { tags, querystring: boardQuery } }, async (req) => {
    const actor = requirePermission(req, 'opportunity', 'view');
    return tenantDb(req, (db) => getBoard(db, actor, req.query));
  });
  app.get('/opportunities/board/stages/:stageId', { schema: { tags, params: boardStageParams, querystring: boardStageQuery } }, async (req) => {
    const actor = requirePermission(req, 'opportunity', 'view');
    return tenantDb(req, (db) => getBoardColumnPage(db, actor, req.params.stageId, req.query));
  });
  app.get('/opportunities/forecast', { schema: { tags, querystring: forecastQuery } }, async (req) => {
    const actor = requirePermission(req, 'opportunity', 'view');
    return tenantDb(req, (db) => getForecast(db, actor, req.query));
  });
  app.post('/opportunities', { schema: { tags, body: createOpportunityInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'opportunity', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createOpportunity(db, actor, auditSource(req), req.body)));
  });
  app.get('/opportunities/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getOpportunity(db, actor, req.params.id));
  });
  app.patch('/opportunities/:id', { schema: { tags, params: idParams, body: updateOpportunityInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => updateOpportunity(db, actor, auditSource(req), req.params.id, req.body));
  });
  app.delete('/opportunities/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => deleteOpportunity(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
  app.post('/opportunities/:id/restore', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => restoreOpportunity(db, actor, auditSource(req), req.params.id));
  });
  app.patch('/opportunities/:id/owner', { schema: { tags, params: idParams, body: ownerInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => transferOpportunity(db, actor, auditSource(req), req.params.id, req.body.ownerId, req.body.reason));
  });
  app.post('/opportunities/:id/stage', { schema: { tags, params: idParams, body: stageMoveInput } }, async (req, reply) => {
    const actor = requireActor(req);
    const res = await tenantDb(req, (db) => moveStage(db, actor, auditSource(req), req.params.id, req.body.stageId));
    // 202: the stage needs an approval; the client submits it (POST /approvals) and the stage is entered once approved
    return reply.status(res.approvalRequired ? 202 : 200).send({ ...res.opportunity, approvalRequired: res.approvalRequired });
  });
  app.post('/opportunities/:id/win', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => closeOpportunity(db, actor, auditSource(req), req.params.id, 'won'));
  });
  app.post('/opportunities/:id/lose', { schema: { tags, params: idParams, body: loseInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => closeOpportunity(db, actor, auditSource(req), req.params.id, 'lost', req.body.reason));
  });
  app.post('/opportunities/:id/invalid', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => closeOpportunity(db, actor, auditSource(req), req.params.id, 'invalid'));
  });
  app.post('/opportunities/:id/reopen', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => reopenOpportunity(db, actor, auditSource(req), req.params.id));
  });
  app.get('/opportunities/:id/history', { schema: { tags, params: idParams, querystring: historyQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      const rec = await findVisible(db, actor, req.params.id);
      if (!rec) throw notFound('opportunity');
      return { items: await visibleHistory(db, actor, 'opportunity', req.params.id, rec.ownerId, req.query) };
    });
  });
  app.get('/customers/:id/opportunities', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'opportunity', 'view');
    return tenantDb(req, (db) => customerOpportunities(db, actor, req.params.id));
  });
}
