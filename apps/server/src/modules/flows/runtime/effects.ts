/**
 * Does what a node's plan describes. Database effects run in the step's transaction through the
 * modules' own functions (so caps, audit entries and checks are those a person's action gets), and
 * so happen exactly once with the step. External effects (email, webhooks) become flow_deliveries
 * rows in that same transaction; notifications and ownership announcements are collected here and
 * sent after commit.
 */
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import type { FlowPerson } from '@loopline/shared';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { AuditSource } from '../../../platform/audit/audit.ts';
import type { Db } from '../../../platform/db/client.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { NotificationInput } from '../../../platform/notifications/notifier.ts';
import type { BatchContext, NewOwnership, RowOutcome } from '../../../platform/records/batch.ts';
import { createCustomers } from '../../customers/create.ts';
import { updateCustomerInput } from '../../customers/input.ts';
import { transferCustomer, updateCustomer } from '../../customers/writes.ts';
import { updateContactInput } from '../../contacts/input.ts';
import { transferContact, updateContact } from '../../contacts/writes.ts';
import { updateFollowupFields } from '../../followups/recordFields.ts';
import { createLeads } from '../../leads/create.ts';
import { leadUpdateSchema } from '../../leads/input.ts';
import { setLeadStatus, transferLead } from '../../leads/lifecycle.ts';
import { updateLead } from '../../leads/writes.ts';
import { returnToPool } from '../../publicPool/returns.ts';
import { createTasks } from '../../tasks/create.ts';
import { taskLink, type AssignedTask } from '../../tasks/notices.ts';
import { FlowStepError } from '../engine/errors.ts';
import type { FlowEffect, FlowUser, NodeInput } from '../engine/types.ts';
import { loadUsers } from './context.ts';
import { findEffectHandler } from './hooks.ts';

export { FlowStepError };

/** The user-readable text of any error a step ran into. */
export function stepErrorMessage(err: unknown): string {
  if (err instanceof FlowStepError) return err.message;
  if (err instanceof ZodError) return `字段值无效：${err.issues.map((i) => `${i.path.join('.') || '(值)'} ${i.message}`).join('；')}`;
  if (err instanceof AppError) {
    const details = err.details as { failed?: { message: string }[]; fields?: { field: string; message: string }[] } | undefined;
    const more = details?.fields?.map((f) => `${f.field}: ${f.message}`).join('; ') ?? details?.failed?.map((f) => f.message).join('; ');
    return `${err.code}: ${err.message}${more ? `（${more}）` : ''}`;
  }
  return `内部错误：${err instanceof Error ? err.message : String(err)}`;
}

export interface PostCommit {
  notifications: NotificationInput[];
  announce: NewOwnership[];
  /** tasks given to someone: they are told */
  tasks: AssignedTask[];
  /** outbox rows written: deliver soon after commit */
  deliveries: number;
  /** waiting steps' wake-up times: a timer job each */
  wakeAt: Date[];
}

export const emptyPost = (): PostCommit => ({ notifications: [], announce: [], tasks: [], deliveries: 0, wakeAt: [] });

export interface EffectScope {
  tx: Db;
  tenantId: string;
  flowId: string;
  executionId: string;
  stepId: string;
  input: NodeInput;
  now: Date;
  src: AuditSource;
  actor(): Promise<Actor>;
  post: PostCommit;
}

const RECORD_LINKS: Record<string, string> = { lead: '/leads', customer: '/customers', contact: '/contacts' };
export const recordLink = (recordType: string | null, recordId: string | null) =>
  recordType === 'task' && recordId ? taskLink(recordId) : recordType && recordId && RECORD_LINKS[recordType] ? `${RECORD_LINKS[recordType]}/${recordId}` : null;

