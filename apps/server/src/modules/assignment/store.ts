// Admin writes to the assignment rules, settings and availability, each audited in its transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { AppError, fieldError, notFound } from '../../platform/http/errors.ts';
import type { AvailabilityInput, CreateRuleInput, SettingsInput, TargetInput, UpdateRuleInput } from './input.ts';
import { checkCondition, checkTarget, leadFieldCatalog, loadRules, loadSettings, type StoredRule } from './rules.ts';
import { assignmentAvailability, assignmentCursors, assignmentRuleMembers, assignmentRules, assignmentSettings } from './schema.ts';

/** What the audit log keeps of a rule: everything an admin set. */
const auditable = (r: StoredRule) => ({ name: r.name, enabled: r.enabled, position: r.position, condition: r.condition, target: r.target });

async function writeMembers(tx: Db, tenantId: string, ruleId: string, target: TargetInput): Promise<void> {
  await tx.delete(assignmentRuleMembers).where(and(eq(assignmentRuleMembers.tenantId, tenantId), eq(assignmentRuleMembers.ruleId, ruleId)));
  const members = target.kind === 'user' ? [{ userId: target.userId, weight: 1, cap: null }]
    : target.kind === 'roundRobin' ? target.userIds.map((userId) => ({ userId, weight: 1, cap: null }))
    : target.members;
  await tx.insert(assignmentRuleMembers).values(members.map((m, position) => ({ tenantId, ruleId, position, userId: m.userId, weight: m.weight, cap: m.cap })));
}

async function getRule(tx: Db, tenantId: string, id: string): Promise<StoredRule> {
  const [rule] = await loadRules(tx, tenantId, { id });
  if (!rule) throw notFound('assignment rule');
  return rule;
}

export async function createRule(tx: Db, actor: Actor, src: AuditSource, input: CreateRuleInput): Promise<StoredRule> {
  const condition = checkCondition(input.condition, await leadFieldCatalog(tx, actor.tenantId));
  await checkTarget(tx, actor.tenantId, input.target);
  const last = await one<{ p: number | null }>(tx, sql`SELECT max(position) AS p FROM assignment_rules WHERE tenant_id = ${actor.tenantId}`);
  const [row] = await tx
    .insert(assignmentRules)
    .values({ tenantId: actor.tenantId, name: input.name, enabled: input.enabled, position: Number(last?.p ?? -1) + 1, condition, targetKind: input.target.kind, createdBy: actor.userId })
    .returning({ id: assignmentRules.id });
  await writeMembers(tx, actor.tenantId, row!.id, input.target);
  await tx.insert(assignmentCursors).values({ tenantId: actor.tenantId, ruleId: row!.id });
  const rule = await getRule(tx, actor.tenantId, row!.id);
  await recordAudit(tx, src, { action: 'create', recordType: 'assignmentRule', recordId: rule.id, after: auditable(rule) });
  return rule;
}

export async function updateRule(tx: Db, actor: Actor, src: AuditSource, id: string, input: UpdateRuleInput): Promise<StoredRule> {
  const before = await getRule(tx, actor.tenantId, id);
  const patch: Partial<typeof assignmentRules.$inferInsert> = { updatedAt: new Date() };
  if (input.name !== undefined) patch.name = input.name;
  if (input.enabled !== undefined) patch.enabled = input.enabled;
  if (input.condition !== undefined) patch.condition = checkCondition(input.condition, await leadFieldCatalog(tx, actor.tenantId));
  if (input.target) {
    await checkTarget(tx, actor.tenantId, input.target);
    patch.targetKind = input.target.kind;
    await writeMembers(tx, actor.tenantId, id, input.target);
  }
  await tx.update(assignmentRules).set(patch).where(and(eq(assignmentRules.tenantId, actor.tenantId), eq(assignmentRules.id, id)));
  const after = await getRule(tx, actor.tenantId, id);
  await recordAudit(tx, src, { action: 'update', recordType: 'assignmentRule', recordId: id, before: auditable(before), after: auditable(after) });
  return after;
}

export async function deleteRule(tx: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  const before = await getRule(tx, actor.tenantId, id);
  // Leads keep assignment_rule_id as history of which rule placed them; it is a plain uuid.
  await tx.delete(assignmentRules).where(and(eq(assignmentRules.tenantId, actor.tenantId), eq(assignmentRules.id, id)));
  await recordAudit(tx, src, { action: 'delete', recordType: 'assignmentRule', recordId: id, before: auditable(before) });
}

