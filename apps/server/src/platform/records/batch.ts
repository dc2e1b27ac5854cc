import type { Actor } from '../auth/actor.ts';
import type { AuditSource } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';

/**
 * The one way records enter in bulk: single creates, API batches, web forms and imports all call a
 * record type's BatchCreator with a batch of raw field objects (API field names, `custom` for
 * custom fields). The creator validates each row, checks duplicates, assigns owners and inserts
 * the accepted rows in the caller's transaction; it never throws for a bad row, it reports it.
 */

/** What to do with a row that matches an existing record (查重). */
export type DuplicatePolicy = 'skip' | 'update' | 'create' | 'reject';
export const DUPLICATE_POLICIES: DuplicatePolicy[] = ['skip', 'update', 'create', 'reject'];

export type CaptureChannel = 'manual' | 'api' | 'webForm' | 'import';

export interface BatchContext {
  tenantId: string;
  /** who acts; null for anonymous capture (web forms), which writes as the system */
  actor: Actor | null;
  src: AuditSource;
  channel: CaptureChannel;
  /** stored with each lead as its source details (utm_*, referrer, form id, import id, api key id) */
  sourceDetail?: Record<string, unknown>;
  duplicatePolicy: DuplicatePolicy;
  /** tenant time zone, for numbering and dates given without a zone */
  timeZone: string;
}

export interface RowIssue { field: string; message: string }

export interface RowDuplicate { recordType: 'lead' | 'customer' | 'contact'; id: string; matchedOn: string[] }

export interface RowOutcome {
  /** index of the row in the batch */
  index: number;
  status: 'created' | 'updated' | 'skipped' | 'rejected';
  id?: string;
  errors?: RowIssue[];
  duplicates?: RowDuplicate[];
}

/** An owner given a record by the batch, announced (in-app + email) once the transaction commits. */
export interface NewOwnership { recordType: 'lead' | 'customer' | 'contact'; recordId: string; ownerId: string; title: string; ruleId?: string | null }

export interface BatchResult {
  outcomes: RowOutcome[];
  assignments: NewOwnership[];
}

export type BatchCreator = (tx: Db, ctx: BatchContext, rows: Record<string, unknown>[]) => Promise<BatchResult>;
