/** Tasks for people: who sees which, the list buckets, and the API's create / change / delete. */
import { sql, type SQL } from 'drizzle-orm';
import { zonedDayBounds, type Task, type TaskChecklistItem, type TaskStatus } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope } from '../../platform/permissions/recordAccess.ts';
import { leads } from '../leads/schema.ts';
import { customers } from '../customers/schema.ts';
import { contacts } from '../contacts/schema.ts';
import { auditedTask, createTasks } from './create.ts';
import type { CreateTaskInput, ListTasksQuery, TaskRecordType, UpdateTaskInput } from './input.ts';
import { tasks } from './schema.ts';

const OPEN = sql`${tasks.status} IN ('open', 'inProgress')`;
const RECORD_TABLES = { lead: leads, customer: customers, contact: contacts } as const;

/** Tasks the actor may see: assigned to someone in their data scope, or given by them. */
export function visibleTasks(actor: Actor): SQL {
  if (!can(actor.perms, 'task', 'view')) throw forbidden('no permission to view task', { object: 'task', action: 'view' });
  const scope = ownerScope(actor, tasks.assigneeId);
  const base = sql`${tasks.tenantId} = ${actor.tenantId} AND ${tasks.deletedAt} IS NULL`;
  return scope ? sql`${base} AND (${scope} OR ${tasks.createdBy} = ${actor.userId})` : base;
}

/** Everything the DTO needs in one row: names of the assignee, the giver and the related record. */
const SELECT = sql`SELECT ${tasks.id} AS id, ${tasks.title} AS title, ${tasks.description} AS description, ${tasks.recordType} AS record_type,
    ${tasks.recordId} AS record_id, ${tasks.assigneeId} AS assignee_id, ${tasks.createdBy} AS created_by, ${tasks.dueAt} AS due_at,
    ${tasks.remindAt} AS remind_at, ${tasks.remindedAt} AS reminded_at, ${tasks.priority} AS priority, ${tasks.status} AS status,
    ${tasks.kind} AS kind, ${tasks.checklist} AS checklist, ${tasks.sourceStepId} AS source_step_id, ${tasks.completedAt} AS completed_at,
    ${tasks.createdAt} AS created_at, ${tasks.updatedAt} AS updated_at,
    (SELECT name FROM users WHERE id = ${tasks.assigneeId}) AS assignee_name,
    (SELECT name FROM users WHERE id = ${tasks.createdBy}) AS created_by_name,
    CASE ${tasks.recordType}
      WHEN 'lead' THEN (SELECT name FROM leads WHERE id = ${tasks.recordId} AND tenant_id = ${tasks.tenantId})
      WHEN 'customer' THEN (SELECT name FROM customers WHERE id = ${tasks.recordId} AND tenant_id = ${tasks.tenantId})
      WHEN 'contact' THEN (SELECT name FROM contacts WHERE id = ${tasks.recordId} AND tenant_id = ${tasks.tenantId})
    END AS record_name
  FROM ${tasks}`;

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export function toTask(r: Row): Task {
  const checklist = (typeof r.checklist === 'string' ? JSON.parse(r.checklist) : r.checklist) as TaskChecklistItem[];
  return {
    id: r.id as string, title: r.title as string, description: (r.description as string) ?? null,
    recordType: (r.record_type as string) ?? null, recordId: (r.record_id as string) ?? null, recordName: (r.record_name as string) ?? null,
    assigneeId: r.assignee_id as string, assigneeName: (r.assignee_name as string) ?? null,
    createdBy: (r.created_by as string) ?? null, createdByName: (r.created_by_name as string) ?? null,
    dueAt: iso(r.due_at), remindAt: iso(r.remind_at), remindedAt: iso(r.reminded_at),
    priority: r.priority as Task['priority'], status: r.status as TaskStatus, kind: r.kind as Task['kind'], checklist: checklist ?? [],
    sourceStepId: (r.source_step_id as string) ?? null, completedAt: iso(r.completed_at), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
  };
}

/** WHERE and ORDER BY of a bucket at `now`, with "today" in the tenant's zone (see taskBucket). */
export function bucketSql(bucket: ListTasksQuery['bucket'], now: Date, timeZone: string): { where: SQL; order: SQL } {
  const at = sql`${now.toISOString()}::timestamptz`;
  const endOfToday = sql`${new Date(zonedDayBounds(now, timeZone).end).toISOString()}::timestamptz`;
  switch (bucket) {
    case 'overdue':
      return { where: sql`${OPEN} AND ${tasks.dueAt} < ${at}`, order: sql`${tasks.dueAt} ASC, ${tasks.id}` };
    case 'today':
      return { where: sql`${OPEN} AND ${tasks.dueAt} >= ${at} AND ${tasks.dueAt} < ${endOfToday}`, order: sql`${tasks.dueAt} ASC, ${tasks.id}` };
    case 'upcoming':
      return { where: sql`${OPEN} AND (${tasks.dueAt} >= ${endOfToday} OR ${tasks.dueAt} IS NULL)`, order: sql`${tasks.dueAt} ASC NULLS LAST, ${tasks.createdAt} DESC, ${tasks.id}` };
    case 'done':
      return { where: sql`${tasks.status} IN ('done', 'cancelled')`, order: sql`${tasks.completedAt} DESC NULLS LAST, ${tasks.updatedAt} DESC, ${tasks.id}` };
    default:
      return { where: sql`true`, order: sql`(${tasks.status} IN ('done', 'cancelled')), ${tasks.dueAt} ASC NULLS LAST, ${tasks.createdAt} DESC, ${tasks.id}` };
  }
}

