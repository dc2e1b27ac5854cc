import { and, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { listQuery, type ListResult } from '../../platform/records/listQuery.ts';
import { toListParams, type ListInput } from '../../platform/records/listParams.ts';
import { registerSearchProvider } from '../search/registry.ts';
import { recycleBinType, type DeletedDto } from '../customers/recycle.ts';
import { contractType } from './fields.ts';
import { contracts as k } from './schema.ts';
import { contractSearch, contractSelect, present, reachable, visibleContracts, type ContractDto, type ContractSelected } from './service.ts';

const deletedSelect = {
  ...contractSelect,
  deletedAt: k.deletedAt,
  deletedBy: k.deletedBy,
  deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${k.deletedBy})`.as('deleted_by_name'),
};
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** GET /contracts/recycle-bin: deleted contracts the actor may see, most recently deleted first. */
export async function listDeletedContracts(db: Db, actor: Actor, input: ListInput): Promise<ListResult<DeletedDto<ContractDto>>> {
  const catalog = await loadCatalog(db, actor, recycleBinType(contractType, k.deletedAt));
  const source = {
    table: k, select: deletedSelect, base: and(reachable(actor, 'view'), isNotNull(k.deletedAt))!, catalog,
    search: (q: string) => contractSearch(catalog, q), defaultSort: [{ field: 'deletedAt', dir: 'desc' as const }], idColumn: k.id,
  };
  const page = await listQuery<ContractSelected & { deletedAt: Date; deletedBy: string | null; deletedByName: string | null }>(db, actor, source, toListParams(input));
  return { ...page, items: page.items.map((r) => ({ ...present(actor, r, 'list'), deletedAt: iso(r.deletedAt)!, deletedBy: r.deletedBy, deletedByName: r.deletedByName })) };
}

/** Contracts in global search: by name, number or customer name. */
export function registerContractSearch(): void {
  registerSearchProvider({
    recordType: 'contract',
    order: 60,
    async search(db, actor, q, limit) {
      const catalog = await loadCatalog(db, actor, contractType);
      const found = (await db.select(contractSelect).from(k)
        .where(sql`${visibleContracts(actor)} AND ${contractSearch(catalog, q)}`)
        .orderBy(sql`${k.updatedAt} DESC`).limit(limit)) as ContractSelected[];
      return found.map((row) => {
        const r = present(actor, row, 'list');
        const subtitle = [r.number, r.customerName].filter((x) => typeof x === 'string' && x).join(' · ');
        return { id: r.id, title: typeof r.name === 'string' ? r.name : String(r.number ?? r.id), subtitle: subtitle || null };
      });
    },
  });
}
