/**
 * Any record type can have an approval flow: types whose module registered no ApprovableDef (a
 * customer, a lead …) get a generic one — the title is the record's name / number / title through the
 * records registry, and a status change changes nothing on the record itself (the approvals module
 * records it in the record's audit trail).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { RecordType } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { findRecordType } from '../../platform/records/registry.ts';
import { findApprovable, type ApprovableDef } from './registry.ts';

const TITLE_FIELDS = ['name', 'title', 'number', 'subject', 'fullName'];
const generic = new Map<string, ApprovableDef>();

export function genericApprovable(recordType: string): ApprovableDef | undefined {
  const rt = findRecordType(recordType);
  if (!rt) return undefined;
  let def = generic.get(recordType);
  if (def) return def;
  const titleField = TITLE_FIELDS.map((k) => rt.standardFields.find((f) => f.key === k)).find(Boolean);
  def = {
    recordType: recordType as RecordType,
    async describe(tx: Db, tenantId: string, recordId: string) {
      const t = rt.table;
      const [row] = await tx.select({ title: titleField ? (titleField.sql as never) : t.id, ownerId: t.ownerId })
        .from(t as never).where(and(eq(t.id, recordId), eq(t.tenantId, tenantId), isNull(t.deletedAt))).limit(1) as { title: unknown; ownerId: unknown }[];
      if (!row) return null;
      const title = row.title === null || row.title === undefined || row.title === '' ? recordId.slice(0, 8) : String(row.title);
      return { title: `${rt.label}：${title}`, summary: {}, ownerId: typeof row.ownerId === 'string' ? row.ownerId : null };
    },
    async onStatus() {
      // nothing on the record itself: the approval's status is in the record's audit trail
    },
  };
  generic.set(recordType, def);
  return def;
}

/** The record type's own def, else the generic one (undefined: not a record type). */
export function approvableFor(recordType: string): ApprovableDef | undefined {
  return findApprovable(recordType) ?? genericApprovable(recordType);
}
