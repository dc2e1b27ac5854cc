/**
 * The recycle run for one tenant: every pool's rules applied to every owned lead and customer at
 * once (recycleSql.ts), returns logged in pool_events and the audit trail with their reason,
 * owners warned before — all in one transaction; notifications and e-mails follow the commit.
 */
import { sql } from 'drizzle-orm';
import { contactsFollowCustomers } from './moves.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { announceRecycle } from './notices.ts';
import { decisionCtes } from './recycleSql.ts';
import { POOL_RECORD_TYPES, type PoolRecordType } from './schema.ts';
import type { RecycleReason } from './recycleRules.ts';

export interface RecycleRunOptions {
  /** the clock; tests pass their own */
  now?: Date;
  trigger: 'schedule' | 'manual';
  actorId?: string | null;
}

export type ReasonCounts = Partial<Record<RecycleReason, number>>;
export interface RecycleRunResult {
  runId: string;
  ranAt: string;
  returned: number;
  warned: number;
  byType: Record<PoolRecordType, { returned: ReasonCounts; warned: ReasonCounts }>;
}

const TABLE: Record<PoolRecordType, string> = { customer: 'customers', lead: 'leads' };

/** One statement per record type: decide, return, log, audit, and record warnings. */
async function recycleType(tx: Db, tenantId: string, recordType: PoolRecordType, now: Date, runId: string) {
  const table = sql.raw(TABLE[recordType]);
  const at = sql`${now.toISOString()}::timestamptz`;
  // Warnings of records that changed hands since (returned, claimed, transferred, deleted) no longer
  // mean anything; a warning stays valid only for its owner, so this keeps the table to live ones.
  // Its own statement: the one below sees the table as it was when it started.
  await tx.execute(sql`DELETE FROM pool_recycle_warnings w WHERE w.tenant_id = ${tenantId} AND w.record_type = ${recordType}
    AND NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.id = w.record_id AND r.owner_id = w.owner_id AND r.deleted_at IS NULL)`);
  const found = await rows<{ action: 'return' | 'warn'; reason: RecycleReason; n: number }>(tx, sql`
    WITH ${decisionCtes({ tenantId, recordType, now })},
    ret AS (
      UPDATE ${table} r SET previous_owner_id = r.owner_id, owner_id = NULL, owner_since = NULL,
        pool_id = dec.pool_id, pool_entered_at = ${at}, updated_at = ${at}
      FROM dec
      WHERE dec.action = 'return' AND r.id = dec.id AND r.tenant_id = ${tenantId} AND r.owner_id = dec.owner_id
      RETURNING r.id, dec.owner_id AS from_owner_id, dec.pool_id, dec.reason
    ),
    ev AS (
      INSERT INTO pool_events (tenant_id, pool_id, record_type, record_id, kind, from_owner_id, reason_code, run_id, created_at)
      SELECT ${tenantId}::uuid, pool_id, ${recordType}::text, id, 'return', from_owner_id, reason, ${runId}::uuid, ${at} FROM ret
    ),
    au AS (
      INSERT INTO audit_logs (tenant_id, actor_id, actor_type, action, record_type, record_id, changes)
      SELECT ${tenantId}::uuid, NULL::uuid, 'system', 'returnToPool', ${recordType}::text, ret.id::text,
        jsonb_build_object('fields', jsonb_build_object('ownerId', jsonb_build_object('before', ret.from_owner_id, 'after', NULL)),
          'poolId', ret.pool_id, 'poolName', p.name, 'reasonCode', ret.reason)
      FROM ret LEFT JOIN pools p ON p.id = ret.pool_id
    ),
    warn AS (
      INSERT INTO pool_recycle_warnings (tenant_id, record_type, record_id, pool_id, owner_id, reason, due_at, return_at, warned_at, run_id)
      SELECT ${tenantId}::uuid, ${recordType}::text, id, pool_id, owner_id, reason, due_at, return_at, ${at}, ${runId}::uuid FROM dec WHERE action = 'warn'
      ON CONFLICT (tenant_id, record_type, record_id) DO UPDATE SET pool_id = EXCLUDED.pool_id, owner_id = EXCLUDED.owner_id,
        reason = EXCLUDED.reason, due_at = EXCLUDED.due_at, return_at = EXCLUDED.return_at, warned_at = EXCLUDED.warned_at, run_id = EXCLUDED.run_id
      RETURNING reason
    )
    SELECT 'return' AS action, reason, count(*)::int AS n FROM ret GROUP BY reason
    UNION ALL SELECT 'warn', reason, count(*)::int FROM warn GROUP BY reason`);
  if (recordType === 'customer') {
    await contactsFollowCustomers(tx, tenantId, sql`SELECT record_id FROM pool_events WHERE tenant_id = ${tenantId} AND run_id = ${runId}::uuid AND record_type = 'customer' AND kind = 'return'`);
  }
  const counts = { returned: {} as ReasonCounts, warned: {} as ReasonCounts };
  for (const f of found) counts[f.action === 'return' ? 'returned' : 'warned'][f.reason] = Number(f.n);
  return counts;
}

