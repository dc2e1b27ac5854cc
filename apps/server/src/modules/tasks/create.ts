/** The one way tasks are created: by people (routes) and by flows (runtime/effects.ts). */
import { sql } from 'drizzle-orm';
import type { TaskKind, TaskPriority } from '@loopline/shared';
import { recordAudits, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';

export interface NewTask {
  title: string;
  description?: string | null;
  assigneeId: string;
  recordType?: string | null;
  recordId?: string | null;
  dueAt?: Date | null;
  remindAt?: Date | null;
  priority?: TaskPriority;
  kind?: TaskKind;
  checklist?: { text: string; done?: boolean }[];
  /** flows: the step that created it (unique: a step re-run never creates a second task) */
  sourceStepId?: string | null;
  createdBy?: string | null;
}

/** The audited shape of a task (what flows and the history read). */
export function auditedTask(t: NewTask & { id: string }): Record<string, unknown> {
  return {
    title: t.title, description: t.description ?? null, assigneeId: t.assigneeId, recordType: t.recordType ?? null, recordId: t.recordId ?? null,
    dueAt: t.dueAt?.toISOString() ?? null, remindAt: t.remindAt?.toISOString() ?? null, priority: t.priority ?? 'normal', status: 'open',
    kind: t.kind ?? 'todo', checklist: (t.checklist ?? []).map((c) => ({ text: c.text, done: c.done ?? false })),
  };
}

/**
 * Inserts the tasks (audited, assignee notified in-app after commit is the caller's business — see
 * notices.ts announceTasks) and answers their ids in input order. A task whose sourceStepId already
 * has one answers the existing task's id and is neither inserted nor audited again.
 */
export async function createTasks(tx: Db, src: AuditSource, tasks: NewTask[]): Promise<string[]> {
  const ids: string[] = [];
  const created: (NewTask & { id: string })[] = [];
  for (const t of tasks) {
    const checklist = (t.checklist ?? []).map((c) => ({ text: c.text, done: c.done ?? false }));
    const inserted = await one<{ id: string }>(tx, sql`INSERT INTO tasks (tenant_id, title, description, record_type, record_id, assignee_id, created_by,
        due_at, remind_at, priority, kind, checklist, source_step_id)
      VALUES (${src.tenantId}::uuid, ${t.title}, ${t.description ?? null}, ${t.recordType ?? null}, ${t.recordId ?? null}::uuid, ${t.assigneeId}::uuid,
        ${t.createdBy === undefined ? src.actorId : t.createdBy}::uuid, ${t.dueAt?.toISOString() ?? null}::timestamptz, ${t.remindAt?.toISOString() ?? null}::timestamptz,
        ${t.priority ?? 'normal'}, ${t.kind ?? 'todo'}, ${JSON.stringify(checklist)}::jsonb, ${t.sourceStepId ?? null}::uuid)
      ON CONFLICT (source_step_id) DO NOTHING
      RETURNING id`);
    if (inserted) {
      ids.push(inserted.id);
      created.push({ ...t, checklist, id: inserted.id });
      continue;
    }
    const existing = await one<{ id: string }>(tx, sql`SELECT id FROM tasks WHERE source_step_id = ${t.sourceStepId ?? null}::uuid`);
    if (!existing) throw new Error('task insert answered nothing');
    ids.push(existing.id);
  }
  if (created.length) {
    await recordAudits(tx, src, created.map((t) => ({ action: 'create', recordType: 'task', recordId: t.id, after: auditedTask(t) })));
  }
  return ids;
}
