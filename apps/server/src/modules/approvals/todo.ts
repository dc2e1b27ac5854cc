/** To-do centre: 待我审批 — approval tasks waiting for me, the ones due soonest first. */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';
import { approvalLink } from './glue.ts';

async function collect(db: Db, actor: Actor, now: Date, limit: number): Promise<TodoGroup | null> {
  const found = await rows<{ instance_id: string; title: string; node_label: string; due_at: Date | string | null; created_at: Date | string; n: number }>(db, sql`
    SELECT i.id::text AS instance_id, i.title, k.node_label, k.due_at, k.created_at, count(*) OVER ()::int AS n
      FROM approval_tasks k JOIN approval_instances i ON i.id = k.instance_id
     WHERE k.tenant_id = ${actor.tenantId} AND k.approver_id = ${actor.userId} AND k.status = 'pending' AND i.status = 'pending'
     ORDER BY k.due_at NULLS LAST, k.created_at LIMIT ${limit}`);
  if (!found.length) return null;
  return {
    key: 'approvals.waiting',
    title: '待我审批',
    titleEn: 'Waiting for my approval',
    total: Number(found[0]!.n),
    items: found.map((r) => ({
      id: r.instance_id,
      title: `${r.title}（${r.node_label}）`,
      link: approvalLink(r.instance_id),
      dueAt: new Date(r.due_at ?? r.created_at).toISOString(),
      urgent: r.due_at !== null && new Date(r.due_at) <= now,
    })),
  };
}

export function registerApprovalTodo(): void {
  registerTodoProvider({ key: 'approvals.waiting', order: 2, collect: (db, actor, { now, limit }) => collect(db, actor, now, limit) });
}
