/** Pipelines (销售流程) and their ordered stages: admin CRUD, and which pipelines a person is offered. */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import type { z } from 'zod';
import type { createPipelineInput, stageInput, updatePipelineInput, updateStageInput } from './input.ts';
import { pipelineStages as s, pipelines as p, type PipelineRow, type StageRow } from './schema.ts';
import { REQUIRABLE_FIELDS } from './fields.ts';

export interface StageDto {
  id: string; name: string; sort: number; probability: number; requiredFields: string[]; requiresApproval: boolean; archived: boolean;
}
export interface PipelineDto {
  id: string; name: string; description: string | null; departmentIds: string[]; isDefault: boolean; active: boolean; sort: number; stages: StageDto[];
}

const stageDto = (r: StageRow): StageDto => ({
  id: r.id, name: r.name, sort: r.sort, probability: r.probability, requiredFields: r.requiredFields ?? [], requiresApproval: r.requiresApproval, archived: r.archived,
});

/**
 * Pipelines the actor may use: active, and either open to every department or limited to
 * departments that contain the actor's (a sub-department counts). Admins are offered all.
 */
export function offeredPipelines(actor: Actor): SQL {
  const base = sql`${p.tenantId} = ${actor.tenantId} AND ${p.active}`;
  if (actor.perms.admin) return base;
  if (!actor.departmentId) return sql`${base} AND cardinality(${p.departmentIds}) = 0`;
  return sql`${base} AND (cardinality(${p.departmentIds}) = 0 OR ${p.departmentIds} && ARRAY(
    WITH RECURSIVE up AS (
      SELECT id, parent_id FROM departments WHERE tenant_id = ${actor.tenantId} AND id = ${actor.departmentId}
      UNION SELECT d.id, d.parent_id FROM departments d JOIN up ON d.id = up.parent_id WHERE d.tenant_id = ${actor.tenantId})
    SELECT id FROM up))`;
}

async function withStages(db: Db, list: PipelineRow[], includeArchived: boolean): Promise<PipelineDto[]> {
  if (!list.length) return [];
  const stages = await db.select().from(s).where(and(sql`${s.pipelineId} = ANY(${sql.param(list.map((x) => x.id))}::uuid[])`, includeArchived ? undefined : eq(s.archived, false))).orderBy(asc(s.sort));
  return list.map((x) => ({
    id: x.id, name: x.name, description: x.description, departmentIds: x.departmentIds ?? [], isDefault: x.isDefault, active: x.active, sort: x.sort,
    stages: stages.filter((st) => st.pipelineId === x.id).map(stageDto),
  }));
}

/** GET /pipelines: the actor's pipelines (default first); `all` (admins): inactive ones and archived stages too. */
export async function listPipelines(db: Db, actor: Actor, all: boolean): Promise<PipelineDto[]> {
  const admin = actor.perms.admin && all;
  const where = admin ? eq(p.tenantId, actor.tenantId) : offeredPipelines(actor);
  const list = await db.select().from(p).where(where).orderBy(sql`${p.isDefault} DESC`, asc(p.sort), asc(p.createdAt));
  return withStages(db, list, admin);
}

export async function getPipeline(db: Db, tenantId: string, id: string): Promise<PipelineDto> {
  const [row] = await db.select().from(p).where(and(eq(p.id, id), eq(p.tenantId, tenantId)));
  if (!row) throw notFound('pipeline');
  return (await withStages(db, [row], true))[0]!;
}

/** A pipeline the actor may put opportunities in (400 naming pipelineId otherwise); none given → their default. */
export async function usablePipeline(db: Db, actor: Actor, pipelineId: string | undefined): Promise<PipelineRow> {
  const found = await db.select().from(p).where(and(offeredPipelines(actor), pipelineId ? eq(p.id, pipelineId) : undefined))
    .orderBy(sql`${p.isDefault} DESC`, asc(p.sort), asc(p.createdAt)).limit(1);
  if (!found[0]) throw pipelineId ? fieldError('pipelineId', 'no such pipeline available to you') : fieldError('pipelineId', '没有可用的销售流程，请管理员先创建');
  return found[0];
}

