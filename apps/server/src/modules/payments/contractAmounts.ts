/**
 * A contract's received and invoiced amounts are sums, never counters: received = confirmed payment
 * records, invoiced = approved or issued invoices. Recomputed with the contract row locked in the
 * transaction that changed a payment or invoice, so concurrent payments cannot over-collect.
 *
 * All arithmetic is in integer fen (packages/shared/src/money.ts); the database holds numeric(14,2).
 */
import { sql } from 'drizzle-orm';
import { formatMoney, parseMoney, planStatus, zonedDate } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { notFound } from '../../platform/http/errors.ts';

/** numeric from the driver (string on node-postgres and PGlite) → fen */
export const fen = (v: unknown): number => (v === null || v === undefined ? 0 : parseMoney(String(v)));

/** Locks the contract row (FOR UPDATE) and returns amount / received / invoiced in fen. */
export async function lockContractAmounts(tx: Db, tenantId: string, contractId: string): Promise<{ amount: number; received: number; invoiced: number; status: string; customerId: string; ownerId: string | null }> {
  const row = await one<{ amount: string; received_amount: string; invoiced_amount: string; status: string; customer_id: string; owner_id: string | null }>(tx, sql`
    SELECT amount, received_amount, invoiced_amount, status, customer_id, owner_id FROM contracts
     WHERE id = ${contractId} AND tenant_id = ${tenantId} AND deleted_at IS NULL FOR UPDATE`);
  if (!row) throw notFound('contract');
  return { amount: fen(row.amount), received: fen(row.received_amount), invoiced: fen(row.invoiced_amount), status: row.status, customerId: row.customer_id, ownerId: row.owner_id };
}

/** The tenant's calendar day at `now` (YYYY-MM-DD): due dates are days in the tenant's zone. */
export async function tenantToday(tx: Db, tenantId: string, now = new Date()): Promise<string> {
  const t = await one<{ time_zone: string }>(tx, sql`SELECT time_zone FROM tenants WHERE id = ${tenantId}`);
  return zonedDate(now, t?.time_zone ?? 'Asia/Shanghai');
}

/**
 * How a contract's confirmed money lands on its plans: a record against a plan counts for that plan;
 * records against the contract alone (or a voided plan) fill the live plans in instalment order.
 */
export function allocateToPlans(plans: { id: string; amount: number; direct: number }[], unassigned: number): Map<string, number> {
  const out = new Map<string, number>();
  let left = unassigned;
  for (const p of plans) {
    const room = Math.max(0, p.amount - p.direct);
    const take = Math.min(room, left);
    left -= take;
    out.set(p.id, Math.min(p.amount, p.direct + take));
  }
  return out;
}

/** Recomputes contracts.received_amount / invoiced_amount and the payment plans' statuses. */
export async function refreshContractAmounts(tx: Db, tenantId: string, contractId: string, now = new Date()): Promise<void> {
  const sums = await one<{ received: string | null; invoiced: string | null }>(tx, sql`
    SELECT (SELECT COALESCE(sum(amount), 0) FROM payment_records WHERE tenant_id = ${tenantId} AND contract_id = ${contractId} AND status = 'confirmed' AND deleted_at IS NULL) AS received,
           (SELECT COALESCE(sum(amount), 0) FROM invoices WHERE tenant_id = ${tenantId} AND contract_id = ${contractId} AND status IN ('approved', 'issued') AND deleted_at IS NULL) AS invoiced`);
  const received = fen(sums?.received);
  const invoiced = fen(sums?.invoiced);
  await tx.execute(sql`UPDATE contracts SET received_amount = ${formatMoney(received)}::numeric, invoiced_amount = ${formatMoney(invoiced)}::numeric, updated_at = now()
    WHERE id = ${contractId} AND tenant_id = ${tenantId}`);

  const plans = await rows<{ id: string; amount: string; due_date: string; status: string; received_amount: string; direct: string | null }>(tx, sql`
    SELECT p.id, p.amount, p.due_date::text AS due_date, p.status, p.received_amount,
           (SELECT COALESCE(sum(r.amount), 0) FROM payment_records r WHERE r.plan_id = p.id AND r.status = 'confirmed' AND r.deleted_at IS NULL) AS direct
      FROM payment_plans p WHERE p.tenant_id = ${tenantId} AND p.contract_id = ${contractId} AND p.deleted_at IS NULL
     ORDER BY p.instalment FOR UPDATE OF p`);
  if (!plans.length) return;
  const live = plans.filter((p) => p.status !== 'void').map((p) => ({ id: p.id, amount: fen(p.amount), direct: fen(p.direct), row: p }));
  const assigned = live.reduce((s, p) => s + p.direct, 0);
  const perPlan = allocateToPlans(live, Math.max(0, received - assigned));
  const today = await tenantToday(tx, tenantId, now);
  for (const p of live) {
    const got = perPlan.get(p.id) ?? 0;
    const status = planStatus({ amount: p.amount, received: got, dueDate: p.row.due_date }, today);
    if (status === p.row.status && got === fen(p.row.received_amount)) continue;
    await tx.execute(sql`UPDATE payment_plans SET received_amount = ${formatMoney(got)}::numeric, status = ${status}, updated_at = now() WHERE id = ${p.id}`);
  }
}