/** Who a FlowPerson is for this step; an unresolvable person fails the step with a clear error. */
export async function resolvePerson(s: Pick<EffectScope, 'tx' | 'tenantId' | 'input'>, p: FlowPerson): Promise<FlowUser> {
  const { related, record } = s.input;
  const known = (u: unknown) => (u && typeof u === 'object' && 'id' in u ? (u as FlowUser) : null);
  switch (p.kind) {
    case 'owner': {
      const u = known(related.owner);
      if (!u) throw new FlowStepError(record ? '记录没有负责人' : '流程没有关联记录，无法确定负责人');
      return u;
    }
    case 'ownerManager': {
      const owner = known(related.owner);
      if (!owner) throw new FlowStepError(record ? '记录没有负责人，无法确定其上级' : '流程没有关联记录，无法确定负责人上级');
      const u = known(related.ownerManager);
      if (!u) throw new FlowStepError(`负责人「${owner.name}」没有设置上级`);
      return u;
    }
    case 'triggerUser': {
      const u = known(related.triggerUser);
      if (!u) throw new FlowStepError('没有触发人（由系统、定时或外部请求触发）');
      return u;
    }
    case 'user': {
      const u = (await loadUsers(s.tx, s.tenantId, [p.userId])).get(p.userId);
      if (!u) throw new FlowStepError('指定的用户不存在');
      if (!u.active) throw new FlowStepError(`指定的用户「${u.name}」已停用`);
      return u;
    }
  }
}

function needRecord(s: EffectScope, what: string): { recordType: string; recordId: string } {
  const { recordType, recordId, record } = s.input;
  if (!recordType || !recordId) throw new FlowStepError(`流程没有关联记录，无法${what}`);
  if (!record) throw new FlowStepError(`记录不存在或已删除，无法${what}`);
  return { recordType, recordId };
}

/** `custom.<key>` entries become the `custom` object the modules' inputs take. */
function splitValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith('custom.')) custom[k.slice(7)] = v;
    else out[k] = v;
  }
  if (Object.keys(custom).length) out.custom = { ...((out.custom as Record<string, unknown>) ?? {}), ...custom };
  return out;
}

const TYPE_NAMES: Record<string, string> = { lead: '线索', customer: '客户', contact: '联系人', task: '任务', activity: '跟进记录', opportunity: '商机', contract: '合同' };
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

function rejectedMessage(o: RowOutcome | undefined): string {
  const errs = o?.errors?.map((e) => `${e.field}: ${e.message}`).join('；');
  return `创建记录失败：${errs || o?.status || '未知原因'}`;
}

const deliveryIndex = new WeakMap<PostCommit, number>();

export async function addDelivery(s: EffectScope, kind: 'email' | 'webhook', request: Record<string, unknown>): Promise<string> {
  const index = deliveryIndex.get(s.post) ?? 0;
  deliveryIndex.set(s.post, index + 1);
  const [row] = (await s.tx.execute(sql`INSERT INTO flow_deliveries (tenant_id, step_id, execution_id, kind, request, effect_index, next_attempt_at)
    VALUES (${s.tenantId}, ${s.stepId}, ${s.executionId}, ${kind}, ${JSON.stringify(request)}::jsonb, ${index}, ${s.now.toISOString()}::timestamptz)
    ON CONFLICT (step_id, kind, effect_index) DO UPDATE SET request = EXCLUDED.request RETURNING id::text AS id`) as unknown as { rows: { id: string }[] }).rows;
  s.post.deliveries += 1;
  return row!.id;
}

