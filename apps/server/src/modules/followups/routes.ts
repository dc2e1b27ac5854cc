import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSource, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { createFollowupInput, idParams, listFollowupsQuery, updateFollowupInput } from './input.ts';
import { createFollowup, deleteFollowup, getFollowup, listFollowups, updateFollowup } from './service.ts';
import { registerFollowupTodo } from './todo.ts';

const tags = ['follow-ups'];

/**
 * Follow-up records (跟进记录, record type 'activity') on leads, customers and contacts. Every call
 * needs the 'activity' permission and sight of the record followed up.
 */
export async function followupRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerFollowupTodo();

  app.get('/followups', {
    schema: { tags, summary: "Follow-ups of a record (a customer's include its contacts'), mine, or all I may see; newest first", querystring: listFollowupsQuery },
  }, async (req) => {
    const actor = requirePermission(req, 'activity', 'view');
    return tenantDb(req, (db) => listFollowups(db, actor, req.query));
  });

  app.post('/followups', {
    schema: { tags, summary: "Log a follow-up; updates the record's last/next follow-up time", body: createFollowupInput },
  }, async (req, reply) => {
    const actor = requirePermission(req, 'activity', 'create');
    return reply.status(201).send(await tenantDb(req, (db) => createFollowup(db, actor, auditSource(req), req.body)));
  });

  app.get('/followups/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'activity', 'view');
    return tenantDb(req, (db) => getFollowup(db, actor, req.params.id));
  });

  app.patch('/followups/:id', { schema: { tags, summary: 'Correct a follow-up (author or administrator)', params: idParams, body: updateFollowupInput } }, async (req) => {
    const actor = requirePermission(req, 'activity', 'edit');
    return tenantDb(req, (db) => updateFollowup(db, actor, auditSource(req), req.params.id, req.body));
  });

  app.delete('/followups/:id', { schema: { tags, summary: 'Delete a follow-up (author or administrator)', params: idParams } }, async (req, reply) => {
    // authors delete their own with edit rights (reps have no delete on follow-ups); see mayChange
    const actor = requirePermission(req, 'activity', 'view');
    await tenantDb(req, (db) => deleteFollowup(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });
}
