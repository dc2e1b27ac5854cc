import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLogs } from '../db/schema.ts';
import { diffRecords } from './diff.ts';

/** NOTIFY channel the flow dispatcher listens on; the payload is the tenant id. */
export const FLOW_EVENTS_CHANNEL = 'loopline_flow_events';

export type AuditAction =
  | 'create' | 'update' | 'delete' | 'restore' | 'ownerChange' | 'permissionChange' | 'login' | 'logout'
  | 'deactivate' | 'reactivate' | 'invite' | 'passwordReset' | 'share' | 'unshare' | 'export' | 'import' | string;

/** Who did it and from where; built from the request so every module records the same way. */
export interface AuditSource {
  tenantId: string;
  actorId: string | null;
  actorType?: 'user' | 'apiKey' | 'system';
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  /** set when a flow's action makes the change: the next flow it triggers runs one level deeper */
  flow?: { executionId: string; depth: number };
}

/**
 * The one audit path. Call it inside the same transaction as the change, so a change without its
 * audit entry (or the reverse) cannot exist.
 */
export async function recordAudit(
  db: Db,
  src: AuditSource,
  entry: { action: AuditAction; recordType: string; recordId?: string | null; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; data?: Record<string, unknown> },
): Promise<void> {
  await recordAudits(db, src, [entry]);
}

type AuditEntry = Parameters<typeof recordAudit>[2];

/**
 * Many entries at once (batch creates, imports, bulk actions); the same rows recordAudit writes.
 * The per-entry values travel as one JSON parameter (jsonb_to_recordset): building a 1,000-row
 * VALUES list costs more than the insert itself.
 *
 * The same statement turns entries into flow events when an active flow of the tenant listens to
 * that record type (flows.listens_on): the event commits or rolls back with the change itself, so
 * the flow engine can never miss a change nor see one that did not happen.
 */
export async function recordAudits(db: Db, src: AuditSource, entries: AuditEntry[]): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK).map((entry) => ({
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId ?? null,
      changes: entry.before !== undefined || entry.after !== undefined ? { fields: diffRecords(entry.before ?? null, entry.after ?? null), ...(entry.data ?? {}) } : entry.data ?? null,
    }));
    await db.execute(sql`WITH ins AS (
      INSERT INTO audit_logs (tenant_id, actor_id, actor_type, action, record_type, record_id, changes, ip, user_agent, request_id)
      SELECT ${src.tenantId}::uuid, ${src.actorId}::uuid, ${src.actorType ?? 'user'}, r.action, r.record_type, r.record_id, r.changes,
             ${src.ip ?? null}, ${src.userAgent?.slice(0, 500) ?? null}, ${src.requestId ?? null}
        FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(action text, record_type text, record_id text, changes jsonb)
      RETURNING id, action, record_type, record_id, changes)
    , ev AS (
      INSERT INTO flow_events (tenant_id, audit_id, action, record_type, record_id, changes, actor_id, depth, caused_by)
      SELECT ${src.tenantId}::uuid, ins.id, ins.action, ins.record_type, ins.record_id, ins.changes, ${src.actorId}::uuid,
             ${src.flow?.depth ?? null}::int, ${src.flow?.executionId ?? null}::uuid
        FROM ins
       WHERE ins.record_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM flows f WHERE f.tenant_id = ${src.tenantId}::uuid AND f.status = 'active' AND ins.record_type = ANY (f.listens_on))
      RETURNING 1)
    -- delivered at commit (dropped on rollback): wakes the flow dispatcher on every instance
    SELECT pg_notify(${FLOW_EVENTS_CHANNEL}, ${src.tenantId}) FROM (SELECT 1 FROM ev LIMIT 1) AS any_event`);
  }
}

/** Audit entries of one or more records (a record and those linked to it), newest first. */
export async function recordHistory(db: Db, tenantId: string, targets: { recordType: string; recordId: string }[], opts: { limit: number; before?: number }) {
  const which = or(...targets.map((t) => and(eq(auditLogs.recordType, t.recordType), eq(auditLogs.recordId, t.recordId))));
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, tenantId), which, opts.before ? lt(auditLogs.id, opts.before) : undefined))
    .orderBy(desc(auditLogs.id))
    .limit(opts.limit);
}
