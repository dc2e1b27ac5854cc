/**
 * The payment-plan job: plans past their due date (a day in the tenant's time zone) and not fully
 * received become overdue, and their owner and the tenant's finance users are told once
 * (overdue_notified_at, claimed in the statement that selects, so a re-run or a second instance
 * finds nothing left); plans due within their "remind days before" remind their owner once.
 *
 * It runs hourly (pg-boss cron) rather than once a day: each tenant's day starts at its own
 * midnight, so an hourly pass turns plans overdue within an hour of the tenant's midnight. A pass
 * missed while the app was down is caught up by the next one.
 */
import { sql } from 'drizzle-orm';
import { displayMoney, zonedDate } from '@loopline/shared';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fen, lockContractAmounts, refreshContractAmounts } from './contractAmounts.ts';

export const PAYMENT_PLAN_JOB = 'payments.plans';

export const planLink = (id: string) => `/payment-plans/${id}`;

interface Claimed { id: string; tenant_id: string; number: string | null; owner_id: string | null; amount: string; received_amount: string; due_date: string; customer: string | null; contract: string | null }

/** One pass at `now` (tests pass their clock); answers what it did. */
export async function runPaymentPlanJob(ctx: Pick<AppContext, 'db' | 'notifier' | 'log'>, now = new Date()): Promise<{ overdue: number; notified: number; reminded: number }> {
  const tenants = await ctx.db.asSystem((db) => rows<{ id: string; time_zone: string }>(db, sql`
    SELECT t.id, t.time_zone FROM tenants t WHERE EXISTS (SELECT 1 FROM payment_plans p WHERE p.tenant_id = t.id AND p.deleted_at IS NULL AND p.status IN ('pending', 'partial', 'overdue'))`));
  let overdue = 0, notified = 0, reminded = 0;
  for (const t of tenants) {
    const today = zonedDate(now, t.time_zone);
    // statuses through refreshContractAmounts, under each contract's lock (the one path that sets them)
    const contracts = await ctx.db.asSystem((db) => rows<{ contract_id: string }>(db, sql`
      SELECT DISTINCT contract_id FROM payment_plans WHERE tenant_id = ${t.id} AND deleted_at IS NULL AND status IN ('pending', 'partial') AND due_date < ${today}::date`));
    for (const c of contracts) {
      await ctx.db.asSystem((db) => inTransaction(db, async (tx) => {
        await lockContractAmounts(tx, t.id, c.contract_id);
        await refreshContractAmounts(tx, t.id, c.contract_id, now);
      }, t.id));
      overdue++;
    }
    const claimed = await ctx.db.asSystem((db) => rows<Claimed>(db, sql`
      UPDATE payment_plans p SET overdue_notified_at = ${now.toISOString()}::timestamptz
       WHERE p.tenant_id = ${t.id} AND p.status = 'overdue' AND p.overdue_notified_at IS NULL AND p.deleted_at IS NULL
      RETURNING p.id, p.tenant_id, p.number, p.owner_id, p.amount::text AS amount, p.received_amount::text AS received_amount, p.due_date::text AS due_date,
        (SELECT name FROM customers WHERE id = p.customer_id) AS customer, (SELECT name FROM contracts WHERE id = p.contract_id) AS contract`));
    if (claimed.length) {
      const finance = await ctx.db.asSystem((db) => rows<{ id: string }>(db, sql`
        SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
         WHERE u.tenant_id = ${t.id} AND u.status = 'active' AND r.key = 'finance'`));
      for (const p of claimed) {
        const open = displayMoney(fen(p.amount) - fen(p.received_amount));
        const to = new Set([...(p.owner_id ? [p.owner_id] : []), ...finance.map((f) => f.id)]);
        for (const userId of to) {
          await ctx.notifier.notify({
            tenantId: t.id, userId, kind: 'paymentOverdue', link: planLink(p.id),
            title: `回款逾期：${p.customer ?? ''} ${p.number ?? ''}`.trim(),
            body: `合同「${p.contract ?? ''}」计划回款日期 ${p.due_date}，未回款 ${open}`,
          }).catch((err) => ctx.log.warn({ err, planId: p.id }, 'overdue notice failed'));
          notified++;
        }
      }
    }
    const due = await ctx.db.asSystem((db) => rows<Claimed>(db, sql`
      UPDATE payment_plans p SET reminded_at = ${now.toISOString()}::timestamptz
       WHERE p.tenant_id = ${t.id} AND p.status IN ('pending', 'partial') AND p.reminded_at IS NULL AND p.deleted_at IS NULL
         AND p.due_date >= ${today}::date AND p.due_date - p.remind_days_before <= ${today}::date
      RETURNING p.id, p.tenant_id, p.number, p.owner_id, p.amount::text AS amount, p.received_amount::text AS received_amount, p.due_date::text AS due_date,
        (SELECT name FROM customers WHERE id = p.customer_id) AS customer, (SELECT name FROM contracts WHERE id = p.contract_id) AS contract`));
    for (const p of due) {
      if (!p.owner_id) continue;
      await ctx.notifier.notify({
        tenantId: t.id, userId: p.owner_id, kind: 'paymentDue', link: planLink(p.id),
        title: `回款到期提醒：${p.customer ?? ''} ${p.number ?? ''}`.trim(),
        body: `合同「${p.contract ?? ''}」将于 ${p.due_date} 到期回款 ${displayMoney(fen(p.amount) - fen(p.received_amount))}`,
      }).catch((err) => ctx.log.warn({ err, planId: p.id }, 'due reminder failed'));
      reminded++;
    }
  }
  return { overdue, notified, reminded };
}

export async function registerPaymentPlanJob(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(PAYMENT_PLAN_JOB, async () => {
    await runPaymentPlanJob(ctx);
  });
  await ctx.jobs.schedule(PAYMENT_PLAN_JOB, '5 * * * *');
}
