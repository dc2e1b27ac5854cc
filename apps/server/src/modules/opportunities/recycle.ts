import { and, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListResult } from '../../platform/records/listQuery.ts';
import { toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { recycleBinType, type DeletedDto } from '../customers/recycle.ts';
import { opportunityType } from './fields.ts';
import { opportunities as o } from './schema.ts';
import { opportunitySearch, opportunitySelect, present, type OpportunityDto, type OpportunitySelected } from './service.ts';

const deletedSelect = {
  ...opportunitySelect,
  deletedAt: o.deletedAt,
  deletedBy: o.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${o.deletedBy})`.as('deleted_by_name'),
};
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** GET /opportunities/recycle-bin: deleted opportunities the actor may see, most recently deleted first. */
export async function listDeletedOpportunities(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<OpportunityDto>>> {
  const catalog = await loadCatalog(db, actor, recycleBinType(opportunityType, o.deletedAt));
  const source = {
    table: o, select: deletedSelect, base: and(visibleRecords(actor, 'opportunity', o), isNotNull(o.deletedAt))!, catalog,
    search: (q: string) => opportunitySearch(catalog, q), defaultSort: [{ field: 'deletedAt', dir: 'desc' as const }], idColumn: o.id,
  };
  const page = await listQuery<OpportunitySelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return { ...page, items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })) };
}
