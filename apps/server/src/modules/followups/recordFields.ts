/** The last/next follow-up fields of the record a follow-up is about (pool rules and to-dos read them). */
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';

export interface FollowupFieldValues {
  lastFollowupAt?: Date;
  /** leads keep the last content too */
  lastFollowupContent?: string | null;
  /** null clears it */
  nextFollowupAt?: Date | null;
}

/**
 * Updates lead/customer/contact follow-up fields (audited as an update of those fields, so flows see
 * the change). Unknown record types are ignored. PLACEHOLDER: follow-ups owner implements.
 */
export async function updateFollowupFields(_tx: Db, _src: AuditSource, _target: { tenantId: string; recordType: string; recordId: string }, _values: FollowupFieldValues): Promise<void> {
  throw new Error('updateFollowupFields: not implemented');
}
