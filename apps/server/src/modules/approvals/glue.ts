/**
 * The approval node's runtime glue: what the flow runtime calls for approval flows, always inside
 * the step's (or the caller's) transaction:
 *  - the node loader resolves the node's approvers and CC (users, role, managers, department head,
 *    submitter-chosen, owner) into `input.nodeData`, so the node's plan stays pure;
 *  - the 'approval' effect creates the tasks (pending / queued / auto-approved), CC rows, the action
 *    log, and notifications (in-app rows + email through the flow outbox) with a link to the approval;
 *  - when the execution ends, the instance gets its final status (the last approval node's outcome),
 *    the record's ApprovableDef.onStatus runs and the record's audit trail says so.
 */
import { sql } from 'drizzle-orm';
import type { ApprovalInstanceStatus, ApproverRule, FlowDefinition } from '@loopline/shared';
import type { AuditSource } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import type { ApprovalConfig, ApprovalNodeData } from '../flows/engine/approval.ts';
import type { FlowEffect } from '../flows/engine/types.ts';
import { addDelivery, type EffectScope } from '../flows/runtime/effects.ts';
import { registerEffectHandler, registerExecutionEndHook, registerNodeLoader } from '../flows/runtime/hooks.ts';
import { approvableFor } from './defaults.ts';

export const approvalLink = (instanceId: string) => `/approvals/${instanceId}`;

/** Settings the glue needs from the app (the public URL for email links). */
export const approvalSettings = { publicUrl: '' };

export interface InstanceRow {
  id: string; tenant_id: string; record_type: string; record_id: string; title: string; summary: Record<string, unknown>;
  flow_id: string | null; flow_version_id: string | null; execution_id: string | null; status: ApprovalInstanceStatus;
  current_node_ids: string[]; submitted_by: string; submitted_at: Date | string; chosen_approvers: Record<string, string[]>;
  submit_comment: string | null; decided_at: Date | string | null; first_decision_at: Date | string | null;
}

export async function instanceByExecution(tx: Db, tenantId: string, executionId: string, lock = false): Promise<InstanceRow | undefined> {
  return one<InstanceRow>(tx, sql`SELECT * FROM approval_instances WHERE tenant_id = ${tenantId} AND execution_id = ${executionId} ${lock ? sql`FOR UPDATE` : sql``}`);
}

