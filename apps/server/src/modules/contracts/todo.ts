/** To-do centre: my approved contracts ending within their reminder window (合同即将到期). */
import { sql } from 'drizzle-orm';
import { zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';

/** Days before end_date a contract is "expiring" when remind_days_before is not set. */
export const DEFAULT_REMIND_DAYS = 30;

/** SQL condition: approved, live, and today ≥ end_date − remind days (ended ones included, until voided or renewed). */
export function expiringSql(today: string) {
  return sql`c.status = 'approved' AND c.deleted_at IS NULL AND c.end_date IS NOT NULL
    AND c.end_date >= ${today}::date - 30 AND ${today}::date >= c.end_date - COALESCE(c.remind_days_before, ${DEFAULT_REMIND_DAYS})`;
}

export async function expiringContracts(db: Db, actor: Actor, now: Date, limit: number): Promise<TodoGroup | null> {
  if (!can(actor.perms, 'contract', 'view')) return null;
  const today = zonedDate(now, actor.timeZone);
  const found = await rows<{ id: string; name: string; number: string | null; end_date: string; customer_name: string | null; n: number }>(db, sql`
    SELECT c.id, c.name, c.number, c.end_date::text AS end_date, (SELECT cu.name FROM customers cu WHERE cu.id = c.customer_id) AS customer_name,
           count(*) OVER ()::int AS n
      FROM contracts c
     WHERE c.tenant_id = ${actor.tenantId} AND c.owner_id = ${actor.userId} AND ${expiringSql(today)}
     ORDER BY c.end_date ASC, c.id LIMIT ${limit}`);
  if (!found.length) return null;
  return {
    key: 'contracts.expiring',
    title: '即将到期的合同',
    titleEn: 'Contracts expiring',
    total: Number(found[0]!.n),
    items: found.map((c) => ({
      id: c.id,
      title: [c.name, c.number].filter(Boolean).join(' '),
      subtitle: c.customer_name,
      link: `/contracts/${c.id}`,
      dueAt: new Date(`${c.end_date}T00:00:00Z`).toISOString(),
      urgent: c.end_date <= today || Date.parse(c.end_date) - Date.parse(today) <= 7 * 86400_000,
    })),
  };
}

export function registerContractTodo(): void {
  registerTodoProvider({ key: 'contracts.expiring', order: 40, collect: (db, actor, { now, limit }) => expiringContracts(db, actor, now, limit) });
}
