/**
 * Record types that can be submitted for approval register here (contracts, payment records,
 * invoices, quotes, opportunities' stage entry …). The approvals module knows nothing else about
 * them: it asks the def for a title and summary, tells it every status change in the same
 * transaction, and hands it the fields an approver edited.
 */
import type { ApprovalInstanceStatus, RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';

export interface ApprovalStatusChange {
  instanceId: string;
  /** null: the system (timeouts, auto-pass) */
  actorId: string | null;
  src: AuditSource;
}

export interface ApprovableDef {
  recordType: RecordType;
  /** title and inbox summary of a live record (null: deleted / not found) */
  describe(tx: Db, tenantId: string, recordId: string): Promise<{ title: string; summary: Record<string, unknown>; ownerId: string | null } | null>;
  /**
   * Throws a 4xx when the record may not be submitted as it is (e.g. a contract that is void, a
   * quote without lines). Runs in the submit transaction with the record locked by the caller.
   */
  assertSubmittable?(tx: Db, actor: Actor, recordId: string): Promise<void>;
  /**
   * The approval's status changed: 'pending' on submit, then 'approved' / 'rejected' /
   * 'withdrawn' / 'returned' / 'cancelled'. The module updates its own status columns (contract
   * status, payment confirmation, quote approval_status …) in the same transaction.
   */
  onStatus(tx: Db, tenantId: string, recordId: string, status: ApprovalInstanceStatus, change: ApprovalStatusChange): Promise<void>;
  /** applies fields an approver edited (only the node's editableFields reach here); validates like an edit */
  applyApproverEdits?(tx: Db, actor: Actor, src: AuditSource, recordId: string, fields: Record<string, unknown>): Promise<void>;
}

const approvables = new Map<string, ApprovableDef>();

export function registerApprovable(def: ApprovableDef): ApprovableDef {
  approvables.set(def.recordType, def);
  return def;
}

export function findApprovable(recordType: string): ApprovableDef | undefined {
  return approvables.get(recordType);
}

export function approvableTypes(): string[] {
  return [...approvables.keys()];
}
