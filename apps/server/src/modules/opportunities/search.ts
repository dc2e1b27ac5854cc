import { sql } from 'drizzle-orm';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { registerSearchProvider } from '../search/registry.ts';
import { opportunityType } from './fields.ts';
import { opportunities as o } from './schema.ts';
import { opportunitySearch, opportunitySelect, present, visibleOpportunities, type OpportunitySelected } from './service.ts';

/** Opportunities in global search: name, number or customer name. */
export function registerOpportunitySearch(): void {
  registerSearchProvider({
    recordType: 'opportunity',
    order: 30,
    async search(db, actor, q, limit) {
      const catalog = await loadCatalog(db, actor, opportunityType);
      const found = (await db.select(opportunitySelect).from(o)
        .where(sql`${visibleOpportunities(actor)} AND ${opportunitySearch(catalog, q)}`)
        .orderBy(sql`${o.updatedAt} DESC`).limit(limit)) as OpportunitySelected[];
      return found.map((row) => {
        const r = present(actor, row, 'list');
        const subtitle = [r.customerName, r.stageName, r.amount ? `¥${r.amount}` : null].filter((x) => typeof x === 'string' && x).join(' · ');
        return { id: r.id, title: typeof r.name === 'string' ? r.name : String(r.number ?? r.id), subtitle: subtitle || null };
      });
    },
  });
}
