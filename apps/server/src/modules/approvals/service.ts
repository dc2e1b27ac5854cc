/**
 * Approvals (审批): submitting a record, and every decision, each in one transaction.
 *
 * Locks: a decision locks the flow execution row, then the instance row (FOR UPDATE) — the order the
 * flow worker uses (execution, then the instance in the approval effect) — re-reads the task and
 * checks it is the actor's and still pending. Two simultaneous approvals on an any-of node are thus
 * serialized: the first decides the node and cancels the other tasks, the second finds its task
 * cancelled (409 TASK_DECIDED). A decided node signals its waiting flow step in that transaction;
 * after the commit the flow continues step by step (each its own transaction, exactly once — a
 * crash in between leaves the step pending for the worker), and the step that ends the execution
 * sets the final status and calls the record's ApprovableDef.onStatus (glue.ts).
 *
 * Which flow: the active approval flows of the record type whose start condition holds; with
 * several, the one published first (oldest version 1) wins. None → approved at once ('autoPass').
 */
import { sql } from 'drizzle-orm';
import {
  evaluateFilter, type ApprovalActionView, type ApprovalInboxBox, type ApprovalInboxItem, type ApprovalInstanceView, type ApprovalMode,
  type ApprovalTaskView, type FlowDefinition, type RecordApprovalState, type RecordType, type SubmitApprovalInput,
} from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import { findRecordType } from '../../platform/records/registry.ts';
import { approvalSignal, type ApprovalConfig, type ApprovalSignalPayload } from '../flows/engine/approval.ts';
import { nodeConfigSchemas } from '@loopline/shared';
import { loadFieldCatalog, loadRecordSnapshot, tenantTimeZone } from '../flows/runtime/context.ts';
import { cancelExecution, signalStep, startExecution } from '../flows/runtime/control.ts';
import type { FlowRuntime } from '../flows/runtime/index.ts';
import { approvableFor } from './defaults.ts';
import {
  approvalLink, finishInstance, instanceDefinition, logAction, managerOf, notifyInTx, recordStatus, sendTaskNotices, tenantAdmins, type InstanceRow,
} from './glue.ts';
import { withApproverEdits } from './lock.ts';

const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());

export interface TaskRow {
  id: string; instance_id: string; step_id: string; node_id: string; node_label: string; approver_id: string; seq: number;
  status: ApprovalTaskView['status']; origin: ApprovalTaskView['origin']; origin_task_id: string | null; due_at: Date | string | null;
  reminded_at: Date | string | null; decided_at: Date | string | null; comment: string | null; created_at: Date | string;
}

/** The record types a person can submit: those with a record table (registered) — approvable or not. */
function recordTable(recordType: string) {
  const rt = findRecordType(recordType);
  if (!rt) throw badRequest('UNKNOWN_RECORD_TYPE', `record type "${recordType}" cannot be submitted for approval`, { field: 'recordType' });
  return rt;
}

/** 404 when the actor cannot see the record, 403 when they may not edit it; locks the record row. */
async function lockRecordForSubmit(tx: Db, actor: Actor, recordType: string, recordId: string): Promise<void> {
  const rt = recordTable(recordType);
  const t = rt.table;
  if (!can(actor.perms, recordType as RecordType, 'view')) throw notFound(recordType);
  const visible = await one(tx, sql`SELECT 1 AS ok FROM ${t} WHERE ${t.id} = ${recordId} AND ${t.deletedAt} IS NULL AND ${visibleRecords(actor, recordType as RecordType, t)}`);
  if (!visible) throw notFound(recordType);
  if (!can(actor.perms, recordType as RecordType, 'edit')) throw forbidden(`no permission to submit ${recordType} for approval`, { object: recordType, action: 'edit' });
  const writable = await one(tx, sql`SELECT 1 AS ok FROM ${t} WHERE ${t.id} = ${recordId} AND ${writableRecords(actor, recordType as RecordType, t, 'edit')} FOR UPDATE`);
  if (!writable) throw forbidden(`no permission to submit this ${recordType} for approval`, { object: recordType, action: 'edit' });
}

interface FlowChoice { flowId: string; versionId: string; version: number; definition: FlowDefinition; name: string }

/** Active approval flows of a record type, the first published first. */
async function approvalFlows(tx: Db, tenantId: string, recordType: string): Promise<FlowChoice[]> {
  const found = await rows<{ id: string; name: string; version_id: string; version: number; definition: FlowDefinition | string }>(tx, sql`
    SELECT f.id::text AS id, f.name, v.id::text AS version_id, v.version, v.definition
      FROM flows f JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.published_version
     WHERE f.tenant_id = ${tenantId} AND f.status = 'active' AND f.kind = 'approval' AND f.trigger_type = 'approvalSubmitted' AND f.record_type = ${recordType}
     ORDER BY (SELECT min(published_at) FROM flow_versions v1 WHERE v1.flow_id = f.id), f.created_at, f.id`);
  return found.map((f) => ({ flowId: f.id, versionId: f.version_id, version: Number(f.version), name: f.name, definition: typeof f.definition === 'string' ? JSON.parse(f.definition) : f.definition }));
}

/** The flow that applies to the record now (its start condition holds), or null. */
export async function applicableFlow(tx: Db, tenantId: string, recordType: string, recordId: string, userId: string): Promise<FlowChoice | null> {
  const flows = await approvalFlows(tx, tenantId, recordType);
  if (!flows.length) return null;
  const record = await loadRecordSnapshot(tx, tenantId, recordType, recordId);
  const catalog = await loadFieldCatalog(tx, tenantId, recordType);
  const timeZone = await tenantTimeZone(tx, tenantId);
  for (const f of flows) {
    const cond = f.definition.trigger.condition;
    if (!cond) return f;
    if (!record) continue;
    try {
      if (evaluateFilter(cond, record, catalog, { now: new Date(), timeZone, userId })) return f;
    } catch {
      // a condition that cannot be judged on this record does not apply
    }
  }
  return null;
}

