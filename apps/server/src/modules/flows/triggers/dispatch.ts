/**
 * Turns flow events (written by the audit path) into executions: for each event, every active flow
 * listening to its record type is matched, and the verdict — started, or why not — is logged.
 *
 * Each batch is one transaction: the events are taken in id order (SKIP LOCKED, so every app
 * instance may dispatch at once), executions are started, checks written and the events deleted
 * together — a crash re-dispatches the whole batch, and a dispatched event can never start twice
 * (trigger key `event:<id>` is unique per flow besides).
 */
import { sql } from 'drizzle-orm';
import { MAX_FLOW_DEPTH } from '@loopline/shared';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import { rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import type { FlowRuntime } from '../runtime/index.ts';
import { activeFlows, writeChecks, type ActiveFlow, type TriggerCheck } from './checks.ts';
import { flowTarget, matchTrigger, recordAt, type TriggerEvent } from './match.ts';
import { fieldsCache, loadRecords, tenantTimeZone, UUID_RE } from './records.ts';

export { runScheduledTriggers } from './schedule.ts';

/** Events per transaction: big enough to amortise the flow and catalog look-ups, small enough to keep locks short. */
export const DISPATCH_BATCH = 200;

interface EventRow {
  id: number | string;
  action: string;
  record_type: string;
  record_id: string;
  changes: { fields?: TriggerEvent['fields'] } | string | null;
  actor_id: string | null;
  depth: number | null;
  created_at: Date | string;
}

/**
 * Dispatches waiting events of every tenant, a batch per tenant in turn (a 10,000-row import of one
 * tenant does not hold back another's changes), until none are left or `limit` events are done.
 */
export async function dispatchFlowEvents(ctx: AppContext, runtime: FlowRuntime, opts: { limit?: number; batch?: number } = {}): Promise<number> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const batch = opts.batch ?? DISPATCH_BATCH;
  let done = 0;
  let tenants = await tenantsWithEvents(ctx);
  while (tenants.length && done < limit) {
    const next: string[] = [];
    for (const tenantId of tenants) {
      if (done >= limit) break;
      const n = await dispatchTenantBatch(ctx, runtime, tenantId, Math.min(batch, limit - done));
      done += n;
      if (n > 0) {
        runtime.kick();
        next.push(tenantId);
      }
    }
    tenants = next;
  }
  return done;
}

async function tenantsWithEvents(ctx: AppContext): Promise<string[]> {
  const found = await ctx.db.asSystem((db) => rows<{ tenant_id: string }>(db, sql`SELECT tenant_id FROM flow_events GROUP BY tenant_id ORDER BY min(id)`));
  return found.map((r) => r.tenant_id);
}

/** One batch of one tenant; answers how many events it consumed (0: none left or all locked by another instance). */
export async function dispatchTenantBatch(ctx: AppContext, runtime: FlowRuntime, tenantId: string, size: number): Promise<number> {
  try {
    return await ctx.db.forTenant(tenantId, (db) => inTransaction(db, async (tx) => {
      const events = await takeEvents(tx, tenantId, size);
      if (events.length) await dispatchEvents(tx, runtime, tenantId, events);
      return events.length;
    }));
  } catch (err) {
    // One bad event must not wedge the queue: redo the batch event by event; one that still fails
    // is logged as a check ("启动失败") and dropped.
    ctx.log.warn({ err, tenantId }, 'flow dispatch batch failed; retrying event by event');
    let n = 0;
    for (let i = 0; i < size; i++) {
      const one = await ctx.db.forTenant(tenantId, (db) => inTransaction(db, async (tx) => {
        const events = await takeEvents(tx, tenantId, 1);
        if (!events.length) return 0;
        try {
          await tx.transaction(async (sp) => dispatchEvents(sp as unknown as Db, runtime, tenantId, events));
        } catch (e) {
          ctx.log.error({ err: e, tenantId, eventId: events[0]!.id }, 'flow event could not be dispatched');
          await failEvent(tx, tenantId, events[0]!, e);
        }
        return 1;
      }));
      if (!one) break;
      n += one;
    }
    return n;
  }
}

async function takeEvents(tx: Db, tenantId: string, size: number): Promise<EventRow[]> {
  return rows<EventRow>(tx, sql`SELECT id, action, record_type, record_id, changes, actor_id, depth, created_at
      FROM flow_events WHERE tenant_id = ${tenantId} ORDER BY id LIMIT ${size} FOR UPDATE SKIP LOCKED`);
}

