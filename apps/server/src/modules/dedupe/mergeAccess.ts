// The two records of a merge, checked once for preview and merge alike: the actor needs edit on
// both and delete on the one that goes away; records the actor cannot see answer 404.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { badRequest, forbidden, notFound, unprocessable } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import { MERGE_SPECS } from './mergeFields.ts';
import type { DedupeRecordType } from './service.ts';

export type StoredRow = Record<string, unknown> & { id: string; ownerId: string | null; tags: string[]; custom: Record<string, unknown> };

export interface MergePair { survivor: StoredRow; merged: StoredRow }

const NAMES: Record<DedupeRecordType, string> = { lead: 'lead', customer: 'customer', contact: 'contact' };

/** Refuses early what no record could pass: the same id twice, or a role without the actions. */
export function assertMergeAllowed(actor: Actor, recordType: DedupeRecordType, survivorId: string, mergedId: string): void {
  if (survivorId === mergedId) throw badRequest('SAME_RECORD', 'choose two different records to merge', { fields: [{ field: 'mergedId', message: 'same as survivorId' }] });
  for (const action of ['view', 'edit', 'delete'] as const) {
    if (!can(actor.perms, recordType, action)) throw forbidden(`no permission to ${action} ${recordType}`, { object: recordType, action });
  }
}

/**
 * Both records, live and in this tenant; with `lock`, FOR UPDATE in id order (two merges of the
 * same pair in opposite directions cannot deadlock). 404 for a record the actor cannot see, 403
 * when it is visible but not editable (survivor) or not deletable (merged).
 */
export async function loadPair(db: Db, actor: Actor, recordType: DedupeRecordType, survivorId: string, mergedId: string, lock: boolean): Promise<MergePair> {
  assertMergeAllowed(actor, recordType, survivorId, mergedId);
  const t = MERGE_SPECS[recordType].table;
  const query = db
    .select({
      row: t,
      visible: sql<boolean>`(${visibleRecords(actor, recordType, t)})`,
      editable: sql<boolean>`(${writableRecords(actor, recordType, t, 'edit')})`,
      deletable: sql<boolean>`(${writableRecords(actor, recordType, t, 'delete')})`,
    })
    .from(t)
    .where(and(eq(t.tenantId, actor.tenantId), inArray(t.id, [survivorId, mergedId]), isNull(t.deletedAt)))
    .orderBy(t.id);
  const found = lock ? await query.for('update', { of: t }) : await query;
  const pick = (id: string, role: 'survivor' | 'merged') => {
    const hit = found.find((f) => f.row.id === id);
    if (!hit || !hit.visible) throw notFound(NAMES[recordType]);
    if (!hit.editable) throw forbidden(`no permission to edit this ${recordType}`, { field: `${role}Id` });
    if (role === 'merged' && !hit.deletable) throw forbidden(`no permission to delete this ${recordType}`, { field: 'mergedId' });
    return hit.row as unknown as StoredRow;
  };
  const pair = { survivor: pick(survivorId, 'survivor'), merged: pick(mergedId, 'merged') };
  if (recordType === 'lead' && (pair.survivor.status === 'converted' || pair.merged.status === 'converted')) {
    // a converted lead lives on as its customer and contact: merge those instead
    throw unprocessable('LEAD_CONVERTED', 'a converted lead cannot be merged; merge its customer or contact instead');
  }
  return pair;
}