/** Approval nodes whose approvers the submitter chooses. */
function choosingNodes(def: FlowDefinition): { nodeId: string; label: string; max: number }[] {
  return def.nodes.filter((n) => n.type === 'approval').flatMap((n) => {
    const a = (n.config as { approvers?: { kind?: string; max?: number } }).approvers;
    return a?.kind === 'submitterChooses' ? [{ nodeId: n.id, label: n.label || n.id, max: a.max ?? 20 }] : [];
  });
}

export interface SubmitOptions {
  runtime?: Pick<FlowRuntime, 'runInline'> | null;
  now?: Date;
  /** run the flow's first steps in this transaction (tasks exist at commit); default true */
  inline?: boolean;
}

/**
 * Submits a record for approval in the caller's transaction (other modules' services and demo
 * seeders call this). Answers the instance id and its execution (null: approved at once).
 */
export async function submitForApproval(tx: Db, actor: Actor, src: AuditSource, input: SubmitApprovalInput, opts: SubmitOptions = {}): Promise<{ instanceId: string; executionId: string | null }> {
  const now = opts.now ?? new Date();
  const { recordType, recordId } = input;
  const def = approvableFor(recordType);
  if (!def) throw badRequest('UNKNOWN_RECORD_TYPE', `record type "${recordType}" cannot be submitted for approval`, { field: 'recordType' });
  await lockRecordForSubmit(tx, actor, recordType, recordId);
  const live = await one<{ id: string }>(tx, sql`SELECT id::text AS id FROM approval_instances WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ${recordId} AND status = 'pending'`);
  if (live) throw conflict('APPROVAL_PENDING', '该记录已在审批中', { instanceId: live.id });
  await def.assertSubmittable?.(tx, actor, recordId);
  const described = await def.describe(tx, actor.tenantId, recordId);
  if (!described) throw notFound(recordType);
  const flow = await applicableFlow(tx, actor.tenantId, recordType, recordId, actor.userId);
  const chosen: Record<string, string[]> = {};
  if (flow) {
    for (const n of choosingNodes(flow.definition)) {
      const ids = [...new Set(input.chosenApprovers?.[n.nodeId] ?? [])];
      const field = `chosenApprovers.${n.nodeId}`;
      if (!ids.length) throw badRequest('CHOOSE_APPROVERS', `请为「${n.label}」选择审批人`, { field, fields: [{ field, message: 'required' }] });
      if (ids.length > n.max) throw badRequest('CHOOSE_APPROVERS', `「${n.label}」最多选择 ${n.max} 位审批人`, { field, fields: [{ field, message: `at most ${n.max}` }] });
      const ok = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM users WHERE tenant_id = ${actor.tenantId} AND status = 'active' AND id = ANY(${sql.param(ids)}::uuid[])`);
      if (ok.length !== ids.length) throw badRequest('CHOOSE_APPROVERS', `「${n.label}」选择的审批人不存在或已停用`, { field, fields: [{ field, message: 'unknown or inactive user' }] });
      chosen[n.nodeId] = ids;
    }
  }
  const previous = await one<{ status: string }>(tx, sql`SELECT status FROM approval_instances WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ${recordId} ORDER BY submitted_at DESC LIMIT 1`);
  const [inst] = await rows<InstanceRow>(tx, sql`INSERT INTO approval_instances (tenant_id, record_type, record_id, title, summary, flow_id, flow_version_id, status, submitted_by, submitted_at, chosen_approvers, submit_comment, updated_at)
    VALUES (${actor.tenantId}, ${recordType}, ${recordId}, ${described.title}, ${JSON.stringify(described.summary)}::jsonb, ${flow?.flowId ?? null}, ${flow?.versionId ?? null},
      'pending', ${actor.userId}, ${now.toISOString()}::timestamptz, ${JSON.stringify(chosen)}::jsonb, ${input.comment ?? null}, ${now.toISOString()}::timestamptz)
    RETURNING *`);
  await logAction(tx, actor.tenantId, { instanceId: inst!.id, action: previous && ['returned', 'withdrawn', 'rejected'].includes(previous.status) ? 'resubmit' : 'submit', actorId: actor.userId, comment: input.comment, at: now });
  await recordStatus(tx, inst!, 'pending', actor.userId, src);
  if (!flow) {
    await logAction(tx, actor.tenantId, { instanceId: inst!.id, action: 'autoPass', actorId: null, comment: '没有适用的审批流程', at: now });
    await finishInstance(tx, inst!, 'approved', null, { ...src, actorId: null, actorType: 'system' }, now);
    return { instanceId: inst!.id, executionId: null };
  }
  const { executionId } = await startExecution(tx, {
    tenantId: actor.tenantId, flowId: flow.flowId, triggerKey: `approval:${inst!.id}`,
    trigger: { type: 'approvalSubmitted', userId: actor.userId, userName: actor.userName, at: now.toISOString() },
    recordType, recordId, depth: src.flow ? src.flow.depth + 1 : 0, startedBy: actor.userId,
  }, now);
  await tx.execute(sql`UPDATE approval_instances SET execution_id = ${executionId} WHERE id = ${inst!.id}`);
  if (opts.inline !== false && opts.runtime) await opts.runtime.runInline(tx, actor.tenantId, executionId);
  return { instanceId: inst!.id, executionId };
}

// ------------------------------------------------------------------ decisions

/** Locks the instance's execution, then the instance (the worker's order). */
async function lockInstance(tx: Db, tenantId: string, instanceId: string): Promise<InstanceRow> {
  const peek = await one<{ execution_id: string | null }>(tx, sql`SELECT execution_id::text AS execution_id FROM approval_instances WHERE id = ${instanceId} AND tenant_id = ${tenantId}`);
  if (!peek) throw notFound('approval');
  if (peek.execution_id) await tx.execute(sql`SELECT id FROM flow_executions WHERE id = ${peek.execution_id} FOR UPDATE`);
  const inst = await one<InstanceRow>(tx, sql`SELECT * FROM approval_instances WHERE id = ${instanceId} AND tenant_id = ${tenantId} FOR UPDATE`);
  if (!inst) throw notFound('approval');
  return inst;
}

async function nodeConfig(tx: Db, inst: InstanceRow, nodeId: string): Promise<{ config: ApprovalConfig; def: FlowDefinition | null }> {
  const def = await instanceDefinition(tx, inst);
  const node = def?.nodes.find((n) => n.id === nodeId);
  const parsed = nodeConfigSchemas.approval.safeParse(node?.config ?? {});
  const config = parsed.success ? parsed.data : ({ approvers: { kind: 'owner' }, mode: 'anyOf', whenNoApprover: 'toAdmin', whenApproverIsSubmitter: 'autoPass' } as ApprovalConfig);
  return { config, def };
}

const stepTasks = (tx: Db, stepId: string) => rows<TaskRow>(tx, sql`SELECT * FROM approval_tasks WHERE step_id = ${stepId} ORDER BY seq, created_at, id`);

export interface DecisionCtx { runtime: Pick<FlowRuntime, 'clock'> | null; now?: Date }
/** A decision's actor: a person, or the system (timeouts: actor null). */
type Who = { actor: Actor | null; src: AuditSource };

/** Earlier approval nodes of this instance (visited before the task's node), in visit order. */
async function returnTargets(tx: Db, inst: InstanceRow, task: TaskRow): Promise<{ nodeId: string; label: string }[]> {
  // steps of one execution are created in order (flow_steps.created_at), whatever the clock says
  const found = await rows<{ node_id: string; node_label: string }>(tx, sql`SELECT k.node_id, min(k.node_label) AS node_label, min(s.created_at) AS first
    FROM approval_tasks k JOIN flow_steps s ON s.id = k.step_id
    WHERE k.instance_id = ${inst.id} AND k.node_id <> ${task.node_id}
      AND s.created_at < (SELECT created_at FROM flow_steps WHERE id = ${task.step_id})
    GROUP BY k.node_id ORDER BY first`);
  return found.map((r) => ({ nodeId: r.node_id, label: r.node_label }));
}

async function loadTaskForDecision(tx: Db, actor: Actor | null, tenantId: string, taskId: string): Promise<{ task: TaskRow; inst: InstanceRow }> {
  const peek = await one<{ instance_id: string }>(tx, sql`SELECT instance_id::text AS instance_id FROM approval_tasks WHERE id = ${taskId} AND tenant_id = ${tenantId}`);
  if (!peek) throw notFound('approval task');
  const inst = await lockInstance(tx, tenantId, peek.instance_id);
  const task = (await one<TaskRow>(tx, sql`SELECT * FROM approval_tasks WHERE id = ${taskId} FOR UPDATE`))!;
  if (inst.status !== 'pending') throw conflict('APPROVAL_NOT_PENDING', '该审批已结束或已撤回', { status: inst.status });
  if (actor && task.approver_id !== actor.userId) throw new AppError(403, 'NOT_YOUR_TASK', '这不是您的审批任务');
  if (task.status !== 'pending') throw conflict('TASK_DECIDED', '该审批任务已处理', { status: task.status });
  return { task, inst };
}

/** The node's outcome after the task's decision (null: still waiting), activating who is next. */
async function settleNode(tx: Db, inst: InstanceRow, task: TaskRow, config: ApprovalConfig, decided: 'approved' | 'rejected', mail: boolean): Promise<'approved' | 'rejected' | null> {
  const all = await stepTasks(tx, task.step_id);
  const wake = async (ids: string[]) => {
    if (!ids.length) return;
    await tx.execute(sql`UPDATE approval_tasks SET status = 'pending' WHERE id = ANY(${sql.param(ids)}::uuid[])`);
    await sendTaskNotices(tx, inst.tenant_id, inst, all.filter((t) => ids.includes(t.id)).map((t) => t.approver_id), mail ? undefined : undefined);
  };
  if (decided === 'approved') {
    // 加签 before me: the person I added approved → my task is mine again
    if (task.origin === 'addedBefore' && task.origin_task_id) {
      await wake([task.origin_task_id]);
      return null;
    }
    // 加签 after me: they decide next
    const after = all.filter((t) => t.origin === 'addedAfter' && t.origin_task_id === task.id && t.status === 'queued');
    if (after.length) {
      await wake(after.map((t) => t.id));
      return null;
    }
  }
  const live = all.filter((t) => !['delegated', 'cancelled', 'skipped'].includes(t.status));
  const approved = live.filter((t) => t.status === 'approved').length;
  const open = live.filter((t) => t.status === 'pending' || t.status === 'queued');
  const mode: ApprovalMode = config.mode;
  if (decided === 'rejected') {
    if (mode !== 'ratio') return 'rejected';
    const ratio = config.passRatio ?? 100;
    return (approved + open.length) * 100 < ratio * live.length ? 'rejected' : null;
  }
  if (mode === 'single' || mode === 'anyOf') return 'approved';
  if (mode === 'ratio' && approved * 100 >= (config.passRatio ?? 100) * live.length) return 'approved';
  if (!open.length) return 'approved';
  if (mode === 'sequential' && !open.some((t) => t.status === 'pending')) {
    const next = open.filter((t) => t.status === 'queued').sort((a, b) => a.seq - b.seq)[0];
    if (next) await wake([next.id]);
  }
  return null;
}

/** The node is decided: open tasks close, the node leaves the banner, the flow step is signalled. */
async function closeNode(tx: Db, inst: InstanceRow, task: TaskRow, payload: ApprovalSignalPayload, at: Date): Promise<void> {
  await tx.execute(sql`UPDATE approval_tasks SET status = 'cancelled' WHERE step_id = ${task.step_id} AND status IN ('pending', 'queued')`);
  await tx.execute(sql`UPDATE approval_instances SET current_node_ids = array_remove(current_node_ids, ${task.node_id}), updated_at = ${at.toISOString()}::timestamptz WHERE id = ${inst.id}`);
  const ok = await signalStep(tx, inst.tenant_id, approvalSignal(task.step_id), payload);
  if (!ok) throw conflict('APPROVAL_NOT_PENDING', '该审批节点已不在等待中');
}

async function applyEdits(tx: Db, who: Who, inst: InstanceRow, config: ApprovalConfig, fields: Record<string, unknown> | undefined): Promise<void> {
  if (!fields || !Object.keys(fields).length) return;
  const allowed = new Set(config.editableFields ?? []);
  const bad = Object.keys(fields).find((k) => !allowed.has(k));
  if (bad) throw badRequest('FIELD_NOT_EDITABLE', `审批人不能修改字段 ${bad}`, { field: `fields.${bad}`, fields: [{ field: `fields.${bad}`, message: 'not editable at this node' }] });
  const def = approvableFor(inst.record_type);
  if (!def?.applyApproverEdits || !who.actor) throw badRequest('FIELD_NOT_EDITABLE', '此类记录不支持审批人修改字段', { field: 'fields' });
  await withApproverEdits(tx, { recordType: inst.record_type, recordId: inst.record_id, fields: Object.keys(fields) }, () => def.applyApproverEdits!(tx, who.actor!, who.src, inst.record_id, fields));
}

export type DecideInput = { comment?: string; attachmentIds?: string[]; fields?: Record<string, unknown> };

/** Approve or reject a task (a person, or a timeout with actor null and `auto`). Answers the instance id and whether the flow was signalled. */
export async function decideTask(tx: Db, who: Who, tenantId: string, taskId: string, decision: 'approved' | 'rejected', input: DecideInput, at: Date, auto = false): Promise<{ instanceId: string; executionId: string | null; signalled: boolean }> {
  const { task, inst } = await loadTaskForDecision(tx, who.actor, tenantId, taskId);
  const { config } = await nodeConfig(tx, inst, task.node_id);
  await applyEdits(tx, who, inst, config, input.fields);
  await tx.execute(sql`UPDATE approval_tasks SET status = ${decision}, decided_at = ${at.toISOString()}::timestamptz, comment = ${input.comment ?? null} WHERE id = ${task.id}`);
  await tx.execute(sql`UPDATE approval_instances SET first_decision_at = coalesce(first_decision_at, ${at.toISOString()}::timestamptz), updated_at = ${at.toISOString()}::timestamptz WHERE id = ${inst.id}`);
  const action = auto ? (decision === 'approved' ? 'autoApprove' : 'autoReject') : decision === 'approved' ? 'approve' : 'reject';
  await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action, actorId: who.actor?.userId ?? null, comment: input.comment, attachmentIds: input.attachmentIds, data: input.fields ? { fields: input.fields } : {}, at });
  const outcome = await settleNode(tx, inst, { ...task, status: decision }, config, decision, true);
  if (outcome) await closeNode(tx, inst, task, { outcome }, at);
  return { instanceId: inst.id, executionId: inst.execution_id, signalled: outcome !== null };
}

export async function returnTask(tx: Db, who: Who & { actor: Actor }, tenantId: string, taskId: string, input: DecideInput & { toNodeId: string }, at: Date): Promise<{ instanceId: string; executionId: string | null; signalled: boolean }> {
  const { task, inst } = await loadTaskForDecision(tx, who.actor, tenantId, taskId);
  const { config } = await nodeConfig(tx, inst, task.node_id);
  const targets = await returnTargets(tx, inst, task);
  if (input.toNodeId !== 'submitter' && !targets.some((t) => t.nodeId === input.toNodeId)) {
    throw badRequest('BAD_RETURN_TARGET', '只能退回给提交人或之前的审批节点', { field: 'toNodeId', fields: [{ field: 'toNodeId', message: 'not an earlier approval node' }] });
  }
  await applyEdits(tx, who, inst, config, input.fields);
  await tx.execute(sql`UPDATE approval_tasks SET status = 'returned', decided_at = ${at.toISOString()}::timestamptz, comment = ${input.comment ?? null} WHERE id = ${task.id}`);
  await tx.execute(sql`UPDATE approval_instances SET first_decision_at = coalesce(first_decision_at, ${at.toISOString()}::timestamptz) WHERE id = ${inst.id}`);
  await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action: 'return', actorId: who.actor.userId, comment: input.comment, attachmentIds: input.attachmentIds, data: { toNodeId: input.toNodeId }, at });
  if (input.toNodeId === 'submitter') {
    // back to the submitter: this approval ends 'returned'; they edit and submit again (a new instance)
    await finishInstance(tx, inst, 'returned', who.actor.userId, who.src, at);
    if (inst.execution_id) await cancelExecution(tx, tenantId, inst.execution_id, '审批被退回给提交人', at, { quiet: true });
    return { instanceId: inst.id, executionId: inst.execution_id, signalled: false };
  }
  await closeNode(tx, inst, task, { outcome: 'returned', toNodeId: input.toNodeId }, at);
  return { instanceId: inst.id, executionId: inst.execution_id, signalled: true };
}

async function assertUser(tx: Db, tenantId: string, userId: string, field: string): Promise<void> {
  const u = await one(tx, sql`SELECT 1 AS ok FROM users WHERE id = ${userId} AND tenant_id = ${tenantId} AND status = 'active'`);
  if (!u) throw badRequest('VALIDATION_FAILED', `${field}: 用户不存在或已停用`, { field, fields: [{ field, message: 'unknown or inactive user' }] });
}

export async function delegateTask(tx: Db, who: Who & { actor: Actor }, tenantId: string, taskId: string, input: { toUserId: string; comment?: string }, at: Date, origin: 'delegated' | 'escalated' = 'delegated'): Promise<{ instanceId: string }> {
  const { task, inst } = await loadTaskForDecision(tx, who.actor, tenantId, taskId);
  const { config } = await nodeConfig(tx, inst, task.node_id);
  if (config.allowDelegate === false) throw forbidden('此审批节点不允许转交');
  await assertUser(tx, tenantId, input.toUserId, 'toUserId');
  if (input.toUserId === task.approver_id) throw badRequest('VALIDATION_FAILED', 'toUserId: 不能转交给自己', { field: 'toUserId', fields: [{ field: 'toUserId', message: 'yourself' }] });
  const busy = await one(tx, sql`SELECT 1 AS ok FROM approval_tasks WHERE step_id = ${task.step_id} AND approver_id = ${input.toUserId} AND status IN ('pending', 'queued')`);
  if (busy) throw conflict('ALREADY_APPROVER', '该用户已是此节点的审批人');
  await moveTask(tx, inst, task, input.toUserId, origin, input.comment ?? null, at);
  await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action: 'delegate', actorId: who.actor.userId, comment: input.comment, data: { toUserId: input.toUserId }, at });
  return { instanceId: inst.id };
}

/** The task goes to someone else (delegation, escalation): the old one is 'delegated', a new pending one takes its place. */
async function moveTask(tx: Db, inst: InstanceRow, task: TaskRow, toUserId: string, origin: 'delegated' | 'escalated', comment: string | null, at: Date, dueAt: Date | string | null = task.due_at): Promise<void> {
  await tx.execute(sql`UPDATE approval_tasks SET status = 'delegated', decided_at = ${at.toISOString()}::timestamptz, comment = ${comment} WHERE id = ${task.id}`);
  await tx.execute(sql`INSERT INTO approval_tasks (tenant_id, instance_id, step_id, node_id, node_label, approver_id, seq, status, origin, origin_task_id, due_at, created_at)
    VALUES (${inst.tenant_id}, ${inst.id}, ${task.step_id}, ${task.node_id}, ${task.node_label}, ${toUserId}, ${task.seq}, 'pending', ${origin}, ${task.id}, ${iso(dueAt)}::timestamptz, ${at.toISOString()}::timestamptz)`);
  // tasks added before/after the old one now hang on the new one
  await tx.execute(sql`UPDATE approval_tasks SET origin_task_id = (SELECT id FROM approval_tasks WHERE origin_task_id = ${task.id} AND origin = ${origin} ORDER BY created_at DESC LIMIT 1)
    WHERE origin_task_id = ${task.id} AND origin IN ('addedBefore', 'addedAfter')`);
  await sendTaskNotices(tx, inst.tenant_id, inst, [toUserId], undefined);
}

export async function addApprover(tx: Db, who: Who & { actor: Actor }, tenantId: string, taskId: string, input: { userId: string; position: 'before' | 'after'; comment?: string }, at: Date): Promise<{ instanceId: string }> {
  const { task, inst } = await loadTaskForDecision(tx, who.actor, tenantId, taskId);
  const { config } = await nodeConfig(tx, inst, task.node_id);
  if (config.allowAddApprover === false) throw forbidden('此审批节点不允许加签');
  await assertUser(tx, tenantId, input.userId, 'userId');
  if (input.userId === task.approver_id) throw badRequest('VALIDATION_FAILED', 'userId: 不能给自己加签', { field: 'userId', fields: [{ field: 'userId', message: 'yourself' }] });
  const busy = await one(tx, sql`SELECT 1 AS ok FROM approval_tasks WHERE step_id = ${task.step_id} AND approver_id = ${input.userId} AND status IN ('pending', 'queued')`);
  if (busy) throw conflict('ALREADY_APPROVER', '该用户已是此节点的审批人');
  const before = input.position === 'before';
  if (before) await tx.execute(sql`UPDATE approval_tasks SET status = 'queued' WHERE id = ${task.id}`);
  await tx.execute(sql`INSERT INTO approval_tasks (tenant_id, instance_id, step_id, node_id, node_label, approver_id, seq, status, origin, origin_task_id, due_at, created_at)
    VALUES (${tenantId}, ${inst.id}, ${task.step_id}, ${task.node_id}, ${task.node_label}, ${input.userId}, ${task.seq}, ${before ? 'pending' : 'queued'},
      ${before ? 'addedBefore' : 'addedAfter'}, ${task.id}, ${iso(task.due_at)}::timestamptz, ${at.toISOString()}::timestamptz)`);
  if (before) await sendTaskNotices(tx, tenantId, inst, [input.userId], undefined);
  await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action: 'addApprover', actorId: who.actor.userId, comment: input.comment, data: { userId: input.userId, position: input.position }, at });
  return { instanceId: inst.id };
}

export async function withdraw(tx: Db, who: Who & { actor: Actor }, tenantId: string, instanceId: string, comment: string | undefined, at: Date): Promise<void> {
  const inst = await lockInstance(tx, tenantId, instanceId);
  if (inst.submitted_by !== who.actor.userId) throw new AppError(403, 'NOT_SUBMITTER', '只有提交人可以撤回');
  if (inst.status !== 'pending') throw conflict('APPROVAL_NOT_PENDING', '该审批已结束或已撤回', { status: inst.status });
  if (inst.first_decision_at) throw conflict('WITHDRAW_TOO_LATE', '已有审批人处理，不能撤回');
  await logAction(tx, tenantId, { instanceId, action: 'withdraw', actorId: who.actor.userId, comment, at });
  await finishInstance(tx, inst, 'withdrawn', who.actor.userId, who.src, at);
  if (inst.execution_id) await cancelExecution(tx, tenantId, inst.execution_id, '提交人撤回了审批', at, { quiet: true });
}

/** Who may see an instance: submitter, its approvers, CC, and whoever may view the record. */
async function assertCanSee(tx: Db, actor: Actor, inst: InstanceRow): Promise<void> {
  if (actor.perms.admin || inst.submitted_by === actor.userId) return;
  const involved = await one(tx, sql`SELECT 1 AS ok WHERE EXISTS (SELECT 1 FROM approval_tasks WHERE instance_id = ${inst.id} AND approver_id = ${actor.userId})
    OR EXISTS (SELECT 1 FROM approval_cc WHERE instance_id = ${inst.id} AND user_id = ${actor.userId})`);
  if (involved) return;
  const rt = findRecordType(inst.record_type);
  if (rt && can(actor.perms, inst.record_type as RecordType, 'view')) {
    const ok = await one(tx, sql`SELECT 1 AS ok FROM ${rt.table} WHERE ${rt.table.id} = ${inst.record_id} AND ${visibleRecords(actor, inst.record_type as RecordType, rt.table)}`);
    if (ok) return;
  }
  throw notFound('approval');
}

export async function addComment(tx: Db, actor: Actor, tenantId: string, instanceId: string, input: { comment: string; attachmentIds?: string[] }, at: Date): Promise<void> {
  const inst = await one<InstanceRow>(tx, sql`SELECT * FROM approval_instances WHERE id = ${instanceId} AND tenant_id = ${tenantId}`);
  if (!inst) throw notFound('approval');
  await assertCanSee(tx, actor, inst);
  await logAction(tx, tenantId, { instanceId, action: 'comment', actorId: actor.userId, comment: input.comment, attachmentIds: input.attachmentIds, at });
  const others = await rows<{ id: string }>(tx, sql`SELECT DISTINCT approver_id::text AS id FROM approval_tasks WHERE instance_id = ${instanceId} AND status IN ('pending', 'approved', 'rejected', 'returned')
    UNION SELECT submitted_by::text FROM approval_instances WHERE id = ${instanceId}`);
  await notifyInTx(tx, tenantId, others.filter((o) => o.id !== actor.userId).map((o) => ({ userId: o.id, title: `${actor.userName} 评论了审批：${inst.title}`, body: input.comment.slice(0, 200), link: approvalLink(instanceId), kind: 'approvalComment' })));
}

export async function markCcRead(tx: Db, actor: Actor, instanceId: string, at: Date): Promise<void> {
  await tx.execute(sql`UPDATE approval_cc SET read_at = ${at.toISOString()}::timestamptz WHERE tenant_id = ${actor.tenantId} AND instance_id = ${instanceId} AND user_id = ${actor.userId} AND read_at IS NULL`);
}

// ------------------------------------------------------------------ timeouts

/**
 * A pending task past its due time, handled once (reminded_at marks it): remind the approver,
 * escalate to their manager, or decide automatically — the node's timeout action. Answers the
 * execution to continue when the node was decided.
 */
export async function handleTimeout(tx: Db, tenantId: string, taskId: string, now: Date): Promise<{ executionId: string | null; signalled: boolean; action: string } | null> {
  const peek = await one<{ instance_id: string }>(tx, sql`SELECT instance_id::text AS instance_id FROM approval_tasks WHERE id = ${taskId} AND tenant_id = ${tenantId}`);
  if (!peek) return null;
  const inst = await lockInstance(tx, tenantId, peek.instance_id);
  const task = await one<TaskRow>(tx, sql`SELECT * FROM approval_tasks WHERE id = ${taskId} FOR UPDATE`);
  if (!task || inst.status !== 'pending' || task.status !== 'pending' || task.reminded_at || !task.due_at || new Date(task.due_at) > now) return null;
  await tx.execute(sql`UPDATE approval_tasks SET reminded_at = ${now.toISOString()}::timestamptz WHERE id = ${task.id}`);
  const { config } = await nodeConfig(tx, inst, task.node_id);
  const action = config.timeout?.action ?? 'remind';
  const src: AuditSource = { tenantId, actorId: null, actorType: 'system' };
  const system: Who = { actor: null, src };
  if (action === 'autoApprove' || action === 'autoReject') {
    // the task is no longer "pending & unreminded"; decideTask re-checks it is pending
    const r = await decideTask(tx, system, tenantId, task.id, action === 'autoApprove' ? 'approved' : 'rejected', { comment: action === 'autoApprove' ? '超时自动通过' : '超时自动驳回' }, now, true);
    return { executionId: r.executionId, signalled: r.signalled, action };
  }
  if (action === 'escalate') {
    const to = (await managerOf(tx, tenantId, task.approver_id)) ?? (await tenantAdmins(tx, tenantId)).find((a) => a !== task.approver_id) ?? null;
    const busy = to ? await one(tx, sql`SELECT 1 AS ok FROM approval_tasks WHERE step_id = ${task.step_id} AND approver_id = ${to} AND status IN ('pending', 'queued')`) : null;
    if (to && !busy) {
      // the escalated task has no due time of its own: escalation happens once
      await moveTask(tx, inst, task, to, 'escalated', '超时升级', now, null);
      await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action: 'escalate', actorId: null, comment: '审批超时，已升级给上级', data: { toUserId: to }, at: now });
      return { executionId: inst.execution_id, signalled: false, action };
    }
  }
  await logAction(tx, tenantId, { instanceId: inst.id, taskId: task.id, nodeId: task.node_id, action: 'remind', actorId: null, comment: '审批已超时，请尽快处理', at: now });
  await notifyInTx(tx, tenantId, [{ userId: task.approver_id, title: `审批超时提醒：${inst.title}`, body: '请尽快处理', link: approvalLink(inst.id), kind: 'approvalReminder' }]);
  return { executionId: inst.execution_id, signalled: false, action: 'remind' };
}

// ------------------------------------------------------------------ views

const userNames = async (tx: Db, tenantId: string, ids: (string | null)[]): Promise<Map<string, string>> => {
  const want = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!want.length) return new Map();
  return new Map((await rows<{ id: string; name: string }>(tx, sql`SELECT id::text AS id, name FROM users WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(want)}::uuid[])`)).map((u) => [u.id, u.name]));
};

function taskView(t: TaskRow, names: Map<string, string>): ApprovalTaskView {
  return {
    id: t.id, instanceId: t.instance_id, nodeId: t.node_id, nodeLabel: t.node_label, approverId: t.approver_id, approverName: names.get(t.approver_id) ?? '',
    seq: Number(t.seq), status: t.status, origin: t.origin, dueAt: iso(t.due_at), decidedAt: iso(t.decided_at), comment: t.comment, createdAt: iso(t.created_at)!,
  };
}

/** Approval nodes of a definition in path order (breadth first from the trigger). */
function approvalNodesInOrder(def: FlowDefinition): { id: string; label: string; mode: ApprovalMode }[] {
  const start = def.nodes.find((n) => n.type === 'trigger');
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = start ? [start.id] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    for (const e of def.edges) if (e.source === id && !seen.has(e.target)) queue.push(e.target);
  }
  return order.map((id) => def.nodes.find((n) => n.id === id)!).filter((n) => n && n.type === 'approval')
    .map((n) => ({ id: n.id, label: n.label || n.id, mode: ((n.config as { mode?: ApprovalMode }).mode ?? 'single') }));
}

export async function instanceView(tx: Db, actor: Actor, instanceId: string, opts: { check?: boolean } = {}): Promise<ApprovalInstanceView> {
  const inst = await one<InstanceRow & { flow_name: string | null; version: number | null }>(tx, sql`SELECT i.*, f.name AS flow_name, v.version
    FROM approval_instances i LEFT JOIN flows f ON f.id = i.flow_id LEFT JOIN flow_versions v ON v.id = i.flow_version_id
    WHERE i.id = ${instanceId} AND i.tenant_id = ${actor.tenantId}`);
  if (!inst) throw notFound('approval');
  if (opts.check !== false) await assertCanSee(tx, actor, inst);
  const tasks = await rows<TaskRow>(tx, sql`SELECT * FROM approval_tasks WHERE instance_id = ${instanceId} ORDER BY created_at, seq, id`);
  const actions = await rows<{ id: string; task_id: string | null; node_id: string | null; action: string; actor_id: string | null; comment: string | null; attachment_ids: string[]; data: Record<string, unknown>; created_at: Date | string }>(tx,
    sql`SELECT id::text AS id, task_id::text AS task_id, node_id, action, actor_id::text AS actor_id, comment, attachment_ids::text[] AS attachment_ids, data, created_at FROM approval_actions WHERE instance_id = ${instanceId} ORDER BY created_at, id`);
  const cc = await rows<{ user_id: string; node_id: string | null; read_at: Date | string | null }>(tx, sql`SELECT user_id::text AS user_id, node_id, read_at FROM approval_cc WHERE instance_id = ${instanceId} ORDER BY created_at`);
  const steps = inst.execution_id ? await rows<{ id: string; node_id: string; status: string; outcome: string | null; auto: string | null }>(tx,
    sql`SELECT id::text AS id, node_id, status, output->>'outcome' AS outcome, output->>'auto' AS auto FROM flow_steps WHERE execution_id = ${inst.execution_id} AND node_type = 'approval' ORDER BY created_at`) : [];
  const names = await userNames(tx, actor.tenantId, [inst.submitted_by, ...tasks.map((t) => t.approver_id), ...actions.map((a) => a.actor_id), ...cc.map((c) => c.user_id)]);
  const fileIds = [...new Set(actions.flatMap((a) => a.attachment_ids ?? []))];
  const files = fileIds.length ? new Map((await rows<{ id: string; name: string }>(tx, sql`SELECT id::text AS id, name FROM files WHERE tenant_id = ${actor.tenantId} AND id = ANY(${sql.param(fileIds)}::uuid[])`).catch(() => [])).map((f) => [f.id, f.name])) : new Map<string, string>();
  const def = await instanceDefinition(tx, inst);
  const nodes = (def ? approvalNodesInOrder(def) : []).map((n) => {
    const last = steps.filter((s) => s.node_id === n.id).at(-1);
    const nodeTasks = last ? tasks.filter((t) => t.step_id === last.id) : [];
    let status: ApprovalInstanceView['nodes'][number]['status'] = 'notReached';
    if (last) {
      if (last.status === 'waiting' || last.status === 'pending') status = 'waiting';
      else if (last.outcome === 'approved') status = last.auto === 'skip' || last.auto === 'autoPass' ? 'skipped' : 'approved';
      else if (last.outcome === 'rejected') status = 'rejected';
      else if (last.outcome === 'returned') status = 'returned';
      else if (nodeTasks.some((t) => t.status === 'returned')) status = 'returned';
      else status = 'notReached';
    }
    return { nodeId: n.id, label: n.label, mode: n.mode, status, tasks: nodeTasks.map((t) => taskView(t, names)) };
  });
  const mine = inst.status === 'pending' ? tasks.find((t) => t.approver_id === actor.userId && t.status === 'pending') : undefined;
  let myTask: ApprovalInstanceView['myTask'] = null;
  if (mine) {
    const { config } = await nodeConfig(tx, inst, mine.node_id);
    myTask = {
      ...taskView(mine, names), allowDelegate: config.allowDelegate !== false, allowAddApprover: config.allowAddApprover !== false,
      editableFields: config.editableFields ?? [], returnTargets: [{ nodeId: 'submitter', label: '提交人' }, ...(await returnTargets(tx, inst, mine))],
    };
  }
  return {
    id: inst.id, recordType: inst.record_type, recordId: inst.record_id, title: inst.title, summary: inst.summary ?? {},
    flowId: inst.flow_id, flowName: inst.flow_name, version: inst.version === null ? null : Number(inst.version), executionId: inst.execution_id,
    status: inst.status, currentNodeIds: inst.current_node_ids ?? [], submittedBy: inst.submitted_by, submittedByName: names.get(inst.submitted_by) ?? '',
    submittedAt: iso(inst.submitted_at)!, decidedAt: iso(inst.decided_at),
    canWithdraw: inst.status === 'pending' && !inst.first_decision_at && inst.submitted_by === actor.userId,
    myTask, nodes,
    cc: cc.map((c) => ({ userId: c.user_id, userName: names.get(c.user_id) ?? '', nodeId: c.node_id, readAt: iso(c.read_at) })),
    actions: actions.map((a): ApprovalActionView => ({
      id: a.id, taskId: a.task_id, nodeId: a.node_id, action: a.action as ApprovalActionView['action'], actorId: a.actor_id, actorName: a.actor_id ? names.get(a.actor_id) ?? null : null,
      comment: a.comment, attachments: (a.attachment_ids ?? []).map((id) => ({ id, name: files.get(id) ?? id })), data: a.data ?? {}, createdAt: iso(a.created_at)!,
    })),
  };
}

export async function recordState(tx: Db, actor: Actor, recordType: string, recordId: string): Promise<RecordApprovalState> {
  const rt = recordTable(recordType);
  if (!can(actor.perms, recordType as RecordType, 'view')) throw notFound(recordType);
  const visible = await one(tx, sql`SELECT 1 AS ok FROM ${rt.table} WHERE ${rt.table.id} = ${recordId} AND ${visibleRecords(actor, recordType as RecordType, rt.table)}`);
  if (!visible) throw notFound(recordType);
  const latest = await one<{ id: string; status: string }>(tx, sql`SELECT id::text AS id, status FROM approval_instances WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ${recordId} ORDER BY submitted_at DESC, id DESC LIMIT 1`);
  const locked = latest?.status === 'pending';
  const flows = await approvalFlows(tx, actor.tenantId, recordType);
  const flow = flows.length ? await applicableFlow(tx, actor.tenantId, recordType, recordId, actor.userId) : null;
  let canSubmit = !locked && can(actor.perms, recordType as RecordType, 'edit');
  if (canSubmit) {
    // the same rule the submit applies (an approved contract, a sent quote … cannot be submitted): no button then
    try {
      await approvableFor(recordType)?.assertSubmittable?.(tx, actor, recordId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      canSubmit = false;
    }
  }
  return {
    recordType, recordId,
    latest: latest ? await instanceView(tx, actor, latest.id, { check: false }) : null,
    locked,
    hasFlow: flows.length > 0,
    canSubmit,
    chooseApprovers: flow ? choosingNodes(flow.definition) : [],
  };
}

export async function recordHistory(tx: Db, actor: Actor, recordType: string, recordId: string): Promise<ApprovalInstanceView[]> {
  await recordState(tx, actor, recordType, recordId); // visibility
  const ids = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM approval_instances WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ${recordId} ORDER BY submitted_at DESC, id DESC LIMIT 50`);
  const out: ApprovalInstanceView[] = [];
  for (const r of ids) out.push(await instanceView(tx, actor, r.id, { check: false }));
  return out;
}