/** New order: `ids` must name every rule exactly once. */
export async function reorderRules(tx: Db, actor: Actor, src: AuditSource, ids: string[]): Promise<StoredRule[]> {
  const current = await loadRules(tx, actor.tenantId);
  const known = new Set(current.map((r) => r.id));
  if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id))) {
    throw fieldError('ids', 'must list every assignment rule exactly once');
  }
  if (ids.length) {
    const values = sql.join(ids.map((id, i) => sql`(${id}::uuid, ${i}::int)`), sql`, `);
    await tx.execute(sql`UPDATE assignment_rules AS r SET position = v.p, updated_at = now() FROM (VALUES ${values}) AS v(id, p)
      WHERE r.tenant_id = ${actor.tenantId} AND r.id = v.id`);
  }
  await recordAudit(tx, src, { action: 'reorder', recordType: 'assignmentRule', data: { before: current.map((r) => r.id), after: ids } });
  return loadRules(tx, actor.tenantId);
}

/** The pool must exist in this organization and take leads. */
async function leadPoolExists(tx: Db, tenantId: string, poolId: string): Promise<boolean> {
  return (await rows(tx, sql`SELECT 1 AS x FROM pools WHERE tenant_id = ${tenantId} AND id = ${poolId} AND 'lead' = ANY (record_types)`)).length > 0;
}

export async function saveSettings(tx: Db, actor: Actor, src: AuditSource, input: SettingsInput) {
  const { timeZone: _tz, poolName: _p, ...before } = await loadSettings(tx, actor.tenantId);
  const next = { fallback: input.fallback, defaultOwnerId: input.fallback === 'owner' ? input.defaultOwnerId : null, poolId: input.fallback === 'pool' ? input.poolId : null };
  if (next.fallback === 'owner') {
    if (!next.defaultOwnerId) throw fieldError('defaultOwnerId', 'choose the default owner');
    const [u] = await rows<{ status: string }>(tx, sql`SELECT status FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${next.defaultOwnerId}`);
    if (!u) throw fieldError('defaultOwnerId', 'no such user');
    if (u.status === 'inactive') throw fieldError('defaultOwnerId', 'this user is deactivated');
  }
  if (next.fallback === 'pool') {
    if (!next.poolId) throw fieldError('poolId', 'choose the public pool');
    if (!(await leadPoolExists(tx, actor.tenantId, next.poolId))) throw fieldError('poolId', 'no such public pool for leads');
  }
  const values = { ...next, updatedBy: actor.userId, updatedAt: new Date() };
  await tx.insert(assignmentSettings).values({ tenantId: actor.tenantId, ...values }).onConflictDoUpdate({ target: assignmentSettings.tenantId, set: values });
  await recordAudit(tx, src, { action: 'update', recordType: 'assignmentSettings', recordId: null, before, after: next });
  return next;
}

export async function saveAvailability(tx: Db, actor: Actor, src: AuditSource, input: AvailabilityInput): Promise<void> {
  const ids = input.items.map((i) => i.userId);
  if (new Set(ids).size !== ids.length) throw fieldError('items', 'each person may appear once');
  const found = await rows<{ id: string }>(tx, sql`SELECT id FROM users WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  const have = new Set(found.map((u) => u.id));
  const missing = input.items.map((it, i) => ({ it, i })).filter(({ it }) => !have.has(it.userId));
  if (missing.length) throw new AppError(400, 'VALIDATION_FAILED', 'no such user', { fields: missing.map(({ i }) => ({ field: `items.${i}.userId`, message: 'no such user' })) });
  const before = await tx.select().from(assignmentAvailability).where(and(eq(assignmentAvailability.tenantId, actor.tenantId), inArray(assignmentAvailability.userId, ids)));
  for (const it of input.items) {
    const values = { onLeave: it.onLeave, until: it.onLeave ? it.until : null, updatedBy: actor.userId, updatedAt: new Date() };
    await tx.insert(assignmentAvailability).values({ tenantId: actor.tenantId, userId: it.userId, ...values })
      .onConflictDoUpdate({ target: [assignmentAvailability.tenantId, assignmentAvailability.userId], set: values });
  }
  await recordAudit(tx, src, {
    action: 'update', recordType: 'assignmentAvailability',
    data: { before: before.map((b) => ({ userId: b.userId, onLeave: b.onLeave, until: b.until })), after: input.items },
  });
}