export async function stagesOf(db: Db, pipelineId: string): Promise<StageRow[]> {
  return db.select().from(s).where(eq(s.pipelineId, pipelineId)).orderBy(asc(s.sort));
}

async function assertDepartments(db: Db, tenantId: string, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await rows<{ id: string }>(db, sql`SELECT id::text AS id FROM departments WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(ids)}::uuid[])`);
  if (found.length !== new Set(ids).size) throw fieldError('departmentIds', 'no such department');
}

async function assertRequirable(db: Db, tenantId: string, fields: string[] | undefined, at: string): Promise<void> {
  if (!fields?.length) return;
  const custom = fields.filter((f) => f.startsWith('custom.')).map((f) => f.slice(7));
  const known = custom.length
    ? new Set((await rows<{ key: string }>(db, sql`SELECT key FROM custom_fields WHERE tenant_id = ${tenantId} AND record_type = 'opportunity' AND key = ANY(${sql.param(custom)}::text[])`)).map((r) => r.key))
    : new Set<string>();
  for (const f of fields) {
    if (f.startsWith('custom.') ? !known.has(f.slice(7)) : !(f in REQUIRABLE_FIELDS)) throw fieldError(at, `unknown field ${f}`);
  }
}

async function clearDefault(tx: Db, tenantId: string, exceptId?: string): Promise<void> {
  await tx.update(p).set({ isDefault: false }).where(and(eq(p.tenantId, tenantId), eq(p.isDefault, true), exceptId ? sql`${p.id} <> ${exceptId}` : undefined));
}

function duplicateStageNames(stages: { name: string }[]): void {
  const seen = new Set<string>();
  stages.forEach((st, i) => {
    if (seen.has(st.name)) throw fieldError(`stages.${i}.name`, `duplicate stage name ${st.name}`);
    seen.add(st.name);
  });
}

