/** The records a follow-up can be about, and what a follow-up needs to know of them. */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FollowupRecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope, visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';

export const PARENT_TABLES = { lead: leads, customer: customers, contact: contacts } as const;

export interface Parent {
  recordType: FollowupRecordType;
  id: string;
  name: string;
  ownerId: string | null;
  /** the customer whose 360 timeline shows the follow-up: itself, a contact's customer, or null */
  customerId: string | null;
  address: string | null;
}

export const recordNotFound = (recordType: string, recordId: string) =>
  new AppError(404, 'NOT_FOUND', `${recordType} ${recordId} not found`, { field: 'recordId', recordId });

/** A record the actor may see (not deleted); 404 naming the id otherwise, existence not revealed. */
export async function visibleParent(db: Db, actor: Actor, recordType: FollowupRecordType, recordId: string, lock = false): Promise<Parent> {
  if (!can(actor.perms, recordType, 'view')) throw recordNotFound(recordType, recordId);
  const t = PARENT_TABLES[recordType];
  const customerId = recordType === 'customer' ? customers.id : recordType === 'contact' ? contacts.customerId : sql<string | null>`NULL::uuid`;
  const address = recordType === 'lead' ? sql<string | null>`concat_ws('', ${leads.province}, ${leads.city}, ${leads.district}, ${leads.address})` : t.address;
  const q = db
    .select({ id: t.id, name: t.name, ownerId: t.ownerId, customerId, address })
    .from(t)
    .where(and(eq(t.id, recordId), isNull(t.deletedAt), visibleRecords(actor, recordType, t)));
  const [row] = lock ? await q.for('update', { of: t }) : await q;
  if (!row) throw recordNotFound(recordType, recordId);
  return { recordType, id: row.id, name: row.name, ownerId: row.ownerId, customerId: row.customerId ?? null, address: row.address || null };
}

/**
 * Follow-ups the actor may see without naming a record: their own, and those on records they may
 * see (the parent's permissions decide, as for attachments).
 */
export function visibleFollowups(actor: Actor, f: { recordType: AnyPgColumn; recordId: AnyPgColumn; ownerId: AnyPgColumn }): SQL {
  const parts: SQL[] = [sql`${f.ownerId} = ${actor.userId}`];
  for (const [recordType, t] of Object.entries(PARENT_TABLES) as [FollowupRecordType, (typeof PARENT_TABLES)[FollowupRecordType]][]) {
    if (!can(actor.perms, recordType, 'view')) continue;
    if (ownerScope(actor, t.ownerId) === null) parts.push(sql`${f.recordType} = ${recordType}`);
    else parts.push(sql`(${f.recordType} = ${recordType} AND ${f.recordId} IN (SELECT ${t.id} FROM ${t} WHERE ${visibleRecords(actor, recordType, t)}))`);
  }
  return sql`(${sql.join(parts, sql` OR `)})`;
}