const total = (c: ReasonCounts) => Object.values(c).reduce((a, b) => a + (b ?? 0), 0);

/** Runs the rules of every pool of the tenant now (or at opts.now). */
export async function runRecycle(ctx: Pick<AppContext, 'db' | 'notifier' | 'mailer' | 'log'>, tenantId: string, opts: RecycleRunOptions): Promise<RecycleRunResult> {
  const now = opts.now ?? new Date();
  const result = await ctx.db.forTenant(tenantId, (db) =>
    inTransaction(db, async (tx) => {
      const run = await one<{ id: string }>(tx, sql`INSERT INTO pool_recycle_runs (tenant_id, trigger, actor_id, clock, local_date)
        SELECT id, ${opts.trigger}::text, ${opts.actorId ?? null}::uuid, ${now.toISOString()}::timestamptz, (${now.toISOString()}::timestamptz AT TIME ZONE time_zone)::date
        FROM tenants WHERE id = ${tenantId} RETURNING id`);
      if (!run) throw new Error(`no tenant ${tenantId}`);
      const byType = {} as RecycleRunResult['byType'];
      for (const t of POOL_RECORD_TYPES) byType[t] = await recycleType(tx, tenantId, t, now, run.id);
      const returned = POOL_RECORD_TYPES.reduce((n, t) => n + total(byType[t].returned), 0);
      const warned = POOL_RECORD_TYPES.reduce((n, t) => n + total(byType[t].warned), 0);
      await tx.execute(sql`UPDATE pool_recycle_runs SET returned = ${returned}, warned = ${warned}, summary = ${JSON.stringify(byType)}::jsonb,
        finished_at = now() WHERE id = ${run.id}`);
      return { runId: run.id, ranAt: now.toISOString(), returned, warned, byType };
    }, tenantId),
  );
  if (result.returned + result.warned > 0) {
    await announceRecycle(ctx, tenantId, result.runId).catch((err) => ctx.log.error({ err, tenantId }, 'recycle notices failed'));
  }
  return result;
}

export const POOL_RECYCLE_JOB = 'pool-recycle';
/** Local hour from which the daily run happens ("early morning"). */
export const RECYCLE_LOCAL_HOUR = 2;

/**
 * Tenants whose daily run is due: they have a pool with recycling on, it is past RECYCLE_LOCAL_HOUR
 * in their time zone, and no scheduled run happened on their local date yet (a missed hour is caught
 * up by the next tick).
 */
export async function runDueTenants(ctx: Pick<AppContext, 'db' | 'notifier' | 'mailer' | 'log'>, now = new Date()): Promise<string[]> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const due = await ctx.db.asSystem((db) => rows<{ id: string }>(db, sql`SELECT t.id FROM tenants t
    WHERE EXISTS (SELECT 1 FROM pools p WHERE p.tenant_id = t.id AND p.recycle_enabled)
      AND extract(hour FROM ${at} AT TIME ZONE t.time_zone) >= ${RECYCLE_LOCAL_HOUR}
      AND NOT EXISTS (SELECT 1 FROM pool_recycle_runs r WHERE r.tenant_id = t.id AND r.trigger = 'schedule'
        AND r.local_date = (${at} AT TIME ZONE t.time_zone)::date)`));
  for (const t of due) {
    await runRecycle(ctx, t.id, { now, trigger: 'schedule' }).catch((err) => ctx.log.error({ err, tenantId: t.id }, 'pool recycle failed'));
  }
  return due.map((t) => t.id);
}

/** Hourly tick (pg-boss cron, once across instances); each tenant runs once per local day. */
export async function registerRecycleJob(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(POOL_RECYCLE_JOB, async () => {
    await runDueTenants(ctx);
  });
  await ctx.jobs.schedule(POOL_RECYCLE_JOB, '10 * * * *');
}