interface InboxRow {
  instance_id: string; task_id: string | null; record_type: string; record_id: string; title: string; summary: Record<string, unknown>; status: ApprovalInboxItem['status'];
  task_status: ApprovalInboxItem['taskStatus']; node_label: string | null; submitted_by_name: string; submitted_at: Date | string; due_at: Date | string | null;
  decided_at: Date | string | null; read_at: Date | string | null; n: number;
}

export async function inbox(tx: Db, actor: Actor, box: ApprovalInboxBox, limit: number, offset: number): Promise<{ items: ApprovalInboxItem[]; total: number }> {
  const me = actor.userId;
  const t = actor.tenantId;
  const cols = sql`i.id::text AS instance_id, i.record_type, i.record_id::text AS record_id, i.title, i.summary, i.status, u.name AS submitted_by_name, i.submitted_at, count(*) OVER ()::int AS n`;
  let q;
  switch (box) {
    case 'waiting':
      q = sql`SELECT ${cols}, k.id::text AS task_id, k.status AS task_status, k.node_label, k.due_at, k.decided_at, NULL::timestamptz AS read_at
        FROM approval_tasks k JOIN approval_instances i ON i.id = k.instance_id JOIN users u ON u.id = i.submitted_by
        WHERE k.tenant_id = ${t} AND k.approver_id = ${me} AND k.status = 'pending' AND i.status = 'pending'
        ORDER BY k.due_at NULLS LAST, k.created_at DESC, k.id LIMIT ${limit} OFFSET ${offset}`;
      break;
    case 'decided':
      q = sql`SELECT ${cols}, k.id::text AS task_id, k.status AS task_status, k.node_label, k.due_at, k.decided_at, NULL::timestamptz AS read_at
        FROM approval_tasks k JOIN approval_instances i ON i.id = k.instance_id JOIN users u ON u.id = i.submitted_by
        WHERE k.tenant_id = ${t} AND k.approver_id = ${me} AND k.status IN ('approved', 'rejected', 'returned', 'delegated') AND k.decided_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM approval_actions a WHERE a.task_id = k.id AND a.actor_id = ${me})
        ORDER BY k.decided_at DESC, k.id LIMIT ${limit} OFFSET ${offset}`;
      break;
    case 'submitted':
      q = sql`SELECT ${cols}, NULL::text AS task_id, NULL::text AS task_status,
          (SELECT string_agg(DISTINCT k.node_label, '、') FROM approval_tasks k WHERE k.instance_id = i.id AND k.status = 'pending') AS node_label,
          NULL::timestamptz AS due_at, i.decided_at, NULL::timestamptz AS read_at
        FROM approval_instances i JOIN users u ON u.id = i.submitted_by
        WHERE i.tenant_id = ${t} AND i.submitted_by = ${me}
        ORDER BY i.submitted_at DESC, i.id LIMIT ${limit} OFFSET ${offset}`;
      break;
    case 'cc':
      q = sql`SELECT ${cols}, NULL::text AS task_id, NULL::text AS task_status, NULL::text AS node_label, NULL::timestamptz AS due_at, i.decided_at, c.read_at
        FROM approval_cc c JOIN approval_instances i ON i.id = c.instance_id JOIN users u ON u.id = i.submitted_by
        WHERE c.tenant_id = ${t} AND c.user_id = ${me}
        ORDER BY c.created_at DESC, c.id LIMIT ${limit} OFFSET ${offset}`;
      break;
  }
  const found = await rows<InboxRow>(tx, q);
  return {
    total: found.length ? Number(found[0]!.n) : offset > 0 ? await inboxTotal(tx, actor, box) : 0,
    items: found.map((r) => ({
      instanceId: r.instance_id, taskId: r.task_id, recordType: r.record_type, recordId: r.record_id, title: r.title, summary: r.summary ?? {}, status: r.status,
      taskStatus: r.task_status, nodeLabel: r.node_label, submittedByName: r.submitted_by_name, submittedAt: iso(r.submitted_at)!, dueAt: iso(r.due_at),
      decidedAt: iso(r.decided_at), readAt: iso(r.read_at),
    })),
  };
}

async function inboxTotal(tx: Db, actor: Actor, box: ApprovalInboxBox): Promise<number> {
  const r = await inbox(tx, actor, box, 1, 0);
  return r.total;
}

export async function inboxCounts(tx: Db, actor: Actor): Promise<{ waiting: number; ccUnread: number }> {
  const row = await one<{ waiting: number; cc: number }>(tx, sql`SELECT
    (SELECT count(*)::int FROM approval_tasks k JOIN approval_instances i ON i.id = k.instance_id WHERE k.tenant_id = ${actor.tenantId} AND k.approver_id = ${actor.userId} AND k.status = 'pending' AND i.status = 'pending') AS waiting,
    (SELECT count(*)::int FROM approval_cc c WHERE c.tenant_id = ${actor.tenantId} AND c.user_id = ${actor.userId} AND c.read_at IS NULL) AS cc`);
  return { waiting: Number(row?.waiting ?? 0), ccUnread: Number(row?.cc ?? 0) };
}
