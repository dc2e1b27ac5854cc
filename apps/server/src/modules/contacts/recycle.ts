import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';
import { recordAudits } from '../../platform/audit/audit.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListResult } from '../../platform/records/listQuery.ts';
import { toListParams, type ListInput } from '../../platform/records/listParams.ts';
import type { BulkSpec } from '../customers/bulk.ts';
import { recycleBinType, type DeletedDto } from '../customers/recycle.ts';
import { contactType } from './fields.ts';
import { contacts as k } from './schema.ts';
import { contactSearch, contactSelect, present, reachable, type ContactDto, type ContactSelected } from './service.ts';
import { restoreLockedContact } from './writes.ts';

const deletedSelect = {
  ...contactSelect,
  deletedAt: k.deletedAt,
  deletedBy: k.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${k.deletedBy})`.as('deleted_by_name'),
};
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** GET /contacts/recycle-bin: deleted contacts the actor may see, most recently deleted first. */
export async function listDeletedContacts(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<ContactDto>>> {
  const catalog = await loadCatalog(db, actor, recycleBinType(contactType, k.deletedAt));
  const source = {
    table: k, select: deletedSelect, base: and(reachable(actor, 'view'), isNotNull(k.deletedAt))!, catalog,
    search: (q: string) => contactSearch(catalog, q), defaultSort: [{ field: 'deletedAt', dir: 'desc' as const }], idColumn: k.id,
  };
  const page = await listQuery<ContactSelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return { ...page, items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })) };
}

/** POST /contacts/bulk: transfer (with reason), delete, tags, restore. */
export const contactBulk: BulkSpec = {
  recordType: 'contact',
  table: k,
  writable: (actor, permission) => reachable(actor, permission),
  visible: (actor) => reachable(actor, 'view'),
  async transfer(tx, src: AuditSource, rows, ownerId, reason) {
    const moving = rows.filter((r) => r.owner_id !== ownerId);
    if (!moving.length) return;
    await queryRows(tx, sql`UPDATE contacts SET owner_id = ${ownerId}, updated_at = now() WHERE tenant_id = ${src.tenantId} AND id = ANY(${sql.param(moving.map((r) => r.id))}::uuid[])`);
    await recordAudits(tx, src, moving.map((r) => ({ action: 'ownerChange', recordType: 'contact', recordId: r.id, before: { ownerId: r.owner_id }, after: { ownerId }, ...(reason ? { data: { reason } } : {}) })));
  },
  async restoreOne(tx, src, id) {
    const [row] = await tx.select(contactSelect).from(k).where(eq(k.id, id));
    await restoreLockedContact(tx, src, row as ContactSelected);
  },
};