const fieldsOf = (e: EventRow): TriggerEvent['fields'] => {
  const c = typeof e.changes === 'string' ? (JSON.parse(e.changes) as EventRow['changes']) : e.changes;
  return (c && typeof c === 'object' && c.fields) || {};
};
const toEvent = (e: EventRow): TriggerEvent => ({ action: e.action, recordType: e.record_type, recordId: e.record_id, fields: fieldsOf(e) });
const iso = (d: Date | string) => new Date(d).toISOString();

/** Matches, starts, logs and deletes `events` inside `tx`. */
async function dispatchEvents(tx: Db, runtime: FlowRuntime, tenantId: string, events: EventRow[]): Promise<void> {
  const types = [...new Set(events.map((e) => e.record_type))];
  const flows = await activeFlows(tx, tenantId, { listensOn: types });
  const fields = fieldsCache(tx, tenantId);
  const timeZone = await tenantTimeZone(tx, tenantId);
  const now = runtime.clock();

  // every (event, flow) pair and the record the flow would run on
  const pairs: { row: EventRow; event: TriggerEvent; flow: ActiveFlow; target: { recordType: string; recordId: string } | null }[] = [];
  for (const row of events) {
    const event = toEvent(row);
    for (const flow of flows) {
      if (!flow.listensOn.includes(row.record_type)) continue;
      pairs.push({ row, event, flow, target: flowTarget(flow.definition.trigger, event) });
    }
  }

  // the target records, one query per record type
  const wanted = new Map<string, string[]>();
  for (const p of pairs) if (p.target) wanted.set(p.target.recordType, [...(wanted.get(p.target.recordType) ?? []), p.target.recordId]);
  const records = new Map<string, Map<string, Record<string, unknown>>>();
  for (const [type, ids] of wanted) records.set(type, await loadRecords(tx, tenantId, type, ids));

  const checks: TriggerCheck[] = [];
  for (const { row, event, flow, target } of pairs) {
    const trigger = flow.definition.trigger;
    const check = (started: boolean, reason: string, executionId: string | null = null) =>
      checks.push({ flowId: flow.id, recordType: target?.recordType ?? row.record_type, recordId: target?.recordId ?? row.record_id, eventAction: row.action, started, executionId, reason });
    if (!target) {
      check(false, '跟进记录没有关联记录');
      continue;
    }
    const current = records.get(target.recordType)?.get(target.recordId) ?? null;
    // the record as it was right after this change: later changes to the fields this event touched are undone
    const record = current && target.recordType === row.record_type && target.recordId === row.record_id ? recordAt(current, event.fields, 'after') : current;
    const f = await fields(target.recordType);
    const verdict = matchTrigger(trigger, event, { record, catalog: f.catalog, labels: f.labels, now, timeZone, userId: row.actor_id });
    if (!verdict.start) {
      check(false, verdict.reason);
      continue;
    }
    if (!current || !UUID_RE.test(target.recordId)) {
      check(false, '记录已不存在（已删除）');
      continue;
    }
    const depth = (row.depth ?? -1) + 1;
    const payload = trigger.type === 'followupLogged' ? { followupId: row.record_id, ...Object.fromEntries(Object.entries(event.fields).map(([k, v]) => [k, v.after])) } : undefined;
    const started = await runtime.start(tx, {
      tenantId,
      flowId: flow.id,
      triggerKey: `event:${row.id}`,
      trigger: { type: trigger.type, userId: row.actor_id, at: iso(row.created_at), changes: event.fields, ...(payload ? { payload } : {}) },
      recordType: target.recordType,
      recordId: target.recordId,
      depth,
      startedBy: row.actor_id,
    });
    const reason = depth > MAX_FLOW_DEPTH ? `流程触发层级超过 ${MAX_FLOW_DEPTH} 层，已停止` : started.created ? '已启动' : '已启动（同一事件已有执行）';
    check(true, reason, started.executionId);
  }

  await writeChecks(tx, tenantId, checks);
  await tx.execute(sql`DELETE FROM flow_events WHERE tenant_id = ${tenantId} AND id = ANY(${`{${events.map((e) => e.id).join(',')}}`}::bigint[])`);
}

/** An event that cannot be dispatched: every listening flow gets a check with the error, and the event goes. */
async function failEvent(tx: Db, tenantId: string, row: EventRow, err: unknown): Promise<void> {
  const flows = await activeFlows(tx, tenantId, { listensOn: [row.record_type] });
  const message = err instanceof Error ? err.message : String(err);
  await writeChecks(tx, tenantId, flows.map((f) => ({
    flowId: f.id, recordType: row.record_type, recordId: row.record_id, eventAction: row.action, started: false, executionId: null, reason: `启动失败：${message}`,
  })));
  await tx.execute(sql`DELETE FROM flow_events WHERE tenant_id = ${tenantId} AND id = ${row.id}`);
}
