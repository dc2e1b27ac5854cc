import { sql } from 'drizzle-orm';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { registerSearchProvider } from '../search/registry.ts';
import { customerType } from './fields.ts';
import { customers as c } from './schema.ts';
import { customerSearch, customerSelect, present, visibleCustomers, type CustomerSelected } from './service.ts';

/**
 * Customers in global search: the list's quick search, ranked by name similarity (pg_trgm) with
 * exact number/phone/email hits first. Items are presented like list rows, so masking and hidden
 * fields behave the same here as in the list.
 */
export function registerCustomerSearch(): void {
  registerSearchProvider({
    recordType: 'customer',
    order: 10,
    async search(db, actor, q, limit) {
      const catalog = await loadCatalog(db, actor, customerType);
      const rank = catalog.hidden.has('name') ? sql`0` : sql`similarity(${c.name}, ${q})`;
      const found = (await db
        .select(customerSelect)
        .from(c)
        .where(sql`${visibleCustomers(actor)} AND ${customerSearch(catalog, q)}`)
        .orderBy(sql`${rank} DESC`, sql`${c.updatedAt} DESC`)
        .limit(limit)) as CustomerSelected[];
      return found.map((row) => {
        const r = present(actor, row, 'list');
        const subtitle = [r.number, r.phone, r.ownerName].filter((x) => typeof x === 'string' && x).join(' · ');
        return { id: r.id, title: typeof r.name === 'string' ? r.name : String(r.number ?? r.id), subtitle: subtitle || null };
      });
    },
  });
}
