import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditSource, requireActor, requirePermission, tenantDb } from '../../platform/http/request.ts';
import { notFound } from '../../platform/http/errors.ts';
import { assertCalendarOf, calendarItems, checkedRange } from './calendar.ts';
import { buildFeed, feedState, revokeFeed, rotateFeed } from './feed.ts';
import { calendarQuery, createTaskInput, feedParams, idParams, listTasksQuery, updateTaskInput } from './input.ts';
import { announceTasks } from './notices.ts';
import { registerTaskReminderJob } from './reminders.ts';
import { createTask, deleteTask, getTask, listTasks, updateTask } from './service.ts';
import { registerTaskTodo } from './todo.ts';

const tags = ['tasks'];

/** Tasks (任务), calendar and the private iCalendar feed. */
export async function taskRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerTaskTodo();
  await registerTaskReminderJob(fastify.ctx);

  app.get('/tasks', { schema: { tags, querystring: listTasksQuery } }, async (req) => {
    const actor = requirePermission(req, 'task', 'view');
    return tenantDb(req, (db) => listTasks(db, actor, req.query));
  });

  app.post('/tasks', { schema: { tags, body: createTaskInput } }, async (req, reply) => {
    const actor = requirePermission(req, 'task', 'create');
    const task = await tenantDb(req, (db) => createTask(db, actor, auditSource(req), req.body));
    await announceTasks(req.server.ctx, actor.tenantId, [task], { userId: actor.userId, name: actor.userName });
    return reply.status(201).send(task);
  });

  app.get('/tasks/:id', { schema: { tags, params: idParams } }, async (req) => {
    const actor = requirePermission(req, 'task', 'view');
    return tenantDb(req, (db) => getTask(db, actor, req.params.id));
  });

  app.patch('/tasks/:id', { schema: { tags, params: idParams, body: updateTaskInput } }, async (req) => {
    const actor = requirePermission(req, 'task', 'view');
    const { task, reassigned } = await tenantDb(req, (db) => updateTask(db, actor, auditSource(req), req.params.id, req.body));
    if (reassigned) await announceTasks(req.server.ctx, actor.tenantId, [task], { userId: actor.userId, name: actor.userName });
    return task;
  });

  app.delete('/tasks/:id', { schema: { tags, params: idParams } }, async (req, reply) => {
    const actor = requirePermission(req, 'task', 'view');
    await tenantDb(req, (db) => deleteTask(db, actor, auditSource(req), req.params.id));
    return reply.status(204).send();
  });

  app.get('/calendar', { schema: { tags, querystring: calendarQuery } }, async (req) => {
    const actor = requireActor(req);
    const { from, to } = checkedRange(req.query.from, req.query.to, actor.timeZone);
    const userId = req.query.userId ?? actor.userId;
    return tenantDb(req, async (db) => {
      await assertCalendarOf(db, actor, userId);
      const items = await calendarItems(db, actor, userId, from, to);
      return { items: items.map(({ remindAt: _r, description: _d, ...item }) => item) };
    });
  });

  app.get('/calendar/feed', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => feedState(db, actor));
  });

  app.post('/calendar/feed', { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => rotateFeed(db, actor, req.server.ctx.config.publicUrl));
  });

  app.delete('/calendar/feed', { schema: { tags } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => revokeFeed(db, actor));
    return reply.status(204).send();
  });

  // Calendar apps fetch this without a session: the secret in the URL is the credential.
  app.get('/calendar/feed/:file', { config: { anonymous: true }, schema: { tags, params: feedParams } }, async (req, reply) => {
    const m = /^(.+)\.ics$/.exec(req.params.file);
    const text = m ? await buildFeed(req.server.ctx, m[1]!) : null;
    if (text === null) throw notFound('calendar feed');
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', 'inline; filename="loopline.ics"')
      .send(text);
  });
}
