import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider } from '../todo/registry.ts';
import { leads as l } from './schema.ts';

/** First contact is expected within a day of getting a lead (PRODUCT.md, follow-up discipline). */
const FIRST_CONTACT_MS = 24 * 3600_000;

/**
 * To-do centre: new leads given to me that nobody has contacted yet, newest first (index
 * leads_tenant_owner_uncontacted). Due a day after I got them; urgent once less than a day is left.
 */
export function registerLeadTodo(): void {
  registerTodoProvider({
    key: 'leads.uncontacted',
    order: 20,
    async collect(db, actor, { now, limit }) {
      if (!can(actor.perms, 'lead', 'view')) return null;
      const mine = and(eq(l.tenantId, actor.tenantId), eq(l.ownerId, actor.userId), isNull(l.deletedAt), eq(l.status, 'new'), isNull(l.firstContactedAt));
      const [total] = await db.select({ n: count() }).from(l).where(mine);
      if (!total?.n) return null;
      const found = await db
        .select({ id: l.id, name: l.name, company: l.company, number: l.number, since: sql<Date | string | null>`COALESCE(${l.ownerSince}, ${l.createdAt})` })
        .from(l).where(mine).orderBy(sql`${l.ownerSince} DESC NULLS LAST`, desc(l.id)).limit(limit);
      return {
        key: 'leads.uncontacted',
        title: '新分配待联系的线索',
        titleEn: 'New leads to contact',
        total: Number(total.n),
        items: found.map((r) => {
          const due = new Date(new Date(r.since ?? now).getTime() + FIRST_CONTACT_MS);
          return {
            id: r.id,
            title: r.company ? `${r.name} · ${r.company}` : r.name,
            subtitle: r.number,
            link: `/leads/${r.id}`,
            dueAt: due.toISOString(),
            urgent: due.getTime() - now.getTime() < FIRST_CONTACT_MS,
          };
        }),
      };
    },
  });
}
