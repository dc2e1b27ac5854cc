/** The last/next follow-up fields of the record a follow-up is about (pool rules and to-dos read them). */
import { and, eq } from 'drizzle-orm';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';

export interface FollowupFieldValues {
  lastFollowupAt?: Date;
  /** leads keep the last content too */
  lastFollowupContent?: string | null;
  /** null clears it */
  nextFollowupAt?: Date | null;
}

type Snapshot = Record<string, Date | string | null>;

const same = (a: unknown, b: unknown) => (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);

/**
 * What changes on the record, from what it holds now: only the given values, and for a lead still
 * "new" the first follow-up is its first contact (status → contacting, first_contacted_at set), the
 * same rule as moving the status by hand (leads/lifecycle.ts statusChange). Pure.
 */
export function followupChanges(recordType: string, current: Snapshot, values: FollowupFieldValues): { before: Snapshot; after: Snapshot } {
  const wanted: Snapshot = {};
  if (values.lastFollowupAt !== undefined) wanted.lastFollowupAt = values.lastFollowupAt;
  if (values.nextFollowupAt !== undefined) wanted.nextFollowupAt = values.nextFollowupAt;
  if (recordType === 'lead') {
    if (values.lastFollowupContent !== undefined) wanted.lastFollowupContent = values.lastFollowupContent;
    if (values.lastFollowupAt && current.status === 'new') {
      wanted.status = 'contacting';
      if (!current.firstContactedAt) wanted.firstContactedAt = values.lastFollowupAt;
    }
  }
  const before: Snapshot = {};
  const after: Snapshot = {};
  for (const [k, v] of Object.entries(wanted)) {
    if (same(current[k] ?? null, v)) continue;
    before[k] = current[k] ?? null;
    after[k] = v;
  }
  return { before, after };
}

async function lockCurrent(tx: Db, tenantId: string, recordType: string, id: string): Promise<Snapshot | null> {
  switch (recordType) {
    case 'lead': {
      const [r] = await tx.select({ lastFollowupAt: leads.lastFollowupAt, nextFollowupAt: leads.nextFollowupAt, lastFollowupContent: leads.lastFollowupContent, status: leads.status, firstContactedAt: leads.firstContactedAt })
        .from(leads).where(and(eq(leads.id, id), eq(leads.tenantId, tenantId))).for('update');
      return r ?? null;
    }
    case 'customer': {
      const [r] = await tx.select({ lastFollowupAt: customers.lastFollowupAt, nextFollowupAt: customers.nextFollowupAt }).from(customers).where(and(eq(customers.id, id), eq(customers.tenantId, tenantId))).for('update');
      return r ?? null;
    }
    case 'contact': {
      const [r] = await tx.select({ lastFollowupAt: contacts.lastFollowupAt, nextFollowupAt: contacts.nextFollowupAt }).from(contacts).where(and(eq(contacts.id, id), eq(contacts.tenantId, tenantId))).for('update');
      return r ?? null;
    }
    default:
      return null;
  }
}

/**
 * Updates lead/customer/contact follow-up fields, audited as one 'update' of exactly the fields that
 * changed (so flows see the change and the record's timeline shows it). Unknown record types and
 * records that do not exist are ignored. `data` rides along in the audit entry (e.g. the follow-up
 * it came from).
 */
export async function updateFollowupFields(
  tx: Db,
  src: AuditSource,
  target: { tenantId: string; recordType: string; recordId: string },
  values: FollowupFieldValues,
  data?: Record<string, unknown>,
): Promise<void> {
  const current = await lockCurrent(tx, target.tenantId, target.recordType, target.recordId);
  if (!current) return;
  const { before, after } = followupChanges(target.recordType, current, values);
  if (!Object.keys(after).length) return;
  const set = { ...after, updatedAt: new Date() };
  if (target.recordType === 'lead') await tx.update(leads).set(set as Partial<typeof leads.$inferInsert>).where(eq(leads.id, target.recordId));
  else if (target.recordType === 'customer') await tx.update(customers).set(set as Partial<typeof customers.$inferInsert>).where(eq(customers.id, target.recordId));
  else await tx.update(contacts).set(set as Partial<typeof contacts.$inferInsert>).where(eq(contacts.id, target.recordId));
  await recordAudit(tx, src, { action: 'update', recordType: target.recordType, recordId: target.recordId, before, after, ...(data ? { data } : {}) });
}
