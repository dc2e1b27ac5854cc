import { sql } from 'drizzle-orm';
import { loadCatalog } from '../../platform/records/customFields.ts';
import { registerSearchProvider } from '../search/registry.ts';
import { contactType } from './fields.ts';
import { contacts as k } from './schema.ts';
import { contactSearch, contactSelect, present, visibleContacts, type ContactSelected } from './service.ts';

/** Contacts in global search, presented like list rows (masking and hidden fields as in the list). */
export function registerContactSearch(): void {
  registerSearchProvider({
    recordType: 'contact',
    order: 20,
    async search(db, actor, q, limit) {
      const catalog = await loadCatalog(db, actor, contactType);
      const rank = catalog.hidden.has('name') ? sql`0` : sql`similarity(${k.name}, ${q})`;
      const found = (await db
        .select(contactSelect)
        .from(k)
        .where(sql`${visibleContacts(actor)} AND ${contactSearch(catalog, q)}`)
        .orderBy(sql`${rank} DESC`, sql`${k.updatedAt} DESC`)
        .limit(limit)) as ContactSelected[];
      return found.map((row) => {
        const r = present(actor, row, 'list');
        const subtitle = [r.customerName, r.title, r.mobile].filter((x) => typeof x === 'string' && x).join(' · ');
        return { id: r.id, title: typeof r.name === 'string' ? r.name : String(r.number ?? r.id), subtitle: subtitle || null };
      });
    },
  });
}
