/** To-do centre: my overdue tasks (逾期任务) and what is due later today (今日任务). */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';
import { taskLink } from './notices.ts';
import { bucketSql } from './service.ts';
import { tasks } from './schema.ts';

async function collect(db: Db, actor: Actor, bucket: 'overdue' | 'today', now: Date, limit: number): Promise<TodoGroup | null> {
  if (!can(actor.perms, 'task', 'view')) return null;
  const { where, order } = bucketSql(bucket, now, actor.timeZone);
  const mine = sql`${tasks.tenantId} = ${actor.tenantId} AND ${tasks.assigneeId} = ${actor.userId} AND ${tasks.deletedAt} IS NULL AND ${where}`;
  const found = await rows<{ id: string; title: string; due_at: Date | string; priority: string; n: number }>(db, sql`
    SELECT ${tasks.id} AS id, ${tasks.title} AS title, ${tasks.dueAt} AS due_at, ${tasks.priority} AS priority, count(*) OVER ()::int AS n
      FROM ${tasks} WHERE ${mine} ORDER BY ${order} LIMIT ${limit}`);
  if (!found.length) return null;
  const overdue = bucket === 'overdue';
  return {
    key: overdue ? 'tasks.overdue' : 'tasks.today',
    title: overdue ? '逾期任务' : '今日任务',
    titleEn: overdue ? 'Overdue tasks' : 'Tasks due today',
    total: Number(found[0]!.n),
    items: found.map((t) => ({
      id: t.id,
      title: t.title,
      link: taskLink(t.id),
      dueAt: new Date(t.due_at).toISOString(),
      urgent: overdue || t.priority === 'urgent' || t.priority === 'high',
    })),
  };
}

export function registerTaskTodo(): void {
  registerTodoProvider({ key: 'tasks.overdue', order: 5, collect: (db, actor, { now, limit }) => collect(db, actor, 'overdue', now, limit) });
  registerTodoProvider({ key: 'tasks.today', order: 6, collect: (db, actor, { now, limit }) => collect(db, actor, 'today', now, limit) });
}
