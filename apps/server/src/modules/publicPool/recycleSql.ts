/**
 * evaluateRecycle() (recycleRules.ts) as one set-based query over a tenant's owned records, so a
 * daily run over a million customers is a few scans and hash joins instead of a million calls.
 * Keep the two in step: recycle.test.ts checks they decide alike on the same data.
 */
import { sql, type SQL } from 'drizzle-orm';
import { homePoolsSql } from './membership.ts';
import type { PoolRecordType } from './schema.ts';

export interface DecisionScope {
  tenantId: string;
  recordType: PoolRecordType;
  now: Date;
  /** only this owner's records (the to-do centre) */
  ownerId?: string;
}

const days = (col: SQL) => sql`(${col} * interval '24 hours')`; // exact days, like the evaluator's 86 400 000 ms

/** Per record type: the table and what "closed", "locked" and "last opportunity" mean there. */
function recordColumns(type: PoolRecordType) {
  return type === 'customer'
    ? { table: sql.raw('customers'), closed: sql`r.deal_status IN ('won', 'repeat')`, locked: sql`r.locked`, lastOpportunity: sql`r.last_opportunity_at`, title: sql`r.name` }
    : { table: sql.raw('leads'), closed: sql`r.status = 'converted'`, locked: sql`false`, lastOpportunity: sql`NULL::timestamptz`, title: sql`r.name` };
}

/**
 * The WITH list (without the WITH keyword) ending in `dec`: one row per owned record whose
 * earliest deadline, less the warning days, has come — (id, owner_id, pool_id, title, action
 * 'return' | 'warn' | 'keep', reason, due_at, return_at). Records not in `dec` are kept.
 */
export function decisionCtes(s: DecisionScope): SQL {
  const c = recordColumns(s.recordType);
  const now = sql`${s.now.toISOString()}::timestamptz`;
  const exemptClosed = s.recordType === 'lead' ? sql`cand.closed` : sql`(p.exempt_closed_deals AND cand.closed)`;
  return sql`cand AS (
      SELECT r.id, r.owner_id, coalesce(r.pool_id, hp.pool_id) AS pool_id, ${c.title} AS title, r.grade,
        coalesce(r.owner_since, r.created_at) AS since, r.last_followup_at, ${c.lastOpportunity} AS last_opportunity_at, ${c.closed} AS closed
      FROM ${c.table} r LEFT JOIN ${homePoolsSql(s.tenantId, s.recordType)} hp ON hp.user_id = r.owner_id
      WHERE r.tenant_id = ${s.tenantId} AND r.owner_id IS NOT NULL AND r.deleted_at IS NULL AND NOT ${c.locked}
        ${s.ownerId ? sql`AND r.owner_id = ${s.ownerId}` : sql``}
    ),
    ruled AS (
      -- customers with an open opportunity are exempt when the pool says so (p.exempt_open_opportunities)
      SELECT cand.*, p.warn_days_before AS warn_days,
        CASE WHEN rg.id IS NOT NULL THEN rg.no_followup_days ELSE rd.no_followup_days END AS nf,
        ${s.recordType === 'customer' ? sql`CASE WHEN rg.id IS NOT NULL THEN rg.no_opportunity_days ELSE rd.no_opportunity_days END` : sql`NULL::int`} AS nopp,
        CASE WHEN cand.closed THEN NULL WHEN rg.id IS NOT NULL THEN rg.not_closed_days ELSE rd.not_closed_days END AS nc
      FROM cand JOIN pools p ON p.id = cand.pool_id AND p.tenant_id = ${s.tenantId} AND p.recycle_enabled AND ${s.recordType} = ANY(p.record_types)
        LEFT JOIN pool_recycle_rules rg ON rg.pool_id = p.id AND rg.record_type = ${s.recordType} AND rg.grade = cand.grade
        LEFT JOIN pool_recycle_rules rd ON rd.pool_id = p.id AND rd.record_type = ${s.recordType} AND rd.grade = '*'
      WHERE NOT ${exemptClosed} AND (rg.id IS NOT NULL OR rd.id IS NOT NULL)
        ${s.recordType === 'customer' ? sql`AND NOT (p.exempt_open_opportunities AND EXISTS (SELECT 1 FROM opportunities o
          WHERE o.tenant_id = ${s.tenantId} AND o.customer_id = cand.id AND o.status = 'open' AND o.deleted_at IS NULL))` : sql``}
    ),
    due AS (
      SELECT ruled.*,
        greatest(last_followup_at, since) + ${days(sql`nf`)} AS due_nf,
        greatest(last_opportunity_at, since) + ${days(sql`nopp`)} AS due_no,
        since + ${days(sql`nc`)} AS due_nc
      FROM ruled
    ),
    earliest AS (
      SELECT due.*, least(due_nf, due_no, due_nc) AS due_at FROM due
    ),
    picked AS (
      SELECT e.*,
        CASE WHEN e.due_at = e.due_nf THEN 'noFollowup' WHEN e.due_at = e.due_no THEN 'noOpportunity' ELSE 'notClosed' END AS reason,
        CASE WHEN e.due_at = e.due_nf THEN greatest(e.last_followup_at, e.since) WHEN e.due_at = e.due_no THEN greatest(e.last_opportunity_at, e.since) ELSE e.since END AS clock_from
      FROM earliest e
      WHERE e.due_at IS NOT NULL AND e.due_at - ${days(sql`e.warn_days`)} <= ${now}
    ),
    warned AS (
      -- a LATERAL probe by the full key (OFFSET 0 keeps it from being flattened into a join): one index
      -- look-up per candidate whatever the table's statistics say. Planned as a join, a stale row estimate
      -- of the warnings table turned this into candidates × warnings comparisons (minutes at 1M rows).
      SELECT x.*, w.warned_at,
        (w.owner_id IS NOT NULL AND w.owner_id = x.owner_id AND w.reason = x.reason AND w.warned_at >= x.clock_from) AS is_warned
      FROM picked x LEFT JOIN LATERAL (
        SELECT owner_id, reason, warned_at FROM pool_recycle_warnings
        WHERE tenant_id = ${s.tenantId} AND record_type = ${s.recordType} AND record_id = x.id OFFSET 0) w ON true
    ),
    timed AS (
      SELECT warned.*,
        CASE WHEN warn_days = 0 THEN due_at
             WHEN is_warned THEN greatest(due_at, warned_at + ${days(sql`warn_days`)})
             ELSE greatest(due_at, ${now} + ${days(sql`warn_days`)}) END AS return_at
      FROM warned
    ),
    dec AS (
      SELECT id, owner_id, pool_id, title, reason, due_at, return_at,
        CASE WHEN warn_days = 0 OR is_warned THEN CASE WHEN return_at <= ${now} THEN 'return' ELSE 'keep' END ELSE 'warn' END AS action
      FROM timed
    )`;
}
