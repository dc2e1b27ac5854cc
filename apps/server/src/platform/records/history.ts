import { sql } from 'drizzle-orm';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../auth/actor.ts';
import { recordHistory } from '../audit/audit.ts';
import type { FieldDiff } from '../audit/diff.ts';
import type { Db } from '../db/client.ts';
import { rows } from '../db/query.ts';
import { projectRecord } from '../permissions/recordAccess.ts';
import { linkedRecords } from './links.ts';

export interface HistoryItem {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorType: string;
  createdAt: string;
  changes: FieldDiff;
  data: Record<string, unknown>;
  /** set when the entry belongs to a record linked to this one (the lead it was converted from, a merged record) */
  from?: { recordType: string; recordId: string };
}

/** Splits a diff side into a record shape projectRecord understands ({…std, custom: {…}}). */
function side(diff: FieldDiff, which: 'before' | 'after', ownerId: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = { ownerId, custom: {} };
  for (const [k, d] of Object.entries(diff)) {
    if (k.startsWith('custom.')) (out.custom as Record<string, unknown>)[k.slice(7)] = d[which];
    else out[k] = d[which];
  }
  return out;
}

/**
 * A diff as the actor may see it: hidden fields dropped, masked fields masked as in the detail
 * view (the history is part of the record, so it follows the record's rules).
 */
export function projectDiff(actor: Actor, recordType: RecordType, diff: FieldDiff, ownerId: string | null): FieldDiff {
  const before = projectRecord(actor, recordType, side(diff, 'before', ownerId), 'detail');
  const after = projectRecord(actor, recordType, side(diff, 'after', ownerId), 'detail');
  const pick = (rec: Record<string, unknown>, k: string): [boolean, unknown] => {
    if (k.startsWith('custom.')) {
      const c = rec.custom as Record<string, unknown> | undefined;
      return [Boolean(c && Object.hasOwn(c, k.slice(7))), c?.[k.slice(7)]];
    }
    return [Object.hasOwn(rec, k), rec[k]];
  };
  const out: FieldDiff = {};
  for (const k of Object.keys(diff)) {
    const [seen, b] = pick(before, k);
    if (!seen) continue; // hidden
    out[k] = { before: b, after: pick(after, k)[1] };
  }
  return out;
}

/**
 * The audit trail of one record for an actor who may see the record (check that first).
 * `ownerId` is the record's current owner, which decides "mask unless you own it".
 */
export async function visibleHistory(
  db: Db,
  actor: Actor,
  recordType: RecordType,
  recordId: string,
  ownerId: string | null,
  opts: { limit: number; before?: number },
): Promise<HistoryItem[]> {
  const targets = await linkedRecords(db, actor.tenantId, { recordType, recordId });
  const entries = await recordHistory(db, actor.tenantId, targets, opts);
  const actorIds = [...new Set(entries.map((e) => e.actorId).filter((x): x is string => Boolean(x)))];
  const names = new Map<string, string>();
  if (actorIds.length) {
    const found = await rows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM users WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(actorIds.map((i) => sql`${i}`), sql`, `)})`);
    for (const r of found) names.set(r.id, r.name);
  }
  return entries.map((e) => {
    const { fields, ...data } = (e.changes ?? {}) as { fields?: FieldDiff } & Record<string, unknown>;
    return {
      id: Number(e.id),
      action: e.action,
      actorId: e.actorId,
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
      actorType: e.actorType,
      createdAt: new Date(e.createdAt).toISOString(),
      // a linked record's entries follow that record type's field rules
      changes: fields ? projectDiff(actor, e.recordType as RecordType, fields, ownerId) : {},
      data,
      ...(e.recordType !== recordType || e.recordId !== recordId ? { from: { recordType: e.recordType, recordId: e.recordId! } } : {}),
    };
  });
}