/** Applies one effect; answers what the step's output records about it. */
export async function applyEffect(s: EffectScope, e: FlowEffect): Promise<Record<string, unknown>> {
  const { tenantId, input } = s;
  switch (e.type) {
    case 'createTask': {
      const assignee = await resolvePerson(s, e.assignee);
      const [taskId] = await createTasks(s.tx, s.src, [{
        title: e.title, description: e.description, assigneeId: assignee.id, recordType: input.recordType, recordId: input.recordId,
        dueAt: e.dueAt ? new Date(e.dueAt) : null, remindAt: e.remindAt ? new Date(e.remindAt) : null, priority: e.priority, kind: e.kind,
        checklist: e.checklist.map((text) => ({ text })), sourceStepId: s.stepId, createdBy: null,
      }]);
      s.post.tasks.push({ id: taskId!, title: e.title, assigneeId: assignee.id });
      return { taskId, assigneeId: assignee.id, assigneeName: assignee.name };
    }
    case 'setNextFollowup': {
      const target = needRecord(s, '设置下次跟进时间');
      await updateFollowupFields(s.tx, s.src, { tenantId, ...target }, { nextFollowupAt: new Date(e.at) });
      return { nextFollowupAt: e.at };
    }
    case 'assignOwner': {
      const { recordType, recordId } = needRecord(s, '分配负责人');
      const to = await resolvePerson(s, e.to);
      const actor = await s.actor();
      const reason = e.reason ?? undefined;
      if (recordType === 'lead') s.post.announce.push(...(await transferLead(s.tx, actor, s.src, recordId, to.id, reason)).announce);
      else if (recordType === 'customer') s.post.announce.push(...(await transferCustomer(s.tx, actor, s.src, recordId, to.id, reason)).assignments);
      else if (recordType === 'contact') await transferContact(s.tx, actor, s.src, recordId, to.id, reason);
      else throw new FlowStepError(`「${typeName(recordType)}」不支持分配负责人`);
      return { ownerId: to.id, ownerName: to.name };
    }
    case 'returnToPool': {
      const { recordType, recordId } = needRecord(s, '退回公海');
      if (recordType !== 'lead' && recordType !== 'customer') throw new FlowStepError(`「${typeName(recordType)}」不能退回公海`);
      try {
        const res = await returnToPool(s.tx, await s.actor(), s.src, { recordType, ids: [recordId], reason: e.reason, ...(e.poolId ? { poolId: e.poolId } : {}) }, s.now);
        return { returned: res.ok.includes(recordId) };
      } catch (err) {
        // already in a pool: what the node wanted is true, so the flow goes on
        if (err instanceof AppError && err.code === 'NOT_OWNED') return { returned: false, note: '记录已在公海中' };
        throw err;
      }
    }
    case 'updateFields': {
      const { recordType, recordId } = needRecord(s, '更新字段');
      const actor = await s.actor();
      const { status, ...rest } = splitValues(e.values);
      if (recordType === 'lead') {
        if (Object.keys(rest).length) await updateLead(s.tx, actor, s.src, recordId, leadUpdateSchema(input.timeZone).parse({ ...rest, confirmDuplicate: true }));
        if (status !== undefined) {
          if (typeof status !== 'string' || !['new', 'contacting', 'qualified', 'invalid'].includes(status)) throw new FlowStepError(`线索状态「${String(status)}」无效`);
          await setLeadStatus(s.tx, actor, s.src, recordId, status as 'new', typeof e.values.invalidReason === 'string' ? e.values.invalidReason : undefined);
        }
      } else if (recordType === 'customer') {
        await updateCustomer(s.tx, actor, s.src, recordId, updateCustomerInput.parse({ ...rest, ...(status !== undefined ? { status } : {}), confirmDuplicate: true }));
      } else if (recordType === 'contact') {
        await updateContact(s.tx, actor, s.src, recordId, updateContactInput.parse({ ...rest, ...(status !== undefined ? { status } : {}), confirmDuplicate: true }));
      } else {
        throw new FlowStepError(`暂不支持由流程更新「${typeName(recordType)}」的字段`);
      }
      return { updated: Object.keys(e.values) };
    }
    case 'createRecord': {
      const actor = await s.actor();
      const values = splitValues(e.values);
      const batch: BatchContext = {
        tenantId, actor, src: s.src, channel: 'api', duplicatePolicy: 'create', timeZone: input.timeZone,
        sourceDetail: { flowId: s.flowId, executionId: s.executionId },
      };
      const ownerId = (input.record?.ownerId as string | undefined) ?? undefined;
      if (e.recordType === 'lead' || e.recordType === 'customer') {
        const create = e.recordType === 'lead' ? createLeads : createCustomers;
        const row = e.recordType === 'customer' && values.ownerId === undefined && ownerId ? { ...values, ownerId } : values;
        const res = await create(s.tx, batch, [row]);
        const o = res.outcomes[0];
        if (!o || o.status !== 'created' || !o.id) throw new FlowStepError(rejectedMessage(o));
        s.post.announce.push(...res.assignments);
        return { recordType: e.recordType, recordId: o.id };
      }
      if (e.recordType === 'task') {
        const assigneeId = typeof values.assigneeId === 'string' ? values.assigneeId : ownerId;
        if (!assigneeId) throw new FlowStepError('创建任务需要执行人（assigneeId），记录也没有负责人');
        if (typeof values.title !== 'string' || !values.title.trim()) throw new FlowStepError('创建任务需要标题（title）');
        const [taskId] = await createTasks(s.tx, s.src, [{
          title: values.title, description: typeof values.description === 'string' ? values.description : null, assigneeId,
          recordType: input.recordType, recordId: input.recordId, dueAt: typeof values.dueAt === 'string' ? new Date(values.dueAt) : null,
          sourceStepId: s.stepId, createdBy: null,
        }]);
        s.post.tasks.push({ id: taskId!, title: values.title, assigneeId });
        return { recordType: 'task', recordId: taskId };
      }
      throw new FlowStepError(`暂不支持由流程创建「${typeName(e.recordType)}」`);
    }
    case 'notify': {
      const users = new Map<string, FlowUser>();
      for (const p of e.to) {
        const u = await resolvePerson(s, p);
        users.set(u.id, u);
      }
      const link = e.link ?? recordLink(input.recordType, input.recordId);
      for (const u of users.values()) {
        s.post.notifications.push({ tenantId, userId: u.id, title: e.title, ...(e.body ? { body: e.body } : {}), ...(link ? { link } : {}), kind: 'flow' });
      }
      return { notified: [...users.values()].map((u) => ({ id: u.id, name: u.name })) };
    }
    case 'sendEmail': {
      const to: string[] = [];
      for (const r of e.to) {
        if (r.kind === 'address') to.push(r.email);
        else if (r.kind === 'recordEmail') {
          const email = input.record?.email;
          if (typeof email !== 'string' || !email) throw new FlowStepError(input.record ? '记录没有邮箱' : '流程没有关联记录，无法取得邮箱');
          to.push(email);
        } else {
          const u = await resolvePerson(s, r);
          if (!u.email) throw new FlowStepError(`「${u.name}」没有邮箱`);
          to.push(u.email);
        }
      }
      const ids: string[] = [];
      for (const address of [...new Set(to)]) ids.push(await addDelivery(s, 'email', { to: address, subject: e.subject, text: e.body }));
      return { emails: ids.length, deliveryIds: ids };
    }
    case 'approval': {
      const handler = findEffectHandler('approval');
      if (!handler) throw new FlowStepError('审批模块未加载，无法创建审批任务');
      return handler(s, e);
    }
    case 'webhook': {
      const body = e.body?.trim()
        ? e.body
        : JSON.stringify({ flowId: s.flowId, executionId: s.executionId, recordType: input.recordType, recordId: input.recordId, record: input.record, trigger: input.trigger });
      const id = await addDelivery(s, 'webhook', { url: e.url, secret: e.secret, body });
      return { deliveryId: id };
    }
  }
}

/** All effects of a plan, in order; answers the merged output. */
export async function applyEffects(s: EffectScope, effects: FlowEffect[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const e of effects) out.push({ type: e.type, ...(await applyEffect(s, e)) });
  return out;
}
