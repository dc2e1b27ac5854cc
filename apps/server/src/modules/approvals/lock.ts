/**
 * A record under approval is locked against edits (审批中锁定), except the fields the current
 * approval nodes let their approvers edit (and only through the approval decision). Every module's
 * update / delete path calls assertNotLocked inside its transaction, after locking its row.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';

/**
 * Throws 409 RECORD_LOCKED ({error: {code: 'RECORD_LOCKED', message: '审批中的记录不能修改', details: {field, instanceId}}})
 * when a pending approval exists for the record. `fields`: the keys being changed (an empty list =
 * the record as a whole: delete, transfer, status change).
 */
export async function assertNotLocked(_tx: Db, _actor: Actor, _recordType: string, _recordId: string, _fields: string[] = []): Promise<void> {
  // PLACEHOLDER (approvals owner): query approval_instances (status 'pending') for the record.
}

/** Ids (of the given record ids) that have a pending approval: list pages show a lock icon. */
export async function lockedRecordIds(_tx: Db, _tenantId: string, _recordType: string, _recordIds: string[]): Promise<Set<string>> {
  return new Set(); // PLACEHOLDER (approvals owner)
}
