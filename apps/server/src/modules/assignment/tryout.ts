// "Test rules": which rule a sample lead would hit and why, against the live rules, cursors, open-lead
// counts and leave — without locking or moving anything.
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { explain } from './engine.ts';
import { countOpenLeads, fallbackAssignee } from './apply.ts';
import { leadFieldCatalog, loadPeople, loadRules, loadSettings, targetUserIds } from './rules.ts';

export async function tryRules(db: Db, tenantId: string, lead: Record<string, unknown>) {
  const rules = await loadRules(db, tenantId);
  const settings = await loadSettings(db, tenantId);
  const fallback = fallbackAssignee(settings);
  const catalog = await leadFieldCatalog(db, tenantId);
  const ids = [...new Set([...rules.flatMap((r) => targetUserIds(r.target)), ...(fallback?.kind === 'user' ? [fallback.userId] : [])])];
  const people = await loadPeople(db, tenantId, settings.timeZone, ids);
  const cursors = rules.length
    ? await rows<{ rule_id: string; next_index: number }>(db, sql`SELECT rule_id, next_index FROM assignment_cursors WHERE tenant_id = ${tenantId}`)
    : [];
  const balanced = rules.flatMap((r) => (r.target.kind === 'loadBalanced' ? targetUserIds(r.target) : []));
  const state = { roundRobinCursor: Object.fromEntries(cursors.map((c) => [c.rule_id, Number(c.next_index)])), openLeads: await countOpenLeads(db, tenantId, [...new Set(balanced)]) };
  const now = new Date();
  const poolName = settings.poolName;
  const result = explain(rules, { status: 'new', createdAt: now.toISOString(), ...lead }, {
    catalog,
    ctx: { now, timeZone: settings.timeZone },
    defaultAssignee: fallback,
    available: (id) => people.get(id)?.available ?? false,
    nameOf: (id) => people.get(id)?.name ?? (id === (fallback?.kind === 'pool' ? fallback.poolId : null) ? poolName : null) ?? id,
  }, state);
  const { outcome } = result;
  const a = outcome.assignee;
  return {
    rules: result.rules,
    outcome: {
      ruleId: outcome.ruleId,
      ruleName: rules.find((r) => r.id === outcome.ruleId)?.name ?? null,
      assignee: a?.kind === 'user' ? { kind: 'user' as const, id: a.userId, name: people.get(a.userId)?.name ?? null }
        : a?.kind === 'pool' ? { kind: 'pool' as const, id: a.poolId, name: poolName }
        : null,
      reason: outcome.reason,
    },
  };
}
