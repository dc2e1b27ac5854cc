// Assignment at capture time: every lead creator (single create, API batch, web form, import) calls
// assignNewLeads inside its transaction, then announceOwnerships once it has committed.
import { sql } from 'drizzle-orm';
import { toFilterPredicate, type FilterContext } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { assignBatch, type Assignee, type AssignmentState } from './engine.ts';
import { leadFieldCatalog, loadPeople, loadRules, loadSettings, targetUserIds, type Settings, type StoredRule } from './rules.ts';
import { OPEN_LEAD_STATUSES } from '../leads/schema.ts';

export { announceOwnerships } from './announce.ts';

/** Where the rules put a new lead: an owner, the pool, or neither (left unassigned). */
export interface AssignmentDecision {
  ownerId: string | null;
  poolId: string | null;
  ruleId: string | null;
}

const list = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

export function fallbackAssignee(s: Settings): Assignee | null {
  if (s.fallback === 'owner' && s.defaultOwnerId) return { kind: 'user', userId: s.defaultOwnerId };
  if (s.fallback === 'pool' && s.poolId) return { kind: 'pool', poolId: s.poolId };
  return null;
}

/**
 * Locks the cursor rows of these rules (in rule-id order, so two batches needing overlapping rules
 * cannot deadlock) and returns them. The lock is held until commit: a concurrent batch waits, then
 * reads the advanced cursor and — in its next statement — the leads this one inserted.
 */
async function lockCursors(tx: Db, tenantId: string, ruleIds: string[]): Promise<Record<string, number>> {
  if (!ruleIds.length) return {};
  const ids = [...ruleIds].sort();
  const read = () => rows<{ rule_id: string; next_index: number }>(tx, sql`
    SELECT rule_id, next_index FROM assignment_cursors WHERE tenant_id = ${tenantId} AND rule_id IN (${list(ids)}) ORDER BY rule_id FOR UPDATE`);
  let found = await read();
  if (found.length < ids.length) {
    // Rules get their cursor row when created; this only repairs a missing one.
    await tx.execute(sql`INSERT INTO assignment_cursors (tenant_id, rule_id) SELECT ${tenantId}::uuid, id FROM assignment_rules
      WHERE tenant_id = ${tenantId} AND id IN (${list(ids)}) ON CONFLICT DO NOTHING`);
    found = await read();
  }
  return Object.fromEntries(found.map((r) => [r.rule_id, Number(r.next_index)]));
}

/** Open leads (new / contacting / qualified) per person; index leads_tenant_owner_open. */
export async function countOpenLeads(db: Db, tenantId: string, userIds: string[]): Promise<Record<string, number>> {
  if (!userIds.length) return {};
  const statuses = sql.join(OPEN_LEAD_STATUSES.map((s) => sql`${s}`), sql`, `);
  const found = await rows<{ owner_id: string; n: number }>(db, sql`
    SELECT owner_id, count(*)::int AS n FROM leads
    WHERE tenant_id = ${tenantId} AND deleted_at IS NULL AND status IN (${statuses}) AND owner_id IN (${list(userIds)})
    GROUP BY owner_id`);
  return Object.fromEntries(found.map((r) => [r.owner_id, Number(r.n)]));
}

/** Rules with a rotating state that some lead of the batch matches: only their cursors get locked. */
function rulesInPlay(rules: StoredRule[], leads: object[], catalog: Parameters<typeof toFilterPredicate>[1], ctx: FilterContext): StoredRule[] {
  return rules.filter((r) => {
    if (r.target.kind === 'user') return false;
    if (r.condition === null) return leads.length > 0;
    try {
      const test = toFilterPredicate(r.condition, catalog, ctx);
      return leads.some((l) => test(l));
    } catch {
      return false; // an invalid condition never matches (engine.ts)
    }
  });
}

/**
 * Decides owners for a batch of new leads (field values by API name, incl. `custom`), in order,
 * inside the caller's transaction: round-robin cursors are row-locked so concurrent batches keep
 * the order, and load-balanced counts include the batch itself. Deactivated people and people on
 * leave get nothing; a rule with nobody available falls through to the next one.
 */
export async function assignNewLeads(tx: Db, tenantId: string, leads: Record<string, unknown>[]): Promise<AssignmentDecision[]> {
  const none = (): AssignmentDecision => ({ ownerId: null, poolId: null, ruleId: null });
  if (!leads.length) return [];
  const rules = await loadRules(tx, tenantId, { enabledOnly: true });
  const settings = await loadSettings(tx, tenantId);
  const fallback = fallbackAssignee(settings);
  if (!rules.length && !fallback) return leads.map(none);

  const now = new Date();
  const ctx: FilterContext = { now, timeZone: settings.timeZone };
  const catalog = rules.some((r) => r.condition) ? await leadFieldCatalog(tx, tenantId) : {};
  // A new lead is 'new' and created now, so conditions on status or createdAt read like they do later.
  const subjects = leads.map((l) => ({ status: 'new', createdAt: now.toISOString(), ...l }));

  const people = [...new Set([...rules.flatMap((r) => targetUserIds(r.target)), ...(fallback?.kind === 'user' ? [fallback.userId] : [])])];
  const available = await loadPeople(tx, tenantId, settings.timeZone, people);
  const inPlay = rulesInPlay(rules, subjects, catalog, ctx);
  const cursors = await lockCursors(tx, tenantId, inPlay.map((r) => r.id));
  // Counted after the lock, so a batch that waited sees the leads the one before it committed.
  const balanced = [...new Set(inPlay.flatMap((r) => (r.target.kind === 'loadBalanced' ? targetUserIds(r.target) : [])))];
  const state: AssignmentState = { roundRobinCursor: cursors, openLeads: await countOpenLeads(tx, tenantId, balanced) };

  const { results, nextState } = assignBatch(rules, subjects, state, {
    catalog, ctx, defaultAssignee: fallback, available: (id) => available.get(id)?.available ?? false,
  });

  const moved = Object.entries(nextState.roundRobinCursor).filter(([id, n]) => id in cursors && cursors[id] !== n);
  if (moved.length) {
    const values = sql.join(moved.map(([id, n]) => sql`(${id}::uuid, ${n}::int)`), sql`, `);
    await tx.execute(sql`UPDATE assignment_cursors AS c SET next_index = v.n, updated_at = now()
      FROM (VALUES ${values}) AS v(id, n) WHERE c.tenant_id = ${tenantId} AND c.rule_id = v.id`);
  }
  return results.map((r) => {
    if (r.assignee?.kind === 'user') return { ownerId: r.assignee.userId, poolId: null, ruleId: r.ruleId };
    if (r.assignee?.kind === 'pool') return { ownerId: null, poolId: r.assignee.poolId, ruleId: null };
    return none();
  });
}