/**
 * GET /tasks. mine: assigned to me. team: assigned to anyone in my data scope (a rep's scope is
 * themselves, so a rep's "team" is their own tasks). With a record: that record's tasks I may see.
 */
export async function listTasks(db: Db, actor: Actor, q: ListTasksQuery, now = new Date()): Promise<{ items: Task[]; total: number }> {
  const conds: SQL[] = [visibleTasks(actor)];
  if (q.recordId || q.recordType) {
    if (q.recordType) conds.push(sql`${tasks.recordType} = ${q.recordType}`);
    if (q.recordId) conds.push(sql`${tasks.recordId} = ${q.recordId}`);
  } else if (q.scope === 'mine') {
    conds.push(sql`${tasks.assigneeId} = ${actor.userId}`);
  } else {
    const scope = ownerScope(actor, tasks.assigneeId);
    if (scope) conds.push(scope);
  }
  if (q.assigneeId) conds.push(sql`${tasks.assigneeId} = ${q.assigneeId}`);
  const { where, order } = bucketSql(q.bucket, now, actor.timeZone);
  conds.push(where);
  const all = sql.join(conds, sql` AND `);
  const [count] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${tasks} WHERE ${all}`);
  const found = await rows<Row>(db, sql`${SELECT} WHERE ${all} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: found.map(toTask), total: Number(count?.n ?? 0) };
}

