/**
 * The clock's triggers, run every minute by the flows.schedule job (and by tests with their own
 * `now`):
 * - scheduled: the latest cron slot (tenant time zone) not fired yet — flow_schedule_marks remembers
 *   the last one, so a slot fires once even with several instances; a long outage fires the most
 *   recent missed slot once, not every one. Per matching record (`condition`), or once without one.
 * - dateRelative: records whose date field + offsetDays is today (tenant zone), once the tenant's
 *   clock has passed atHour; `yearly` compares month and day (birthdays, anniversaries). Trigger
 *   key `date:<recordId>:<today>`, so a record fires at most once per day, however often this runs.
 * Both stop at SCHEDULE_CAP records per tick and say so in the trigger checks.
 */
import { sql, type SQL } from 'drizzle-orm';
import { CronExpressionParser } from 'cron-parser';
import { FilterError, type FlowTrigger } from '@loopline/shared';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { systemActor } from '../../../platform/auth/systemActor.ts';
import { compileCatalogFilter } from '../../../platform/records/catalog.ts';
import { loadCatalog } from '../../../platform/records/customFields.ts';
import { findRecordType } from '../../../platform/records/registry.ts';
import type { FlowRuntime } from '../runtime/index.ts';
import { activeFlows, pruneChecks, writeChecks, type ActiveFlow, type TriggerCheck } from './checks.ts';
import { tenantTimeZone } from './records.ts';
import '../checkContext.ts'; // registers lead / customer / contact record types

export const SCHEDULE_CAP = 10_000;

/** scheduled (cron) and dateRelative triggers due at `now`; idempotent per slot. Answers how many executions started. */
export async function runScheduledTriggers(ctx: AppContext, runtime: FlowRuntime, now: Date): Promise<number> {
  const tenants = await ctx.db.asSystem((db) => rows<{ tenant_id: string }>(db, sql`SELECT DISTINCT tenant_id FROM flows
    WHERE status = 'active' AND trigger_type IN ('scheduled', 'dateRelative')`));
  let started = 0;
  for (const { tenant_id: tenantId } of tenants) {
    try {
      started += await ctx.db.forTenant(tenantId, (db) => inTransaction(db, (tx) => tenantTick(tx, runtime, tenantId, now)));
    } catch (err) {
      ctx.log.error({ err, tenantId }, 'scheduled flow triggers failed');
    }
  }
  if (started) runtime.kick();
  return started;
}

/** The minute job's housekeeping: trigger checks older than 30 days go. */
export async function pruneTriggerChecks(ctx: AppContext, now: Date): Promise<number> {
  return ctx.db.asSystem((db) => pruneChecks(db, now));
}

async function tenantTick(tx: Db, runtime: FlowRuntime, tenantId: string, now: Date): Promise<number> {
  const flows = await activeFlows(tx, tenantId, { triggerTypes: ['scheduled', 'dateRelative'] });
  if (!flows.length) return 0;
  const timeZone = await tenantTimeZone(tx, tenantId);
  let started = 0;
  for (const flow of flows) {
    const trigger = flow.definition.trigger;
    started += trigger.type === 'scheduled' ? await cronTick(tx, runtime, tenantId, flow, now, timeZone) : await dateTick(tx, runtime, tenantId, flow, now, timeZone);
  }
  return started;
}

/** The latest cron slot at or before `now`, in the zone; null if the expression is invalid. */
export function latestSlot(cron: string, now: Date, timeZone: string): Date | null {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone }).prev().toDate();
  } catch {
    return null;
  }
}

async function cronTick(tx: Db, runtime: FlowRuntime, tenantId: string, flow: ActiveFlow, now: Date, timeZone: string): Promise<number> {
  const trigger = flow.definition.trigger;
  const slot = latestSlot(trigger.cron ?? '', now, timeZone);
  if (!slot) return 0; // publish rejects bad cron; nothing sensible to do here
  // Lock the flow's mark: two instances ticking together fire a slot once. A flow with no mark yet
  // counts from its publication, so a slot passed before it existed never fires.
  const mark = await one<{ last: Date | string }>(tx, sql`
    INSERT INTO flow_schedule_marks (tenant_id, flow_id, last_tick_at)
    SELECT ${tenantId}::uuid, ${flow.id}::uuid, v.published_at FROM flow_versions v WHERE v.flow_id = ${flow.id} AND v.version = ${flow.version}
    ON CONFLICT (flow_id) DO UPDATE SET last_tick_at = flow_schedule_marks.last_tick_at
    RETURNING last_tick_at AS last`);
  if (!mark || slot.getTime() <= new Date(mark.last).getTime()) return 0;
  await tx.execute(sql`UPDATE flow_schedule_marks SET last_tick_at = ${slot.toISOString()}::timestamptz WHERE flow_id = ${flow.id}`);

  const at = slot.toISOString();
  const base = { type: 'scheduled' as const, userId: null, at, payload: { slot: at } };
  if (!trigger.recordType) {
    const res = await runtime.start(tx, { tenantId, flowId: flow.id, triggerKey: `cron:${at}:-`, trigger: base, recordType: null, recordId: null, depth: 0, startedBy: null });
    await writeChecks(tx, tenantId, [{ flowId: flow.id, recordType: null, recordId: null, eventAction: 'schedule', started: true, executionId: res.executionId, reason: `定时触发（${at}）` }]);
    return res.created ? 1 : 0;
  }
  const found = await matchingRecords(tx, tenantId, trigger, now, timeZone, null);
  return startForRecords(tx, runtime, tenantId, flow, found, now, (id) => `cron:${at}:${id}`, base, `定时触发（${at}）`);
}

