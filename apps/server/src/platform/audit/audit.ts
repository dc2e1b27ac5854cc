import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLogs } from '../db/schema.ts';
import { diffRecords } from './diff.ts';

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
  const changes = entry.before !== undefined || entry.after !== undefined ? { fields: diffRecords(entry.before ?? null, entry.after ?? null), ...(entry.data ?? {}) } : entry.data ?? null;
  await db.insert(auditLogs).values({
    tenantId: src.tenantId,
    actorId: src.actorId,
    actorType: src.actorType ?? 'user',
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId ?? null,
    changes,
    ip: src.ip ?? null,
    userAgent: src.userAgent?.slice(0, 500) ?? null,
    requestId: src.requestId ?? null,
  });
}

export async function recordHistory(db: Db, tenantId: string, recordType: string, recordId: string, opts: { limit: number; before?: number }) {
  return db
    .select()
    .from(auditLogs)
    .where(and(eq(auditLogs.tenantId, tenantId), eq(auditLogs.recordType, recordType), eq(auditLogs.recordId, recordId), opts.before ? lt(auditLogs.id, opts.before) : undefined))
    .orderBy(desc(auditLogs.id))
    .limit(opts.limit);
}
