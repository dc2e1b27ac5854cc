/**
 * Stage and status changes of an opportunity: entry requirements, stage approvals, won / lost /
 * invalid / reopen. Every change writes one opportunity_stage_history row (seconds spent where it
 * left) and one audit entry (so flows with statusEntered on stageId / status fire).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError } from '../../platform/http/errors.ts';
import { assertNotLocked } from '../approvals/lock.ts';
import { registerApprovable } from '../approvals/registry.ts';
import { REQUIRABLE_FIELDS } from './fields.ts';
import { opportunities as o, opportunityStageHistory as h, pipelineStages as s, type OpportunityStatus, type StageRow } from './schema.ts';
import { detail, lockWritable, money, opportunitySelect, reload, type OpportunityDto, type OpportunitySelected } from './service.ts';

export interface HistoryEntry {
  tenantId: string; opportunityId: string; pipelineId: string; fromStageId: string | null; toStageId: string | null;
  fromStatus: string | null; toStatus: string; changedBy: string | null; at: Date; secondsInStage: number | null;
}

export async function recordStageHistory(tx: Db, e: HistoryEntry): Promise<void> {
  await tx.insert(h).values({
    tenantId: e.tenantId, opportunityId: e.opportunityId, pipelineId: e.pipelineId, fromStageId: e.fromStageId, toStageId: e.toStageId,
    fromStatus: e.fromStatus, toStatus: e.toStatus, changedBy: e.changedBy, changedAt: e.at, secondsInStage: e.secondsInStage,
  });
}

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The fields of `stage.requiredFields` the opportunity has not filled, with their labels. */
export async function missingRequirements(tx: Db, tenantId: string, opp: OpportunitySelected, stage: StageRow): Promise<{ field: string; label: string }[]> {
  const missing: { field: string; label: string }[] = [];
  const customKeys = stage.requiredFields.filter((f) => f.startsWith('custom.')).map((f) => f.slice(7));
  const customLabels = customKeys.length
    ? new Map((await rows<{ key: string; label: string }>(tx, sql`SELECT key, label FROM custom_fields WHERE tenant_id = ${tenantId} AND record_type = 'opportunity' AND key = ANY(${sql.param(customKeys)}::text[])`)).map((r) => [r.key, r.label]))
    : new Map<string, string>();
  for (const field of stage.requiredFields) {
    let filled: boolean;
    if (field === 'amount') filled = money(opp.amount) !== '0.00';
    else if (field === 'contacts') filled = Boolean(await one(tx, sql`SELECT 1 AS ok FROM opportunity_contacts WHERE opportunity_id = ${opp.id} LIMIT 1`));
    else if (field === 'lines') filled = Boolean(await one(tx, sql`SELECT 1 AS ok FROM line_items WHERE tenant_id = ${tenantId} AND parent_type = 'opportunity' AND parent_id = ${opp.id} LIMIT 1`));
    else if (field.startsWith('custom.')) filled = !empty((opp.custom ?? {})[field.slice(7)]);
    else filled = !empty((opp as Record<string, unknown>)[field]);
    if (!filled) missing.push({ field, label: field.startsWith('custom.') ? customLabels.get(field.slice(7)) ?? field : REQUIRABLE_FIELDS[field] ?? field });
  }
  return missing;
}

/** 409 STAGE_REQUIREMENTS naming the missing fields (details.missing) when the stage's entry requirements are not met. */
export async function assertEntryRequirements(tx: Db, tenantId: string, opp: OpportunitySelected, stage: StageRow): Promise<void> {
  const missing = await missingRequirements(tx, tenantId, opp, stage);
  if (missing.length) {
    throw conflict('STAGE_REQUIREMENTS', `进入「${stage.name}」阶段前请先填写：${missing.map((m) => m.label).join('、')}`, { field: 'stageId', stageId: stage.id, stageName: stage.name, missing });
  }
}

interface Change { stageId?: string; status?: OpportunityStatus; probability?: number; lossReason?: string | null }