/** Today's date (YYYY-MM-DD) and hour in the zone. */
export function localDay(now: Date, timeZone: string): { date: string; hour: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The date a record's field must hold for `offsetDays` after it to be `today`. */
export function dateFieldTarget(today: string, offsetDays: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - offsetDays);
  return d.toISOString().slice(0, 10);
}

async function dateTick(tx: Db, runtime: FlowRuntime, tenantId: string, flow: ActiveFlow, now: Date, timeZone: string): Promise<number> {
  const trigger = flow.definition.trigger;
  const { date: today, hour } = localDay(now, timeZone);
  if (hour < (trigger.atHour ?? 9)) return 0;
  if (!trigger.recordType || !trigger.dateField) return 0;
  const target = dateFieldTarget(today, trigger.offsetDays ?? 0);
  const found = await matchingRecords(tx, tenantId, trigger, now, timeZone, { field: trigger.dateField, target, yearly: trigger.yearly ?? false, flowId: flow.id, today });
  const base = { type: 'dateRelative' as const, userId: null, at: now.toISOString(), payload: { date: today, field: trigger.dateField } };
  return startForRecords(tx, runtime, tenantId, flow, found, now, (id) => `date:${id}:${today}`, base, `按日期触发（${today}）`);
}

type Found = { ids: string[]; capped: boolean; problem: string | null };

/**
 * Records of the trigger's type matching its condition (and, for dateRelative, whose date falls on
 * the target day and that have not fired today), oldest first, at most SCHEDULE_CAP.
 */
async function matchingRecords(
  tx: Db, tenantId: string, trigger: FlowTrigger, now: Date, timeZone: string,
  date: { field: string; target: string; yearly: boolean; flowId: string; today: string } | null,
): Promise<Found> {
  const def = findRecordType(trigger.recordType!);
  if (!def) return { ids: [], capped: false, problem: `记录类型 ${trigger.recordType} 不支持定时触发` };
  const actor = { ...(await systemActor(tx, tenantId)), timeZone };
  const catalog = await loadCatalog(tx, actor, def);
  const t = def.table;
  const where: SQL[] = [sql`${t.tenantId} = ${tenantId}`, sql`${t.deletedAt} IS NULL`];
  try {
    if (trigger.condition) where.push(compileCatalogFilter(catalog, trigger.condition, actor, now));
  } catch (err) {
    return { ids: [], capped: false, problem: `条件无法判断（${err instanceof FilterError || err instanceof Error ? err.message : String(err)}）` };
  }
  if (date) {
    const field = catalog.fields.find((f) => f.key === date.field);
    if (!field || (field.kind !== 'date' && field.kind !== 'datetime')) return { ids: [], capped: false, problem: `日期字段 ${date.field} 不存在或不是日期` };
    const day = field.kind === 'date' ? sql`(${field.sql})::date` : sql`((${field.sql}) AT TIME ZONE ${timeZone})::date`;
    const [, m, d] = date.target.split('-').map(Number) as [number, number, number];
    where.push(date.yearly ? sql`extract(month FROM ${day}) = ${m} AND extract(day FROM ${day}) = ${d}` : sql`${day} = ${date.target}::date`);
    where.push(sql`NOT EXISTS (SELECT 1 FROM flow_executions e WHERE e.flow_id = ${date.flowId} AND e.trigger_key = 'date:' || ${t.id}::text || ':' || ${date.today})`);
  }
  const found = await rows<{ id: string }>(tx, sql`SELECT ${t.id}::text AS id FROM ${t} WHERE ${sql.join(where, sql` AND `)} ORDER BY ${t.id} LIMIT ${SCHEDULE_CAP + 1}`);
  return { ids: found.slice(0, SCHEDULE_CAP).map((r) => r.id), capped: found.length > SCHEDULE_CAP, problem: null };
}

async function startForRecords(
  tx: Db, runtime: FlowRuntime, tenantId: string, flow: ActiveFlow, found: Found, now: Date,
  key: (recordId: string) => string, trigger: Parameters<FlowRuntime['start']>[1]['trigger'], reason: string,
): Promise<number> {
  const recordType = flow.definition.trigger.recordType ?? null;
  const checks: TriggerCheck[] = [];
  if (found.problem) checks.push({ flowId: flow.id, recordType, recordId: null, eventAction: 'schedule', started: false, executionId: null, reason: found.problem });
  if (found.capped) {
    checks.push({ flowId: flow.id, recordType, recordId: null, eventAction: 'schedule', started: false, executionId: null,
      reason: `符合条件的记录超过 ${SCHEDULE_CAP} 条，本次只处理前 ${SCHEDULE_CAP} 条` });
  }
  let started = 0;
  for (const id of found.ids) {
    const res = await runtime.start(tx, { tenantId, flowId: flow.id, triggerKey: key(id), trigger, recordType, recordId: id, depth: 0, startedBy: null });
    if (res.created) started++;
    checks.push({ flowId: flow.id, recordType, recordId: id, eventAction: 'schedule', started: true, executionId: res.executionId, reason });
  }
  await writeChecks(tx, tenantId, checks);
  return started;
}