const activeUsers = async (tx: Db, tenantId: string, ids: string[]): Promise<string[]> => {
  if (!ids.length) return [];
  const found = new Set((await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM users WHERE tenant_id = ${tenantId} AND status = 'active' AND id = ANY(${sql.param(ids)}::uuid[])`)).map((r) => r.id));
  return ids.filter((id) => found.has(id));
};

export async function usersWithRole(tx: Db, tenantId: string, roleKey: string): Promise<string[]> {
  return (await rows<{ id: string }>(tx, sql`SELECT u.id::text AS id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
    WHERE u.tenant_id = ${tenantId} AND r.tenant_id = ${tenantId} AND r.key = ${roleKey} AND u.status = 'active' ORDER BY u.created_at, u.id`)).map((r) => r.id);
}

export async function tenantAdmins(tx: Db, tenantId: string): Promise<string[]> {
  return (await rows<{ id: string }>(tx, sql`SELECT u.id::text AS id FROM users u WHERE u.tenant_id = ${tenantId} AND u.status = 'active'
    AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id AND (r.permissions->>'admin')::boolean IS TRUE)
    ORDER BY u.created_at, u.id`)).map((r) => r.id);
}

/** The active manager of a user (null: none). */
export async function managerOf(tx: Db, tenantId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await one<{ id: string | null }>(tx, sql`SELECT m.id::text AS id FROM users u JOIN users m ON m.id = u.manager_id
    WHERE u.tenant_id = ${tenantId} AND u.id = ${userId} AND m.status = 'active'`);
  return row?.id ?? null;
}

async function managerChain(tx: Db, tenantId: string, userId: string, levels: number): Promise<string[]> {
  const out: string[] = [];
  let cur: string | null = userId;
  const seen = new Set([userId]);
  for (let i = 0; i < levels && cur; i++) {
    const row: { id: string | null; status: string | null } | undefined = await one(tx, sql`SELECT m.id::text AS id, m.status FROM users u JOIN users m ON m.id = u.manager_id WHERE u.tenant_id = ${tenantId} AND u.id = ${cur}`);
    cur = row?.id ?? null;
    if (!cur || seen.has(cur)) break;
    seen.add(cur);
    if (row?.status === 'active') out.push(cur);
  }
  return out;
}

async function departmentHead(tx: Db, tenantId: string, userId: string | null): Promise<string[]> {
  if (!userId) return [];
  const row = await one<{ id: string | null }>(tx, sql`SELECT d.head_id::text AS id FROM users u JOIN departments d ON d.id = u.department_id
    WHERE u.tenant_id = ${tenantId} AND u.id = ${userId}`);
  return row?.id ? activeUsers(tx, tenantId, [row.id]) : [];
}

/** Who a rule names, in order, active users only. */
export async function resolveRule(tx: Db, tenantId: string, rule: ApproverRule, who: { submitterId: string; ownerId: string | null; chosen: string[] }): Promise<string[]> {
  switch (rule.kind) {
    case 'users': return activeUsers(tx, tenantId, rule.userIds);
    case 'role': return usersWithRole(tx, tenantId, rule.roleKey);
    case 'manager': return managerChain(tx, tenantId, who.submitterId, rule.levels);
    case 'departmentHead': return departmentHead(tx, tenantId, rule.of === 'owner' ? who.ownerId : who.submitterId);
    case 'submitterChooses': return activeUsers(tx, tenantId, who.chosen.slice(0, rule.max ?? 20));
    case 'owner': return who.ownerId ? activeUsers(tx, tenantId, [who.ownerId]) : [];
  }
}

// ------------------------------------------------------------------ notifications

export interface Notice { userId: string; title: string; body?: string | null; link: string; kind?: string; email?: boolean }

/**
 * In-app notification rows (in the transaction: they exist exactly when the change does) and, when
 * asked, an email through the flow outbox (delivered after commit with retries) or the app mailer.
 */
export async function notifyInTx(tx: Db, tenantId: string, notices: Notice[], mail?: (to: string, subject: string, text: string) => Promise<void>): Promise<void> {
  for (const n of notices) {
    await tx.execute(sql`INSERT INTO notifications (tenant_id, user_id, title, body, link, kind)
      VALUES (${tenantId}, ${n.userId}, ${n.title}, ${n.body ?? null}, ${n.link}, ${n.kind ?? 'approval'})`);
    if (n.email && mail) {
      const u = await one<{ email: string | null }>(tx, sql`SELECT email FROM users WHERE id = ${n.userId} AND tenant_id = ${tenantId} AND status = 'active'`);
      if (u?.email) {
        const url = `${approvalSettings.publicUrl}${n.link}`;
        await mail(u.email, `${n.title} / Approval`, `${n.title}\n${n.body ? `${n.body}\n` : ''}\n审批请登录后处理 / Sign in to decide:\n${url}\n`);
      }
    }
  }
}

export async function logAction(tx: Db, tenantId: string, a: { instanceId: string; taskId?: string | null; nodeId?: string | null; action: string; actorId: string | null; comment?: string | null; attachmentIds?: string[]; data?: Record<string, unknown>; at: Date }): Promise<void> {
  await tx.execute(sql`INSERT INTO approval_actions (tenant_id, instance_id, task_id, node_id, action, actor_id, comment, attachment_ids, data, created_at)
    VALUES (${tenantId}, ${a.instanceId}, ${a.taskId ?? null}, ${a.nodeId ?? null}, ${a.action}, ${a.actorId}, ${a.comment ?? null},
      ${sql.param(a.attachmentIds ?? [])}::uuid[], ${JSON.stringify(a.data ?? {})}::jsonb,
      greatest(${a.at.toISOString()}::timestamptz, (SELECT max(created_at) + interval '1 microsecond' FROM approval_actions WHERE instance_id = ${a.instanceId})))`);
}

// ------------------------------------------------------------------ the node loader

registerNodeLoader('approval', async ({ tx, exec, node, config, input }): Promise<ApprovalNodeData> => {
  const c = config as ApprovalConfig;
  const inst = await instanceByExecution(tx, exec.tenant_id, exec.id);
  const submitterId = inst?.submitted_by ?? exec.trigger.userId ?? exec.started_by ?? '';
  const ownerId = typeof input.record?.ownerId === 'string' ? input.record.ownerId : null;
  const who = { submitterId, ownerId, chosen: inst?.chosen_approvers?.[node.id] ?? [] };
  const approverIds = await resolveRule(tx, exec.tenant_id, c.approvers, who);
  const ccUserIds: string[] = [];
  for (const r of c.cc ?? []) ccUserIds.push(...(await resolveRule(tx, exec.tenant_id, r, who)));
  return { submitterId, approverIds, submitterManagerId: await managerOf(tx, exec.tenant_id, submitterId), adminIds: await tenantAdmins(tx, exec.tenant_id), ccUserIds };
});

// ------------------------------------------------------------------ the effect

export async function sendTaskNotices(tx: Db, tenantId: string, inst: Pick<InstanceRow, 'id' | 'title'>, userIds: string[], mail: ((to: string, subject: string, text: string) => Promise<void>) | undefined, what = '待审批'): Promise<void> {
  await notifyInTx(tx, tenantId, userIds.map((userId) => ({ userId, title: `${what}：${inst.title}`, body: '请审批', link: approvalLink(inst.id), email: true })), mail);
}

registerEffectHandler('approval', async (s: EffectScope, e: FlowEffect) => {
  if (e.type !== 'approval') return {};
  const inst = await instanceByExecution(s.tx, s.tenantId, s.executionId, true);
  if (!inst) return { approval: 'no approval instance' };
  const at = s.now;
  const mail = (to: string, subject: string, text: string) => addDelivery(s, 'email', { to, subject, text }).then(() => undefined);
  const waiting = e.outcome === null;
  const taskIds: string[] = [];
  for (const t of e.tasks) {
    const decided = t.status === 'approved';
    const [row] = await rows<{ id: string }>(s.tx, sql`INSERT INTO approval_tasks (tenant_id, instance_id, step_id, node_id, node_label, approver_id, seq, status, origin, due_at, decided_at, comment, created_at)
      VALUES (${s.tenantId}, ${inst.id}, ${s.stepId}, ${e.nodeId}, ${e.label}, ${t.approverId}, ${t.seq}, ${t.status}, ${t.origin},
        ${t.status === 'pending' ? e.dueAt : null}::timestamptz, ${decided ? at.toISOString() : null}::timestamptz, ${t.comment}, ${at.toISOString()}::timestamptz)
      RETURNING id::text AS id`);
    taskIds.push(row!.id);
    if (decided) await logAction(s.tx, s.tenantId, { instanceId: inst.id, taskId: row!.id, nodeId: e.nodeId, action: 'autoPass', actorId: null, comment: t.comment, at });
  }
  if (e.outcome === 'approved' && e.tasks.length === 0) {
    await logAction(s.tx, s.tenantId, { instanceId: inst.id, nodeId: e.nodeId, action: e.note?.includes('跳过') ? 'skip' : 'autoPass', actorId: null, comment: e.note, at });
  }
  if (waiting) {
    await s.tx.execute(sql`UPDATE approval_instances SET current_node_ids = array_append(array_remove(current_node_ids, ${e.nodeId}), ${e.nodeId}), updated_at = ${at.toISOString()}::timestamptz WHERE id = ${inst.id}`);
    // queued tasks wait their turn (sequential): only the pending ones are told now
    await sendTaskNotices(s.tx, s.tenantId, inst, e.tasks.filter((t) => t.status === 'pending').map((t) => t.approverId), mail);
  }
  if (e.ccUserIds.length) {
    for (const userId of e.ccUserIds) {
      await s.tx.execute(sql`INSERT INTO approval_cc (tenant_id, instance_id, user_id, node_id, created_at) VALUES (${s.tenantId}, ${inst.id}, ${userId}, ${e.nodeId}, ${at.toISOString()}::timestamptz)
        ON CONFLICT (instance_id, user_id, node_id) DO NOTHING`);
    }
    await logAction(s.tx, s.tenantId, { instanceId: inst.id, nodeId: e.nodeId, action: 'cc', actorId: null, data: { userIds: e.ccUserIds }, at });
    await notifyInTx(s.tx, s.tenantId, e.ccUserIds.map((userId) => ({ userId, title: `抄送：${inst.title}`, link: approvalLink(inst.id), kind: 'approvalCc' })));
  }
  return { approvalInstanceId: inst.id, taskIds };
});

// ------------------------------------------------------------------ the end

const STATUS_ACTION: Partial<Record<ApprovalInstanceStatus, string>> = {
  approved: 'approvalApproved', rejected: 'approvalRejected', withdrawn: 'approvalWithdrawn', returned: 'approvalReturned', cancelled: 'approvalCancelled', pending: 'approvalSubmitted',
};
const STATUS_TEXT: Partial<Record<ApprovalInstanceStatus, string>> = { approved: '审批通过', rejected: '审批被驳回', withdrawn: '审批已撤回', returned: '审批被退回', cancelled: '审批已取消' };

/**
 * The record's side of a status change: its ApprovableDef.onStatus and an audit entry on the record,
 * in the caller's transaction; a final status also tells the submitter.
 */
export async function recordStatus(tx: Db, inst: Pick<InstanceRow, 'id' | 'tenant_id' | 'record_type' | 'record_id' | 'submitted_by' | 'title'>, status: ApprovalInstanceStatus, actorId: string | null, src: AuditSource): Promise<void> {
  const def = approvableFor(inst.record_type);
  await def?.onStatus(tx, inst.tenant_id, inst.record_id, status, { instanceId: inst.id, actorId, src });
  await recordAudit(tx, src, { action: STATUS_ACTION[status] ?? 'approvalStatus', recordType: inst.record_type, recordId: inst.record_id, data: { approvalInstanceId: inst.id, approvalStatus: status } });
  if (status !== 'pending' && actorId !== inst.submitted_by) {
    await notifyInTx(tx, inst.tenant_id, [{ userId: inst.submitted_by, title: `${STATUS_TEXT[status] ?? status}：${inst.title}`, link: approvalLink(inst.id), kind: 'approvalResult' }]);
  }
}

/** The final status of an instance, with its tasks closed; `status` pending → nothing. */
export async function finishInstance(tx: Db, inst: InstanceRow, status: Exclude<ApprovalInstanceStatus, 'pending'>, actorId: string | null, src: AuditSource, at: Date): Promise<void> {
  await tx.execute(sql`UPDATE approval_tasks SET status = 'cancelled' WHERE instance_id = ${inst.id} AND status IN ('pending', 'queued')`);
  await tx.execute(sql`UPDATE approval_instances SET status = ${status}, decided_at = ${at.toISOString()}::timestamptz, current_node_ids = '{}', updated_at = ${at.toISOString()}::timestamptz WHERE id = ${inst.id}`);
  await recordStatus(tx, inst, status, actorId, src);
}

registerExecutionEndHook('approvals', async ({ tx, exec, status, now }) => {
  if (status === 'failed') return; // stays pending: an admin retries the failed step from the run page
  const inst = await instanceByExecution(tx, exec.tenant_id, exec.id, true);
  if (!inst || inst.status !== 'pending') return;
  if (status === 'cancelled') {
    await finishInstance(tx, inst, 'cancelled', null, { tenantId: exec.tenant_id, actorId: null, actorType: 'system' }, now);
    return;
  }
  // the last approval node decides: its outcome is the approval's (no approval node reached: approved)
  const last = await one<{ outcome: string | null }>(tx, sql`SELECT output->>'outcome' AS outcome FROM flow_steps
    WHERE execution_id = ${exec.id} AND node_type = 'approval' AND status = 'done' ORDER BY created_at DESC, id DESC LIMIT 1`);
  const final = last?.outcome === 'rejected' ? 'rejected' : 'approved';
  const decider = await one<{ actor_id: string | null }>(tx, sql`SELECT actor_id::text AS actor_id FROM approval_actions
    WHERE instance_id = ${inst.id} AND action IN ('approve', 'reject', 'autoApprove', 'autoReject') ORDER BY created_at DESC LIMIT 1`);
  const actorId = decider?.actor_id ?? null;
  if (!last) await logAction(tx, exec.tenant_id, { instanceId: inst.id, action: 'autoPass', actorId: null, comment: '流程中没有需要审批的节点，自动通过', at: now });
  await finishInstance(tx, inst, final, actorId, { tenantId: exec.tenant_id, actorId, actorType: actorId ? 'user' : 'system' }, now);
});

/** The definition of an instance's flow version. */
export async function instanceDefinition(tx: Db, inst: Pick<InstanceRow, 'flow_version_id'>): Promise<FlowDefinition | null> {
  if (!inst.flow_version_id) return null;
  const row = await one<{ definition: FlowDefinition | string }>(tx, sql`SELECT definition FROM flow_versions WHERE id = ${inst.flow_version_id}`);
  if (!row) return null;
  return typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
}
