/**
 * A record under approval is locked against edits (审批中锁定), except the fields the current
 * approval nodes let their approvers edit (and only through the approval decision). Every module's
 * update / delete path calls assertNotLocked inside its transaction, after locking its row.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { conflict } from '../../platform/http/errors.ts';

/**
 * Transactions applying an approver's edits (ApprovableDef.applyApproverEdits, called by the
 * approvals service) and the fields they may change: the module's own update path, called from
 * there, passes assertNotLocked for exactly those fields.
 */
const approverEdits = new WeakMap<object, { recordType: string; recordId: string; fields: Set<string> }>();

export async function withApproverEdits<T>(tx: Db, scope: { recordType: string; recordId: string; fields: string[] }, fn: () => Promise<T>): Promise<T> {
  approverEdits.set(tx, { ...scope, fields: new Set(scope.fields) });
  try {
    return await fn();
  } finally {
    approverEdits.delete(tx);
  }
}

/**
 * Throws 409 RECORD_LOCKED ({error: {code: 'RECORD_LOCKED', message: '审批中的记录不能修改', details: {field, instanceId}}})
 * when a pending approval exists for the record. `fields`: the keys being changed (an empty list =
 * the record as a whole: delete, transfer, status change).
 */
export async function assertNotLocked(tx: Db, actor: Actor, recordType: string, recordId: string, fields: string[] = []): Promise<void> {
  const live = await one<{ id: string }>(tx, sql`SELECT id::text AS id FROM approval_instances
    WHERE tenant_id = ${actor.tenantId} AND record_type = ${recordType} AND record_id = ${recordId} AND status = 'pending'`);
  if (!live) return;
  const edit = approverEdits.get(tx);
  if (edit && edit.recordType === recordType && edit.recordId === recordId && fields.length > 0 && fields.every((f) => edit.fields.has(f))) return;
  const field = fields.find((f) => !edit?.fields.has(f)) ?? null;
  throw conflict('RECORD_LOCKED', field ? `审批中的记录不能修改（字段 ${field}）` : '审批中的记录不能修改', { field, instanceId: live.id });
}

/** Ids (of the given record ids) that have a pending approval: list pages show a lock icon. */
export async function lockedRecordIds(tx: Db, tenantId: string, recordType: string, recordIds: string[]): Promise<Set<string>> {
  if (!recordIds.length) return new Set();
  const found = await rows<{ id: string }>(tx, sql`SELECT record_id::text AS id FROM approval_instances
    WHERE tenant_id = ${tenantId} AND record_type = ${recordType} AND status = 'pending' AND record_id = ANY(${sql.param(recordIds)}::uuid[])`);
  return new Set(found.map((r) => r.id));
}
