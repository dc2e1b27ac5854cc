/**
 * Flow definitions (流程定义): drafts the designer saves, immutable published versions, enable /
 * disable / delete. Every write is audited (record type "flow") in the caller's transaction.
 */
import crypto from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import {
  flowDefinitionSchema, type FlowDefinition, type FlowDetail, type FlowProblem, type FlowSummary, type FlowTrigger, type FlowTriggerType,
} from '@loopline/shared';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { badRequest, conflict, notFound, unprocessable } from '../../platform/http/errors.ts';
import { flowCheckContext } from './checkContext.ts';
import { validateFlowDefinition } from './engine/validate.ts';
import type { FlowRuntime } from './runtime/index.ts';
import { flows, flowVersions } from './schema.ts';
import { findFlowTemplate, templateDefinition } from './templates.ts';
import { diffFlowDefinitions, type FlowVersionDiff } from './versionDiff.ts';

type FlowRow = typeof flows.$inferSelect;

/** A new flow without a template: a manual button on leads that does nothing yet. */
export function blankDefinition(): FlowDefinition {
  return {
    trigger: { type: 'manual', recordType: 'lead' },
    nodes: [
      { id: 'trigger', type: 'trigger', label: '触发', config: {}, position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', label: '结束', config: {}, position: { x: 0, y: 140 } },
    ],
    edges: [{ id: 'trigger-end', source: 'trigger', target: 'end' }],
  };
}

/** Record types whose audit events the trigger needs (flows.listens_on); time- and request-driven triggers need none. */
export function listensOn(trigger: FlowTrigger): string[] {
  switch (trigger.type) {
    case 'recordCreated':
    case 'recordUpdated':
    case 'ownerChanged':
    case 'statusEntered':
      return trigger.recordType ? [trigger.recordType] : [];
    case 'followupLogged':
      return ['activity'];
    // approval flows start from a submission (POST /approvals), never from audit events
    case 'approvalSubmitted':
    default:
      return [];
  }
}

/** A flow whose trigger is "提交审批" is an approval flow (审批流程); every other one is an automation. */
export const flowKind = (def: FlowDefinition | undefined): 'automation' | 'approval' => (def?.trigger.type === 'approvalSubmitted' ? 'approval' : 'automation');

export const webhookPath = (key: string) => `/api/v1/public/flow-hooks/${key}`;

// ------------------------------------------------------------------ reads

interface SummaryRow {
  id: string; name: string; description: string | null; kind: 'automation' | 'approval'; status: FlowSummary['status'];
  record_type: string | null; trigger_type: string | null; published_version: number | null; draft_changed: boolean | null;
  template_key: string | null; updated_at: Date | string; draft_trigger_type: string | null; draft_record_type: string | null;
}

const summarySql = (tenantId: string, id?: string) => sql`
  SELECT f.id, f.name, f.description, f.kind, f.status, f.record_type, f.trigger_type, f.published_version, f.template_key, f.updated_at,
         f.draft->'trigger'->>'type' AS draft_trigger_type, f.draft->'trigger'->>'recordType' AS draft_record_type,
         (v.definition IS NULL OR f.draft IS DISTINCT FROM v.definition) AS draft_changed
    FROM flows f LEFT JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.published_version
   WHERE f.tenant_id = ${tenantId} ${id ? sql`AND f.id = ${id}` : sql``}
   ORDER BY f.updated_at DESC, f.id`;

function toSummary(r: SummaryRow): FlowSummary {
  const published = r.published_version !== null;
  return {
    id: r.id, name: r.name, description: r.description, kind: r.kind, status: r.status,
    // what runs (the published version) when there is one; the draft's otherwise
    recordType: published ? r.record_type : r.draft_record_type,
    triggerType: ((published ? r.trigger_type : r.draft_trigger_type) ?? 'manual') as FlowTriggerType,
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    hasDraftChanges: Boolean(r.draft_changed),
    templateKey: r.template_key,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listFlows(db: Db, tenantId: string, kind?: 'automation' | 'approval'): Promise<FlowSummary[]> {
  const all = (await rows<SummaryRow>(db, summarySql(tenantId))).map(toSummary);
  return kind ? all.filter((f) => f.kind === kind) : all;
}

async function flowRow(db: Db, tenantId: string, id: string, lock = false): Promise<FlowRow> {
  const q = db.select().from(flows).where(and(eq(flows.tenantId, tenantId), eq(flows.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('flow');
  return row;
}

/** The flow with its draft and version list; `baseUrl` prefixes the webhook URL. */
export async function getFlowDetail(db: Db, tenantId: string, id: string, baseUrl = ''): Promise<FlowDetail> {
  const [summary] = await rows<SummaryRow>(db, summarySql(tenantId, id));
  if (!summary) throw notFound('flow');
  const row = await flowRow(db, tenantId, id);
  const versions = await rows<{ version: number; published_at: Date | string; published_by: string | null; published_by_name: string | null }>(db, sql`
    SELECT v.version, v.published_at, v.published_by, u.name AS published_by_name
      FROM flow_versions v LEFT JOIN users u ON u.id = v.published_by
     WHERE v.tenant_id = ${tenantId} AND v.flow_id = ${id} ORDER BY v.version DESC`);
  return {
    ...toSummary(summary),
    draft: row.draft,
    webhookUrl: row.webhookKey && row.triggerType === 'webhook' ? baseUrl + webhookPath(row.webhookKey) : null,
    versions: versions.map((v) => ({
      version: Number(v.version), publishedAt: new Date(v.published_at).toISOString(), publishedBy: v.published_by, publishedByName: v.published_by_name,
    })),
  };
}

export interface FlowVersionView { version: number; definition: FlowDefinition; publishedAt: string; publishedBy: string | null; publishedByName: string | null }

export async function getFlowVersion(db: Db, tenantId: string, flowId: string, version: number): Promise<FlowVersionView> {
  await flowRow(db, tenantId, flowId);
  const [v] = await rows<{ version: number; definition: FlowDefinition | string; published_at: Date | string; published_by: string | null; published_by_name: string | null }>(db, sql`
    SELECT v.version, v.definition, v.published_at, v.published_by, u.name AS published_by_name
      FROM flow_versions v LEFT JOIN users u ON u.id = v.published_by
     WHERE v.tenant_id = ${tenantId} AND v.flow_id = ${flowId} AND v.version = ${version}`);
  if (!v) throw notFound(`version ${version} of this flow`);
  return {
    version: Number(v.version), definition: typeof v.definition === 'string' ? JSON.parse(v.definition) : v.definition,
    publishedAt: new Date(v.published_at).toISOString(), publishedBy: v.published_by, publishedByName: v.published_by_name,
  };
}

/** `to` = a version number or the draft. */
export async function diffFlow(db: Db, tenantId: string, flowId: string, from: number, to: number | 'draft'): Promise<FlowVersionDiff> {
  const before = (await getFlowVersion(db, tenantId, flowId, from)).definition;
  const after = to === 'draft' ? (await flowRow(db, tenantId, flowId)).draft : (await getFlowVersion(db, tenantId, flowId, to)).definition;
  return diffFlowDefinitions(before, after);
}

// ------------------------------------------------------------------ checks

/** Problems of a definition for this tenant (its fields, custom fields), each naming its node. */
export async function checkFlowDefinition(db: Db, tenantId: string, def: FlowDefinition): Promise<FlowProblem[]> {
  const parsed = flowDefinitionSchema.safeParse(def);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => ({ nodeId: nodeOfIssue(def, i.path), code: 'badConfig' as const, message: `${i.path.join('.')}: ${i.message}` }));
  }
  const ctx = await flowCheckContext(db, tenantId, def.trigger.recordType ?? null);
  return [...validateFlowDefinition(def, ctx), ...(await referenceProblems(db, tenantId, def))];
}

/** `{kind:'user', userId}` anywhere in a config: a fixed person the node gives work or news to. */
function fixedUsers(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) fixedUsers(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.kind === 'user' && typeof o.userId === 'string') out.add(o.userId);
    for (const v of Object.values(o)) fixedUsers(v, out);
  }
  return out;
}

/**
 * What only the database knows: the fixed people a node names must be active users of this
 * organization, and a named pool must exist and take the flow's record type.
 */
async function referenceProblems(db: Db, tenantId: string, def: FlowDefinition): Promise<FlowProblem[]> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const wanted = def.nodes.map((n) => ({ node: n, users: [...fixedUsers(n.config, new Set())].filter((id) => uuid.test(id)), pool: typeof n.config?.poolId === 'string' && uuid.test(n.config.poolId) ? n.config.poolId : null }));
  const userIds = [...new Set(wanted.flatMap((w) => w.users))];
  const poolIds = [...new Set(wanted.flatMap((w) => (w.pool ? [w.pool] : [])))];
  if (!userIds.length && !poolIds.length) return [];
  const active = new Set(userIds.length
    ? (await rows<{ id: string }>(db, sql`SELECT id::text AS id FROM users WHERE tenant_id = ${tenantId} AND status = 'active' AND id = ANY(${sql.param(userIds)}::uuid[])`)).map((u) => u.id)
    : []);
  const pools = new Map(poolIds.length
    ? (await rows<{ id: string; record_types: string[] }>(db, sql`SELECT id::text AS id, record_types FROM pools WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(poolIds)}::uuid[])`)).map((p) => [p.id, p.record_types])
    : []);
  const problems: FlowProblem[] = [];
  for (const w of wanted) {
    for (const id of w.users) if (!active.has(id)) problems.push({ nodeId: w.node.id, code: 'badConfig', message: `节点「${w.node.label || w.node.id}」指定的人员不存在或已停用` });
    if (w.pool) {
      const types = pools.get(w.pool);
      if (!types) problems.push({ nodeId: w.node.id, code: 'badConfig', message: `节点「${w.node.label || w.node.id}」指定的公海不存在` });
      else if (def.trigger.recordType && !types.includes(def.trigger.recordType)) problems.push({ nodeId: w.node.id, code: 'badConfig', message: `节点「${w.node.label || w.node.id}」指定的公海不接收此类记录` });
    }
  }
  return problems;
}

/** The node a schema issue (path like nodes.3.config.title) belongs to. */
function nodeOfIssue(def: FlowDefinition, path: PropertyKey[]): string | null {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return null;
  const n = (def.nodes as unknown[])?.[path[1]] as { id?: unknown } | undefined;
  return typeof n?.id === 'string' ? n.id : null;
}

// ------------------------------------------------------------------ writes

const auditable = (r: FlowRow) => ({ name: r.name, description: r.description, status: r.status, publishedVersion: r.publishedVersion });

export interface CreateFlow { name: string; description?: string | null; draft?: FlowDefinition; templateKey?: string }

export async function createFlow(tx: Db, src: AuditSource, input: CreateFlow): Promise<string> {
  let draft = input.draft;
  let templateKey: string | null = null;
  let description = input.description ?? null;
  if (input.templateKey !== undefined) {
    const template = findFlowTemplate(input.templateKey);
    if (!template) throw badRequest('VALIDATION_FAILED', `templateKey: no built-in template "${input.templateKey}"`, { fields: [{ field: 'templateKey', message: 'no such template' }] });
    draft ??= templateDefinition(template);
    templateKey = template.key;
    description ??= template.description;
  }
  const [row] = await tx.insert(flows).values({
    tenantId: src.tenantId, name: input.name, description, draft: draft ?? blankDefinition(), templateKey, createdBy: src.actorId, updatedBy: src.actorId,
    kind: flowKind(draft),
  }).returning();
  await recordAudit(tx, src, { action: 'create', recordType: 'flow', recordId: row!.id, after: { ...auditable(row!), templateKey } });
  return row!.id;
}

/** Saves name / description / the draft (schema-checked by the route; deeper checks happen at publish). */
export async function updateFlow(tx: Db, src: AuditSource, id: string, input: { name?: string; description?: string | null; draft?: FlowDefinition }): Promise<void> {
  const before = await flowRow(tx, src.tenantId, id, true);
  const now = new Date();
  const patch: Partial<typeof flows.$inferInsert> = { updatedAt: now, updatedBy: src.actorId };
  if (input.name !== undefined) patch.name = input.name;
  if (input.description !== undefined) patch.description = input.description;
  if (input.draft !== undefined) {
    patch.draft = input.draft;
    patch.draftUpdatedAt = now;
    // the kind follows the draft until the flow is first published; after that it is fixed (its
    // executions and approval instances belong to that kind)
    if (before.publishedVersion === null) patch.kind = flowKind(input.draft);
    else if (flowKind(input.draft) !== before.kind) {
      throw badRequest('FLOW_KIND_FIXED', before.kind === 'approval' ? '已发布的审批流程不能改为自动化流程' : '已发布的自动化流程不能改为审批流程', { field: 'draft.trigger.type' });
    }
  }
  const [after] = await tx.update(flows).set(patch).where(and(eq(flows.tenantId, src.tenantId), eq(flows.id, id))).returning();
  await recordAudit(tx, src, { action: 'update', recordType: 'flow', recordId: id, before: auditable(before), after: auditable(after!), data: { draftSaved: input.draft !== undefined } });
}

/**
 * Publishes the draft as version n+1 (immutable) and makes the flow active, or throws 422
 * FLOW_INVALID with every problem naming its node. Running executions keep their version.
 */
export async function publishFlow(tx: Db, src: AuditSource, id: string): Promise<number> {
  const row = await flowRow(tx, src.tenantId, id, true);
  const def = row.draft;
  const problems = await checkFlowDefinition(tx, src.tenantId, def);
  if (problems.length) {
    const first = problems[0]!;
    throw unprocessable('FLOW_INVALID', `the flow has ${problems.length} problem(s)${first.nodeId ? `; node "${first.nodeId}"` : ''}: ${first.message}`, { problems });
  }
  const [last] = await tx.select({ version: flowVersions.version }).from(flowVersions)
    .where(and(eq(flowVersions.tenantId, src.tenantId), eq(flowVersions.flowId, id))).orderBy(desc(flowVersions.version)).limit(1);
  const version = (last?.version ?? 0) + 1;
  await tx.insert(flowVersions).values({ tenantId: src.tenantId, flowId: id, version, definition: def, publishedBy: src.actorId });
  const trigger = def.trigger;
  // an integration keeps its URL across versions; a flow that stops being a webhook flow drops it
  const webhookKey = trigger.type === 'webhook' ? row.webhookKey ?? crypto.randomBytes(24).toString('base64url') : null;
  const now = new Date();
  const [after] = await tx.update(flows).set({
    publishedVersion: version, status: 'active', recordType: trigger.recordType ?? null, triggerType: trigger.type, listensOn: listensOn(trigger),
    webhookKey, updatedAt: now, updatedBy: src.actorId,
  }).where(and(eq(flows.tenantId, src.tenantId), eq(flows.id, id))).returning();
  await recordAudit(tx, src, { action: 'publish', recordType: 'flow', recordId: id, before: auditable(row), after: auditable(after!), data: { version } });
  return version;
}

/** Stops the flow: no new executions; the running and waiting ones are cancelled with the reason (visible in run history). */
export async function disableFlow(tx: Db, src: AuditSource, runtime: Pick<FlowRuntime, 'cancelFlowExecutions'>, id: string, reason?: string): Promise<number> {
  const row = await flowRow(tx, src.tenantId, id, true);
  if (row.status === 'draft') throw conflict('FLOW_NOT_ACTIVE', 'the flow has never been published');
  if (row.status === 'disabled') return 0;
  const why = reason?.trim() || '流程已停用';
  await tx.update(flows).set({ status: 'disabled', updatedAt: new Date(), updatedBy: src.actorId }).where(and(eq(flows.tenantId, src.tenantId), eq(flows.id, id)));
  const cancelled = await runtime.cancelFlowExecutions(tx, src.tenantId, id, why);
  await recordAudit(tx, src, { action: 'disable', recordType: 'flow', recordId: id, before: { status: row.status }, after: { status: 'disabled' }, data: { reason: why, cancelled } });
  return cancelled;
}

export async function enableFlow(tx: Db, src: AuditSource, id: string): Promise<void> {
  const row = await flowRow(tx, src.tenantId, id, true);
  if (row.publishedVersion === null) throw conflict('FLOW_NOT_PUBLISHED', 'publish the flow before enabling it');
  if (row.status === 'active') return;
  await tx.update(flows).set({ status: 'active', updatedAt: new Date(), updatedBy: src.actorId }).where(and(eq(flows.tenantId, src.tenantId), eq(flows.id, id)));
  await recordAudit(tx, src, { action: 'enable', recordType: 'flow', recordId: id, before: { status: row.status }, after: { status: 'active' } });
}

/** Only a draft or a disabled flow can go (its run history goes with it). */
export async function deleteFlow(tx: Db, src: AuditSource, id: string): Promise<void> {
  const row = await flowRow(tx, src.tenantId, id, true);
  if (row.status === 'active') throw conflict('FLOW_ACTIVE', 'disable the flow before deleting it');
  await tx.delete(flows).where(and(eq(flows.tenantId, src.tenantId), eq(flows.id, id)));
  await recordAudit(tx, src, { action: 'delete', recordType: 'flow', recordId: id, before: auditable(row) });
}

/** The definition a dry run uses: a published version, or the draft. */
export async function definitionFor(db: Db, tenantId: string, id: string, version?: number): Promise<FlowDefinition> {
  if (version !== undefined) return (await getFlowVersion(db, tenantId, id, version)).definition;
  return (await flowRow(db, tenantId, id)).draft;
}

/** Flow ids by template key (demo seeding, tests). */
export async function flowsByTemplate(db: Db, tenantId: string): Promise<Map<string, string>> {
  const found = await db.select({ id: flows.id, key: flows.templateKey }).from(flows).where(eq(flows.tenantId, tenantId)).orderBy(asc(flows.createdAt));
  return new Map(found.filter((f) => f.key).map((f) => [f.key!, f.id]));
}
