import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { desc, eq } from 'drizzle-orm';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { capsInput, listCaps, replaceCaps } from './capsSettings.ts';
import { assignFromPool, claimFromPool } from './claim.ts';
import { poolLog } from './events.ts';
import { assignInput, claimInput, createPoolInput, eventsQuery, idParams, poolRecordsQuery, returnInput, rulesInput, updatePoolInput } from './input.ts';
import { poolRole } from './membership.ts';
import { announceAssignment } from './notices.ts';
import { createPool, deletePool, getPool, listPools, updatePool } from './pools.ts';
import { listPoolRecords } from './records.ts';
import { registerRecycleJob, runRecycle } from './recycle.ts';
import { returnToPool } from './returns.ts';
import { listRules, replaceRules } from './rules.ts';
import { poolRecycleRuns } from './schema.ts';
import { registerPoolTodo } from './todo.ts';

const tags = ['public pool'];

/** 公海: pools, their records, claim / assign / return, recycle rules and runs, ownership caps. */
export async function publicPoolRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerPoolTodo();
  await registerRecycleJob(fastify.ctx);

  app.get('/pools', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return { items: await tenantDb(req, (db) => listPools(db, actor)) };
  });

  app.post('/pools', { schema: { tags, body: createPoolInput } }, async (req, reply) => {
    const actor = requireAdmin(req);
    return reply.status(201).send(await tenantDb(req, (db) => createPool(db, actor, auditSource(req), req.body)));
  });

  app.get('/pools/recycle-runs', { schema: { tags } }, async (req) => {
    const actor = requireAdmin(req);
    const items = await tenantDb(req, (db) => db.select().from(poolRecycleRuns).where(eq(poolRecycleRuns.tenantId, actor.tenantId)).orderBy(desc(poolRecycleRuns.startedAt)).limit(20));
    return { items };
  });

  // "Run now": the same run the daily schedule makes, for the admin's organization.
  app.post('/pools/recycle-run', { schema: { tags } }, async (req) => {
    const actor = requireAdmin(req);
    return runRecycle(req.server.ctx, actor.tenantId, { trigger: 'manual', actorId: actor.userId });
  });

  app.post('/pools/return', { schema: { tags, body: returnInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => returnToPool(db, actor, auditSource(req), req.body));
  });

  app.get('/pools/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => getPool(db, actor, req.params.id));
  });

  app.patch('/pools/:id', { schema: { tags, params: idParams, body: updatePoolInput } }, async (req) => {
    const actor = requireAdmin(req);
    return tenantDb(req, (db) => updatePool(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/pools/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requireAdmin(req);
    await tenantDb(req, (db) => deletePool(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.get('/pools/:id/rules', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      await getPool(db, actor, req.params.id); // members may read their pool's rules
      return { items: await listRules(db, actor.tenantId, req.params.id) };
    });
  });

  app.put('/pools/:id/rules', { schema: { tags, params: idParams, body: rulesInput } }, async (req) => {
    const actor = requireAdmin(req);
    return { items: await tenantDb(req, (db) => replaceRules(db, actor, auditSource(req), req.params.id, req.body)) };
  });

  app.get('/pools/:id/records', { schema: { tags, params: idParams, querystring: poolRecordsQuery } }, async (req) => {
    const actor = requireActor(req);
    const { recordType, ...list } = req.query;
    return tenantDb(req, (db) => listPoolRecords(db, actor, req.params.id, recordType, list));
  });

  app.post('/pools/:id/claim', { schema: { tags, params: idParams, body: claimInput } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => claimFromPool(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.post('/pools/:id/assign', { schema: { tags, params: idParams, body: assignInput } }, async (req) => {
    const actor = requireActor(req);
    const { poolName, ...result } = await tenantDb(req, (db) => assignFromPool(db, actor, auditSource(req), req.params.id, req.body));
    if (result.ok.length && req.body.ownerId !== actor.userId) {
      await announceAssignment(req.server.ctx, actor.tenantId, { ownerId: req.body.ownerId, actorName: actor.userName, poolName, recordType: req.body.recordType, count: result.ok.length })
        .catch((err) => req.log.warn({ err }, 'pool assignment notice failed'));
    }
    return result;
  });

  app.get('/pools/:id/events', { schema: { tags, params: idParams, querystring: eventsQuery } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, async (db) => {
      await getPool(db, actor, req.params.id);
      if (!(await poolRole(db, actor, req.params.id)).admin) throw forbidden('only pool admins read the pool log');
      return { items: await poolLog(db, actor.tenantId, req.params.id, req.query) };
    });
  });

  app.get('/ownership-caps', { schema: { tags } }, async (req) => {
    const actor = requireAdmin(req);
    return { items: await tenantDb(req, (db) => listCaps(db, actor.tenantId)) };
  });

  app.put('/ownership-caps', { schema: { tags, body: capsInput } }, async (req) => {
    const actor = requireAdmin(req);
    return { items: await tenantDb(req, (db) => replaceCaps(db, actor, auditSource(req), req.body)) };
  });
}