export async function createPipeline(db: Db, actor: Actor, src: AuditSource, input: z.infer<typeof createPipelineInput>): Promise<PipelineDto> {
  duplicateStageNames(input.stages);
  const id = await inTransaction(db, async (tx) => {
    await assertDepartments(tx, actor.tenantId, input.departmentIds);
    for (const [i, st] of input.stages.entries()) await assertRequirable(tx, actor.tenantId, st.requiredFields, `stages.${i}.requiredFields`);
    const taken = await one(tx, sql`SELECT 1 AS ok FROM pipelines WHERE tenant_id = ${actor.tenantId} AND name = ${input.name}`);
    if (taken) throw conflict('DUPLICATE', `已有名为「${input.name}」的销售流程`, { field: 'name' });
    const first = !(await one(tx, sql`SELECT 1 AS ok FROM pipelines WHERE tenant_id = ${actor.tenantId}`));
    const isDefault = input.isDefault ?? first;
    if (isDefault) await clearDefault(tx, actor.tenantId);
    const [maxSort] = await rows<{ n: number }>(tx, sql`SELECT coalesce(max(sort), 0)::int AS n FROM pipelines WHERE tenant_id = ${actor.tenantId}`);
    const [row] = await tx.insert(p).values({
      tenantId: actor.tenantId, name: input.name, description: input.description || null, departmentIds: input.departmentIds ?? [], isDefault, sort: (maxSort?.n ?? 0) + 1,
    }).returning();
    await tx.insert(s).values(input.stages.map((st, i) => ({
      tenantId: actor.tenantId, pipelineId: row!.id, name: st.name, sort: i + 1, probability: st.probability,
      requiredFields: st.requiredFields ?? [], requiresApproval: st.requiresApproval ?? false,
    })));
    await recordAudit(tx, src, { action: 'create', recordType: 'pipeline', recordId: row!.id, data: { name: input.name, stages: input.stages.map((st) => st.name) } });
    return row!.id;
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}

export async function updatePipeline(db: Db, actor: Actor, src: AuditSource, id: string, input: z.infer<typeof updatePipelineInput>): Promise<PipelineDto> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(p).where(and(eq(p.id, id), eq(p.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('pipeline');
    await assertDepartments(tx, actor.tenantId, input.departmentIds);
    if (input.name && input.name !== before.name && (await one(tx, sql`SELECT 1 AS ok FROM pipelines WHERE tenant_id = ${actor.tenantId} AND name = ${input.name} AND id <> ${id}`))) {
      throw conflict('DUPLICATE', `已有名为「${input.name}」的销售流程`, { field: 'name' });
    }
    if (input.isDefault === false && before.isDefault) throw conflict('DEFAULT_REQUIRED', '必须有一个默认销售流程：请把另一个流程设为默认', { field: 'isDefault' });
    if ((input.active === false) && (input.isDefault ?? before.isDefault)) throw conflict('DEFAULT_REQUIRED', '默认销售流程不能停用', { field: 'active' });
    if (input.isDefault) await clearDefault(tx, actor.tenantId, id);
    const set: Partial<typeof p.$inferInsert> = { updatedAt: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description || null;
    if (input.departmentIds !== undefined) set.departmentIds = input.departmentIds;
    if (input.isDefault !== undefined) set.isDefault = input.isDefault;
    if (input.active !== undefined) set.active = input.active;
    await tx.update(p).set(set).where(eq(p.id, id));
    await recordAudit(tx, src, { action: 'update', recordType: 'pipeline', recordId: id, before: { name: before.name, departmentIds: before.departmentIds, isDefault: before.isDefault, active: before.active }, after: { name: set.name ?? before.name, departmentIds: set.departmentIds ?? before.departmentIds, isDefault: set.isDefault ?? before.isDefault, active: set.active ?? before.active } });
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}

/** Deletes a pipeline with no opportunities (409 otherwise: deactivate it instead). */
export async function deletePipeline(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [before] = await tx.select().from(p).where(and(eq(p.id, id), eq(p.tenantId, actor.tenantId))).for('update');
    if (!before) throw notFound('pipeline');
    const [used] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM opportunities WHERE tenant_id = ${actor.tenantId} AND pipeline_id = ${id}`);
    if (used!.n > 0) throw conflict('PIPELINE_IN_USE', `销售流程「${before.name}」下有 ${used!.n} 个商机，不能删除（可以停用）`, { field: 'id', count: used!.n });
    if (before.isDefault) throw conflict('DEFAULT_REQUIRED', '默认销售流程不能删除：请先把另一个流程设为默认', { field: 'isDefault' });
    await tx.delete(p).where(eq(p.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'pipeline', recordId: id, data: { name: before.name } });
  }, actor.tenantId);
}

async function lockPipeline(tx: Db, tenantId: string, id: string): Promise<PipelineRow> {
  const [row] = await tx.select().from(p).where(and(eq(p.id, id), eq(p.tenantId, tenantId))).for('update');
  if (!row) throw notFound('pipeline');
  return row;
}

export async function addStage(db: Db, actor: Actor, src: AuditSource, id: string, input: z.infer<typeof stageInput>): Promise<PipelineDto> {
  await inTransaction(db, async (tx) => {
    await lockPipeline(tx, actor.tenantId, id);
    await assertRequirable(tx, actor.tenantId, input.requiredFields, 'requiredFields');
    const stages = await stagesOf(tx, id);
    if (stages.some((st) => st.name === input.name)) throw conflict('DUPLICATE', `已有名为「${input.name}」的阶段`, { field: 'name' });
    const [row] = await tx.insert(s).values({
      tenantId: actor.tenantId, pipelineId: id, name: input.name, sort: Math.max(0, ...stages.map((st) => st.sort)) + 1, probability: input.probability,
      requiredFields: input.requiredFields ?? [], requiresApproval: input.requiresApproval ?? false,
    }).returning();
    await recordAudit(tx, src, { action: 'update', recordType: 'pipeline', recordId: id, data: { stageAdded: { id: row!.id, name: row!.name } } });
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}

export async function updateStage(db: Db, actor: Actor, src: AuditSource, id: string, stageId: string, input: z.infer<typeof updateStageInput>): Promise<PipelineDto> {
  await inTransaction(db, async (tx) => {
    await lockPipeline(tx, actor.tenantId, id);
    const stages = await stagesOf(tx, id);
    const before = stages.find((st) => st.id === stageId);
    if (!before) throw notFound('stage');
    await assertRequirable(tx, actor.tenantId, input.requiredFields, 'requiredFields');
    if (input.name && stages.some((st) => st.id !== stageId && st.name === input.name)) throw conflict('DUPLICATE', `已有名为「${input.name}」的阶段`, { field: 'name' });
    if (input.archived && stages.filter((st) => !st.archived && st.id !== stageId).length === 0) throw conflict('LAST_STAGE', '销售流程至少要保留一个阶段', { field: 'archived' });
    if (input.archived) {
      const [open] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM opportunities WHERE tenant_id = ${actor.tenantId} AND stage_id = ${stageId} AND status = 'open' AND deleted_at IS NULL`);
      if (open!.n > 0) throw conflict('STAGE_IN_USE', `阶段「${before.name}」中还有 ${open!.n} 个进行中的商机，请先移到其他阶段再归档`, { field: 'archived', stageId, count: open!.n });
    }
    const set: Partial<typeof s.$inferInsert> = {};
    for (const key of ['name', 'probability', 'requiredFields', 'requiresApproval', 'archived'] as const) if (input[key] !== undefined) (set as Record<string, unknown>)[key] = input[key];
    if (Object.keys(set).length) await tx.update(s).set(set).where(eq(s.id, stageId));
    await recordAudit(tx, src, { action: 'update', recordType: 'pipeline', recordId: id, data: { stage: stageId }, before: stageDto(before) as never, after: { ...stageDto(before), ...set } as never });
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}

/** Removes a stage nobody ever used; a stage with opportunities (even deleted or closed ones) is refused: archive it. */
export async function deleteStage(db: Db, actor: Actor, src: AuditSource, id: string, stageId: string): Promise<PipelineDto> {
  await inTransaction(db, async (tx) => {
    await lockPipeline(tx, actor.tenantId, id);
    const stages = await stagesOf(tx, id);
    const before = stages.find((st) => st.id === stageId);
    if (!before) throw notFound('stage');
    const [used] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM opportunities WHERE tenant_id = ${actor.tenantId} AND (stage_id = ${stageId} OR pending_stage_id = ${stageId})`);
    if (used!.n > 0) throw conflict('STAGE_IN_USE', `阶段「${before.name}」下有 ${used!.n} 个商机，不能删除（可以归档）`, { field: 'stageId', stageId, stageName: before.name, count: used!.n });
    if (stages.filter((st) => !st.archived && st.id !== stageId).length === 0) throw conflict('LAST_STAGE', '销售流程至少要保留一个阶段', { field: 'stageId' });
    await tx.delete(s).where(eq(s.id, stageId));
    await recordAudit(tx, src, { action: 'update', recordType: 'pipeline', recordId: id, data: { stageDeleted: { id: stageId, name: before.name } } });
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}

/** PUT /pipelines/:id/stages/order: the full list of the pipeline's stage ids in their new order. */
export async function reorderStages(db: Db, actor: Actor, src: AuditSource, id: string, stageIds: string[]): Promise<PipelineDto> {
  await inTransaction(db, async (tx) => {
    await lockPipeline(tx, actor.tenantId, id);
    const stages = await stagesOf(tx, id);
    const have = new Set(stages.map((st) => st.id));
    if (stageIds.length !== stages.length || new Set(stageIds).size !== stageIds.length || stageIds.some((x) => !have.has(x))) {
      throw fieldError('stageIds', 'must list every stage of the pipeline exactly once');
    }
    await tx.execute(sql`UPDATE pipeline_stages SET sort = o.ord FROM unnest(${sql.param(stageIds)}::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE pipeline_stages.id = o.id`);
    await recordAudit(tx, src, { action: 'update', recordType: 'pipeline', recordId: id, before: { stages: stages.map((st) => st.name) }, after: { stages: stageIds.map((x) => stages.find((st) => st.id === x)!.name) } });
  }, actor.tenantId);
  return getPipeline(db, actor.tenantId, id);
}
