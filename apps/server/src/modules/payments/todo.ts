/** To-do centre: payments overdue (回款逾期) and due within a week (即将到期回款) — mine, or all I oversee as finance. */
import { sql } from 'drizzle-orm';
import { addDateDays, displayMoney, zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';
import { isFinance } from './access.ts';
import { fen } from './contractAmounts.ts';
import { planLink } from './jobs.ts';
import { visiblePlans } from './plans.ts';
import { paymentPlans as p } from './schema.ts';

async function collect(db: Db, actor: Actor, kind: 'overdue' | 'dueSoon', now: Date, limit: number): Promise<TodoGroup | null> {
  if (!can(actor.perms, 'paymentPlan', 'view')) return null;
  const today = zonedDate(now, actor.timeZone);
  const mine = isFinance(actor, 'paymentPlan') ? sql`true` : sql`${p.ownerId} = ${actor.userId}`;
  const when = kind === 'overdue'
    ? sql`${p.status} = 'overdue'`
    : sql`${p.status} IN ('pending', 'partial') AND ${p.dueDate} >= ${today}::date AND ${p.dueDate} <= ${addDateDays(today, 7)}::date`;
  const found = await rows<{ id: string; number: string | null; due_date: string; amount: string; received_amount: string; customer: string | null; n: number }>(db, sql`
    SELECT ${p.id} AS id, ${p.number} AS number, ${p.dueDate}::text AS due_date, ${p.amount}::text AS amount, ${p.receivedAmount}::text AS received_amount,
           (SELECT name FROM customers WHERE id = ${p.customerId}) AS customer, count(*) OVER ()::int AS n
      FROM ${p} WHERE ${visiblePlans(actor)} AND ${mine} AND ${when} ORDER BY ${p.dueDate} ASC, ${p.id} LIMIT ${limit}`);
  if (!found.length) return null;
  const overdue = kind === 'overdue';
  return {
    key: overdue ? 'payments.overdue' : 'payments.dueSoon',
    title: overdue ? '逾期回款' : '即将到期回款',
    titleEn: overdue ? 'Overdue payments' : 'Payments due soon',
    total: Number(found[0]!.n),
    items: found.map((x) => ({
      id: x.id,
      title: `${x.customer ?? ''} ${displayMoney(fen(x.amount) - fen(x.received_amount))}`.trim(),
      subtitle: `${x.number ?? ''} · ${x.due_date}`,
      link: planLink(x.id),
      dueAt: new Date(`${x.due_date}T00:00:00Z`).toISOString(),
      urgent: overdue || x.due_date <= addDateDays(today, 1),
    })),
  };
}

export function registerPaymentTodo(): void {
  registerTodoProvider({ key: 'payments.overdue', order: 20, collect: (db, actor, { now, limit }) => collect(db, actor, 'overdue', now, limit) });
  registerTodoProvider({ key: 'payments.dueSoon', order: 21, collect: (db, actor, { now, limit }) => collect(db, actor, 'dueSoon', now, limit) });
}