/** Applies a stage / status change to a locked opportunity: row, history, audit (and the customer's deal status on a win). */
export async function applyTransition(tx: Db, src: AuditSource, before: OpportunitySelected, change: Change, now = new Date()): Promise<OpportunitySelected> {
  const toStage = change.stageId ?? before.stageId;
  const toStatus = change.status ?? before.status;
  const closing = toStatus !== 'open';
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(before.stageEnteredAt).getTime()) / 1000));
  await tx.update(o).set({
    stageId: toStage, status: toStatus, probability: change.probability ?? before.probability,
    lossReason: toStatus === 'lost' ? change.lossReason ?? before.lossReason : null,
    closedAt: closing ? now : null, stageEnteredAt: now, pendingStageId: null, updatedAt: now,
  }).where(eq(o.id, before.id));
  await recordStageHistory(tx, {
    tenantId: src.tenantId, opportunityId: before.id, pipelineId: before.pipelineId, fromStageId: before.stageId, toStageId: toStage,
    fromStatus: before.status, toStatus, changedBy: src.actorId, at: now, secondsInStage: seconds,
  });
  const after = await reload(tx, before.id);
  const view = (r: OpportunitySelected) => ({ stageId: r.stageId, status: r.status, probability: r.probability, lossReason: r.lossReason, closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null });
  await recordAudit(tx, src, { action: 'update', recordType: 'opportunity', recordId: before.id, before: view(before), after: view(after), data: { stageName: after.stageName, secondsInStage: seconds } });
  if (toStatus === 'won' && before.status !== 'won') await markCustomerWon(tx, src, before.customerId);
  return after;
}

/** A win makes the customer 成交 ('won'), or 多次成交 ('repeat') when it had won before. */
async function markCustomerWon(tx: Db, src: AuditSource, customerId: string): Promise<void> {
  const [cust] = await rows<{ deal_status: string }>(tx, sql`SELECT deal_status FROM customers WHERE id = ${customerId} FOR UPDATE`);
  if (!cust) return;
  const next = cust.deal_status === 'won' || cust.deal_status === 'repeat' ? 'repeat' : 'won';
  if (next === cust.deal_status) return;
  await tx.execute(sql`UPDATE customers SET deal_status = ${next}, updated_at = now() WHERE id = ${customerId}`);
  await recordAudit(tx, src, { action: 'update', recordType: 'customer', recordId: customerId, before: { dealStatus: cust.deal_status }, after: { dealStatus: next } });
}

async function lockOpen(tx: Db, actor: Actor, id: string): Promise<OpportunitySelected> {
  const before = await lockWritable(tx, actor, id, 'edit');
  await assertNotLocked(tx, actor, 'opportunity', id, []);
  return before;
}

function assertOpen(opp: OpportunitySelected): void {
  if (opp.status !== 'open') throw conflict('OPPORTUNITY_CLOSED', '商机已关闭，请先重新打开', { field: 'status', status: opp.status });
}

export interface StageMoveResult { opportunity: OpportunityDto; approvalRequired: boolean }

/**
 * POST /opportunities/:id/stage. Same stage: nothing changes. The stage must be an active stage of
 * the opportunity's pipeline (400 naming stageId), its entry requirements met (409
 * STAGE_REQUIREMENTS). A stage that requires approval is not entered yet: it becomes the pending
 * stage, and the client submits the approval (POST /approvals {recordType:'opportunity'}); the
 * approval's outcome moves it (approved) or clears it.
 */
export async function moveStage(db: Db, actor: Actor, src: AuditSource, id: string, stageId: string): Promise<StageMoveResult> {
  const { row, approvalRequired } = await inTransaction(db, async (tx) => {
    const before = await lockOpen(tx, actor, id);
    assertOpen(before);
    const [stage] = await tx.select().from(s).where(and(eq(s.id, stageId), eq(s.pipelineId, before.pipelineId)));
    if (!stage) throw fieldError('stageId', '该阶段不属于商机的销售流程');
    if (stage.archived) throw fieldError('stageId', `阶段「${stage.name}」已归档`);
    if (stage.id === before.stageId) return { row: before, approvalRequired: false };
    await assertEntryRequirements(tx, src.tenantId, before, stage);
    if (stage.requiresApproval) {
      await tx.update(o).set({ pendingStageId: stage.id, updatedAt: new Date() }).where(eq(o.id, id));
      await recordAudit(tx, src, { action: 'update', recordType: 'opportunity', recordId: id, before: { pendingStageId: before.pendingStageId }, after: { pendingStageId: stage.id } });
      return { row: await reload(tx, id), approvalRequired: true };
    }
    return { row: await applyTransition(tx, src, before, { stageId: stage.id, probability: stage.probability }), approvalRequired: false };
  }, actor.tenantId);
  return { opportunity: await detail(db, actor, row), approvalRequired };
}

