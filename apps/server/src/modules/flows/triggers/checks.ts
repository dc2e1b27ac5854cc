/**
 * The "why did nothing happen?" log (flow_trigger_checks): one line per flow considered for an
 * event, a schedule slot, a click or a webhook — started (with its execution) or the reason why not.
 * Kept 30 days.
 */
import { sql } from 'drizzle-orm';
import type { FlowDefinition } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { rows } from '../../../platform/db/query.ts';

export interface TriggerCheck {
  flowId: string;
  recordType: string | null;
  recordId: string | null;
  /** the audit action ('create', 'update', …) or the trigger source ('schedule', 'manual', 'webhook') */
  eventAction: string;
  started: boolean;
  executionId: string | null;
  reason: string;
}

export const CHECK_RETENTION_DAYS = 30;

/** Stamped with the database's clock: the log says when it was decided, whatever clock the flows run on. */
export async function writeChecks(tx: Db, tenantId: string, checks: TriggerCheck[]): Promise<void> {
  for (let i = 0; i < checks.length; i += 2000) {
    const chunk = checks.slice(i, i + 2000).map((c) => ({
      flow_id: c.flowId, record_type: c.recordType, record_id: c.recordId, event_action: c.eventAction, started: c.started, execution_id: c.executionId, reason: c.reason.slice(0, 1000),
    }));
    await tx.execute(sql`INSERT INTO flow_trigger_checks (tenant_id, flow_id, record_type, record_id, event_action, started, execution_id, reason, created_at)
      SELECT ${tenantId}::uuid, r.flow_id, r.record_type, r.record_id, r.event_action, r.started, r.execution_id, r.reason, now()
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
          AS r(flow_id uuid, record_type text, record_id text, event_action text, started boolean, execution_id uuid, reason text)`);
  }
}

/** Older than 30 days: gone (all tenants; the schedule job runs it as the system). */
export async function pruneChecks(db: Db, now: Date): Promise<number> {
  const gone = await rows<{ n: number }>(db, sql`WITH d AS (DELETE FROM flow_trigger_checks WHERE created_at < ${now.toISOString()}::timestamptz - make_interval(days => ${CHECK_RETENTION_DAYS}) RETURNING 1)
    SELECT count(*)::int AS n FROM d`);
  return Number(gone[0]?.n ?? 0);
}

export interface ActiveFlow {
  id: string;
  name: string;
  listensOn: string[];
  triggerType: string | null;
  recordType: string | null;
  version: number;
  definition: FlowDefinition;
  createdBy: string | null;
}

/** Active flows with their published definition, optionally only those listening to some record types or of some trigger types. */
export async function activeFlows(tx: Db, tenantId: string, opts: { listensOn?: string[]; triggerTypes?: string[]; ids?: string[] } = {}): Promise<ActiveFlow[]> {
  const found = await rows<{ id: string; name: string; listens_on: string[]; trigger_type: string | null; record_type: string | null; version: number; definition: FlowDefinition | string; created_by: string | null }>(tx, sql`
    SELECT f.id, f.name, f.listens_on, f.trigger_type, f.record_type, v.version, v.definition, f.created_by
      FROM flows f JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.published_version
     WHERE f.tenant_id = ${tenantId} AND f.status = 'active'
       ${opts.listensOn ? sql`AND f.listens_on && ${`{${opts.listensOn.join(',')}}`}::text[]` : sql``}
       ${opts.triggerTypes ? sql`AND f.trigger_type = ANY(${`{${opts.triggerTypes.join(',')}}`}::text[])` : sql``}
       ${opts.ids ? sql`AND f.id = ANY(${`{${opts.ids.join(',')}}`}::uuid[])` : sql``}
     ORDER BY f.created_at, f.id`);
  return found.map((r) => ({
    id: r.id, name: r.name, listensOn: r.listens_on ?? [], triggerType: r.trigger_type, recordType: r.record_type, version: r.version,
    definition: typeof r.definition === 'string' ? (JSON.parse(r.definition) as FlowDefinition) : r.definition, createdBy: r.created_by,
  }));
}