/** A task by id regardless of who asks (after a change that may move it out of the actor's sight). */
export async function loadTask(db: Db, tenantId: string, id: string): Promise<Task | null> {
  const row = await one<Row>(db, sql`${SELECT} WHERE ${tasks.id} = ${id} AND ${tasks.tenantId} = ${tenantId} AND ${tasks.deletedAt} IS NULL`);
  return row ? toTask(row) : null;
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<Task> {
  const row = await one<Row>(db, sql`${SELECT} WHERE ${tasks.id} = ${id} AND ${visibleTasks(actor)}`);
  if (!row) throw notFound('task');
  return toTask(row);
}

/** An active person of the organization, or a 400 naming the field. */
async function assertAssignee(db: Db, actor: Actor, userId: string): Promise<void> {
  const row = await one(db, sql`SELECT 1 AS ok FROM users WHERE id = ${userId} AND tenant_id = ${actor.tenantId} AND status = 'active'`);
  if (!row) throw fieldError('assigneeId', 'no active user with this id');
}

/** The record must exist and be visible to the actor (its existence is not revealed otherwise). */
async function assertRecord(db: Db, actor: Actor, recordType: TaskRecordType | null | undefined, recordId: string | null | undefined): Promise<void> {
  if (!recordType && !recordId) return;
  if (!recordType) throw fieldError('recordType', 'required with recordId');
  if (!recordId) throw fieldError('recordId', 'required with recordType');
  const table = RECORD_TABLES[recordType];
  if (!can(actor.perms, recordType, 'view')) throw fieldError('recordId', `no ${recordType} with this id`);
  const scope = ownerScope(actor, table.ownerId);
  const row = await one(db, sql`SELECT 1 AS ok FROM ${table} WHERE ${table.id} = ${recordId} AND ${table.tenantId} = ${actor.tenantId}
    AND ${table.deletedAt} IS NULL ${scope ? sql`AND (${scope} OR ${table.id} = ANY(ARRAY(SELECT record_id FROM record_shares s WHERE s.tenant_id = ${actor.tenantId}
      AND s.record_type = ${recordType} AND s.user_id = ${actor.userId} AND (s.expires_at IS NULL OR s.expires_at > now()))))` : sql``}`);
  if (!row) throw fieldError('recordId', `no ${recordType} with this id`);
}

function assertTimes(dueAt: Date | null | undefined, remindAt: Date | null | undefined): void {
  if (dueAt && remindAt && remindAt.getTime() > dueAt.getTime()) throw fieldError('remindAt', 'must not be after the due time');
}

export async function createTask(db: Db, actor: Actor, src: AuditSource, input: CreateTaskInput): Promise<Task> {
  if (!can(actor.perms, 'task', 'create')) throw forbidden('no permission to create task', { object: 'task', action: 'create' });
  const assigneeId = input.assigneeId ?? actor.userId;
  if (assigneeId !== actor.userId) await assertAssignee(db, actor, assigneeId);
  await assertRecord(db, actor, input.recordType, input.recordId);
  assertTimes(input.dueAt, input.remindAt);
  const id = await inTransaction(db, async (tx) => {
    const [created] = await createTasks(tx, src, [{
      title: input.title, description: input.description ?? null, assigneeId, recordType: input.recordType ?? null, recordId: input.recordId ?? null,
      dueAt: input.dueAt ?? null, remindAt: input.remindAt ?? null, priority: input.priority, checklist: input.checklist, createdBy: actor.userId,
    }]);
    return created!;
  }, actor.tenantId);
  return getTask(db, actor, id);
}

/** Who may change a task: its assignee or giver, or someone with the edit right whose scope holds the assignee. */
async function loadForChange(db: Db, actor: Actor, id: string, action: 'edit' | 'delete'): Promise<Task> {
  const task = await getTask(db, actor, id);
  const mine = task.assigneeId === actor.userId || task.createdBy === actor.userId;
  if (action === 'edit' && !mine && !can(actor.perms, 'task', 'edit')) throw forbidden('no permission to edit task', { object: 'task', action });
  if (action === 'delete' && task.createdBy !== actor.userId && !can(actor.perms, 'task', 'delete')) throw forbidden('no permission to delete task', { object: 'task', action });
  return task;
}

export async function updateTask(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateTaskInput): Promise<{ task: Task; reassigned: boolean }> {
  const before = await loadForChange(db, actor, id, 'edit');
  if (input.assigneeId && input.assigneeId !== before.assigneeId) await assertAssignee(db, actor, input.assigneeId);
  const recordType = input.recordType !== undefined ? input.recordType : (before.recordType as TaskRecordType | null);
  const recordId = input.recordId !== undefined ? input.recordId : before.recordId;
  if (input.recordType !== undefined || input.recordId !== undefined) {
    if (input.recordType === null && input.recordId === undefined) input.recordId = null; // unlinking takes both
    else await assertRecord(db, actor, recordType, recordId);
  }
  const dueAt = input.dueAt !== undefined ? input.dueAt : before.dueAt ? new Date(before.dueAt) : null;
  const remindAt = input.remindAt !== undefined ? input.remindAt : before.remindAt ? new Date(before.remindAt) : null;
  if (input.dueAt !== undefined || input.remindAt !== undefined) assertTimes(dueAt, remindAt);

  const set: SQL[] = [sql`updated_at = now()`];
  const put = (col: string, v: unknown, cast = '') => set.push(sql`${sql.raw(col)} = ${v}${sql.raw(cast)}`);
  if (input.title !== undefined) put('title', input.title);
  if (input.description !== undefined) put('description', input.description);
  if (input.recordType !== undefined || input.recordId !== undefined) {
    put('record_type', input.recordType === undefined ? recordType : input.recordType);
    put('record_id', input.recordId === undefined ? recordId : input.recordId, '::uuid');
  }
  if (input.assigneeId !== undefined) put('assignee_id', input.assigneeId, '::uuid');
  if (input.dueAt !== undefined) put('due_at', input.dueAt?.toISOString() ?? null, '::timestamptz');
  if (input.priority !== undefined) put('priority', input.priority);
  if (input.checklist !== undefined) put('checklist', JSON.stringify(input.checklist), '::jsonb');
  // a new reminder time (or a new assignee) earns a new reminder
  if (input.remindAt !== undefined && iso(input.remindAt) !== before.remindAt) {
    put('remind_at', input.remindAt?.toISOString() ?? null, '::timestamptz');
    set.push(sql`reminded_at = NULL`);
  }
  if (input.status !== undefined && input.status !== before.status) {
    put('status', input.status);
    const closing = input.status === 'done' || input.status === 'cancelled';
    set.push(closing ? sql`completed_at = now()` : sql`completed_at = NULL`);
  }
  await inTransaction(db, async (tx) => {
    await tx.execute(sql`UPDATE tasks SET ${sql.join(set, sql`, `)} WHERE id = ${id} AND tenant_id = ${actor.tenantId}`);
    const after = (await loadTask(tx, actor.tenantId, id))!;
    await recordAudit(tx, src, { action: 'update', recordType: 'task', recordId: id, before: auditedView(before), after: auditedView(after) });
  }, actor.tenantId);
  const task = (await loadTask(db, actor.tenantId, id))!;
  return { task, reassigned: task.assigneeId !== before.assigneeId };
}

function auditedView(t: Task): Record<string, unknown> {
  return {
    ...auditedTask({ ...t, dueAt: t.dueAt ? new Date(t.dueAt) : null, remindAt: t.remindAt ? new Date(t.remindAt) : null }),
    status: t.status, completedAt: t.completedAt,
  };
}

export async function deleteTask(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  const before = await loadForChange(db, actor, id, 'delete');
  await inTransaction(db, async (tx) => {
    await tx.execute(sql`UPDATE tasks SET deleted_at = now(), updated_at = now() WHERE id = ${id} AND tenant_id = ${actor.tenantId}`);
    await recordAudit(tx, src, { action: 'delete', recordType: 'task', recordId: id, before: auditedView(before) });
  }, actor.tenantId);
}
