/**
 * To-do centre: "今日跟进 / Follow-ups due today" — leads, customers and contacts I own whose next
 * follow-up time is today or already past (overdue first), each linking to its record.
 */
import { sql, type SQL } from 'drizzle-orm';
import { startOfZonedDay, zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';

const PATH = { lead: '/leads', customer: '/customers', contact: '/contacts' } as const;
type DueType = keyof typeof PATH;

interface Due { record_type: DueType; id: string; title: string; subtitle: string | null; next_followup_at: Date | string }

/** The first instant of tomorrow in the user's zone: everything before it is due. */
export function endOfToday(now: Date, timeZone: string): Date {
  const [y, m, d] = zonedDate(now, timeZone).split('-').map(Number) as [number, number, number];
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return new Date(startOfZonedDay(tomorrow, timeZone));
}

function dueQuery(recordType: DueType, actor: Actor, until: Date): SQL {
  const tenant = actor.tenantId;
  const common = sql`tenant_id = ${tenant} AND owner_id = ${actor.userId} AND deleted_at IS NULL AND next_followup_at IS NOT NULL AND next_followup_at < ${until.toISOString()}::timestamptz`;
  switch (recordType) {
    case 'lead':
      // converted and invalid leads are done with
      return sql`SELECT 'lead'::text AS record_type, id::text AS id, name || coalesce(' · ' || company, '') AS title, number AS subtitle, next_followup_at
        FROM leads WHERE ${common} AND status NOT IN ('converted', 'invalid')`;
    case 'customer':
      return sql`SELECT 'customer'::text AS record_type, id::text AS id, name AS title, number AS subtitle, next_followup_at FROM customers WHERE ${common}`;
    case 'contact':
      return sql`SELECT 'contact'::text AS record_type, c.id::text AS id, c.name AS title, (SELECT cu.name FROM customers cu WHERE cu.id = c.customer_id) AS subtitle, c.next_followup_at
        FROM contacts c WHERE ${common}`;
  }
}

/** My records due for a follow-up by the end of today, earliest first. */
export async function dueFollowups(db: Db, actor: Actor, now: Date, limit: number): Promise<{ total: number; items: Due[] }> {
  const until = endOfToday(now, actor.timeZone);
  const parts = (Object.keys(PATH) as DueType[]).filter((t) => can(actor.perms, t, 'view')).map((t) => dueQuery(t, actor, until));
  if (!parts.length) return { total: 0, items: [] };
  const all = sql.join(parts.map((p) => sql`(${p})`), sql` UNION ALL `);
  const [counted] = await rows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM (${all}) AS due`);
  const items = await rows<Due>(db, sql`SELECT * FROM (${all}) AS due ORDER BY next_followup_at, id LIMIT ${limit}`);
  return { total: Number(counted?.n ?? 0), items };
}

export function registerFollowupTodo(): void {
  registerTodoProvider({
    key: 'followups.due',
    order: 10,
    async collect(db, actor, { now, limit }): Promise<TodoGroup | null> {
      const { total, items } = await dueFollowups(db, actor, now, limit);
      if (!total) return null;
      const en = actor.locale === 'en';
      const today = zonedDate(now, actor.timeZone);
      const when = (d: Date) => new Intl.DateTimeFormat(en ? 'en-GB' : 'zh-CN', { timeZone: actor.timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
      return {
        key: 'followups.due',
        title: '今日跟进',
        titleEn: 'Follow-ups due today',
        total,
        items: items.map((r) => {
          const at = new Date(r.next_followup_at);
          const overdue = zonedDate(at, actor.timeZone) < today;
          const label = overdue ? (en ? `Overdue · ${when(at)}` : `已逾期 · ${when(at)}`) : (en ? `Today · ${when(at)}` : `今天 · ${when(at)}`);
          return {
            id: `${r.record_type}:${r.id}`,
            title: r.title,
            subtitle: r.subtitle ? `${label} · ${r.subtitle}` : label,
            link: `${PATH[r.record_type]}/${r.id}`,
            dueAt: at.toISOString(),
            urgent: overdue || at.getTime() <= now.getTime(),
          };
        }),
      };
    },
  });
}
