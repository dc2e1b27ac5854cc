import { sql } from 'drizzle-orm';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { registerSearchProvider } from '../search/registry.ts';
import { leadType } from './fields.ts';
import { leads as l } from './schema.ts';
import { leadSearch, leadSelect, present, visibleLeads, type LeadSelected } from './service.ts';

/**
 * Leads in global search: the list's quick search, ranked by name similarity (pg_trgm). Items are
 * presented like list rows, so masking and hidden fields behave the same here as in the list.
 */
export function registerLeadSearch(): void {
  registerSearchProvider({
    recordType: 'lead',
    order: 5,
    async search(db, actor, q, limit) {
      const catalog = await loadCatalog(db, actor, leadType);
      const rank = catalog.hidden.has('name') ? sql`0` : sql`similarity(${l.name}, ${q})`;
      const found = (await db
        .select(leadSelect)
        .from(l)
        .where(sql`${visibleLeads(actor)} AND ${leadSearch(catalog, q)}`)
        .orderBy(sql`${rank} DESC`, sql`${l.updatedAt} DESC`)
        .limit(limit)) as LeadSelected[];
      return found.map((row) => {
        const r = present(actor, row, 'list');
        const subtitle = [r.number, r.company, r.mobile, r.ownerName].filter((x) => typeof x === 'string' && x).join(' · ');
        return { id: r.id, title: typeof r.name === 'string' ? r.name : String(r.number ?? r.id), subtitle: subtitle || null };
      });
    },
  });
}