export async function closeOpportunity(db: Db, actor: Actor, src: AuditSource, id: string, status: 'won' | 'lost' | 'invalid', reason?: string): Promise<OpportunityDto> {
  if (status === 'lost' && !reason?.trim()) throw fieldError('reason', '请填写输单原因');
  const row = await inTransaction(db, async (tx) => {
    const before = await lockOpen(tx, actor, id);
    assertOpen(before);
    return applyTransition(tx, src, before, { status, probability: status === 'won' ? 100 : 0, lossReason: status === 'lost' ? reason!.trim() : null });
  }, actor.tenantId);
  return detail(db, actor, row);
}

/** Back to open in the stage it closed in, with that stage's probability (an archived stage: the pipeline's first active stage). */
export async function reopenOpportunity(db: Db, actor: Actor, src: AuditSource, id: string): Promise<OpportunityDto> {
  const row = await inTransaction(db, async (tx) => {
    const before = await lockOpen(tx, actor, id);
    if (before.status === 'open') throw conflict('OPPORTUNITY_OPEN', '商机已经是进行中', { field: 'status' });
    const stages = await tx.select().from(s).where(eq(s.pipelineId, before.pipelineId)).orderBy(s.sort);
    const stage = stages.find((st) => st.id === before.stageId && !st.archived) ?? stages.find((st) => !st.archived);
    if (!stage) throw conflict('NO_STAGE', '销售流程没有可用的阶段');
    return applyTransition(tx, src, before, { status: 'open', stageId: stage.id, probability: stage.probability });
  }, actor.tenantId);
  return detail(db, actor, row);
}

/** Stage entry approvals: the approval engine reports its status here, in its own transaction. */
export function registerOpportunityApprovable(): void {
  registerApprovable({
    recordType: 'opportunity',
    async describe(tx, tenantId, recordId) {
      const [r] = await rows<{ name: string; number: string | null; amount: string; owner_id: string | null; stage: string | null; pending: string | null; customer: string | null }>(tx, sql`
        SELECT op.name, op.number, op.amount::text AS amount, op.owner_id::text AS owner_id, s.name AS stage, ps.name AS pending, c.name AS customer
          FROM opportunities op LEFT JOIN pipeline_stages s ON s.id = op.stage_id LEFT JOIN pipeline_stages ps ON ps.id = op.pending_stage_id
          LEFT JOIN customers c ON c.id = op.customer_id
         WHERE op.id = ${recordId} AND op.tenant_id = ${tenantId} AND op.deleted_at IS NULL`);
      if (!r) return null;
      return {
        title: `商机阶段变更：${r.name}${r.pending ? ` → ${r.pending}` : ''}`,
        summary: { number: r.number, customer: r.customer, amount: money(r.amount), stage: r.stage, pendingStage: r.pending },
        ownerId: r.owner_id,
      };
    },
    async assertSubmittable(tx, _actor, recordId) {
      const [r] = await rows<{ status: string; pending: string | null }>(tx, sql`SELECT status, pending_stage_id::text AS pending FROM opportunities WHERE id = ${recordId}`);
      if (!r) return;
      if (r.status !== 'open') throw conflict('OPPORTUNITY_CLOSED', '商机已关闭，请先重新打开', { field: 'status' });
      if (!r.pending) throw conflict('NO_PENDING_STAGE', '没有待审批的阶段变更：请先把商机移到需要审批的阶段', { field: 'stageId' });
    },
    async onStatus(tx, tenantId, recordId, status, change) {
      const [before] = await tx.select(opportunitySelect).from(o).where(and(eq(o.id, recordId), eq(o.tenantId, tenantId))).for('update', { of: o });
      const opp = before as OpportunitySelected | undefined;
      if (!opp || !opp.pendingStageId) return;
      if (status === 'approved') {
        const [stage] = await tx.select().from(s).where(eq(s.id, opp.pendingStageId));
        if (stage && !stage.archived && opp.status === 'open') {
          await applyTransition(tx, { ...change.src, tenantId }, opp, { stageId: stage.id, probability: stage.probability });
          return;
        }
      }
      if (status !== 'pending') {
        await tx.update(o).set({ pendingStageId: null, updatedAt: new Date() }).where(eq(o.id, recordId));
        await recordAudit(tx, { ...change.src, tenantId }, { action: 'update', recordType: 'opportunity', recordId, before: { pendingStageId: opp.pendingStageId }, after: { pendingStageId: null }, data: { approval: status } });
      }
    },
  });
}
