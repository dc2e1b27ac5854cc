/** Payment records as approvables (回款确认 = finance confirms) and printables (收款收据). */
import { sql } from 'drizzle-orm';
import { chineseUppercaseMoney, displayMoney } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { notFound } from '../../platform/http/errors.ts';
import { registerApprovable } from '../approvals/registry.ts';
import { registerPrintLoader } from '../printTemplates/print.ts';
import { fen } from './contractAmounts.ts';
import { methodLabel, PAYMENT_STATUS_OPTIONS } from './fields.ts';
import { assertPaymentSubmittable, describePayment, findVisiblePayment, onPaymentApproval } from './records.ts';

export function registerPaymentApprovable(): void {
  registerApprovable({
    recordType: 'payment',
    describe: describePayment,
    assertSubmittable: (tx, actor, id) => assertPaymentSubmittable(tx, actor.tenantId, id),
    onStatus: (tx, tenantId, id, status, change) => onPaymentApproval(tx, tenantId, id, status, change.src),
  });
}

/** 收款收据: what a payment receipt template sees (amount in figures and 大写). */
export async function loadPaymentReceipt(db: Db, actor: Actor, id: string) {
  const rec = await findVisiblePayment(db, actor, id);
  if (!rec) throw notFound('payment');
  const extra = await one<{ org: string; signed: string | null; contract_amount: string; received: string }>(db, sql`
    SELECT t.name AS org, (SELECT u.name FROM users u WHERE u.id = r.created_by) AS signed, c.amount::text AS contract_amount, c.received_amount::text AS received
      FROM payment_records r JOIN tenants t ON t.id = r.tenant_id JOIN contracts c ON c.id = r.contract_id WHERE r.id = ${id}`);
  const amount = fen(rec.amount);
  const outstanding = fen(extra?.contract_amount) - fen(extra?.received);
  const fields: Record<string, string> = {
    number: rec.number ?? '',
    customerName: String(rec.customerName ?? ''),
    payerName: String(rec.payerName ?? rec.customerName ?? ''),
    payerAccount: String(rec.payerAccount ?? ''),
    contractNumber: String(rec.contractNumber ?? ''),
    contractName: String(rec.contractName ?? ''),
    planInstalment: rec.planInstalment ? `第 ${rec.planInstalment} 期` : '',
    paidOn: rec.paidOn,
    amount: displayMoney(amount),
    amountUpper: chineseUppercaseMoney(amount),
    method: methodLabel(String(rec.method)),
    status: PAYMENT_STATUS_OPTIONS.find((o) => o.value === rec.status)?.label ?? String(rec.status),
    contractAmount: displayMoney(fen(extra?.contract_amount)),
    contractOutstanding: displayMoney(outstanding),
    ownerName: String(rec.ownerName ?? ''),
    createdByName: extra?.signed ?? '',
    orgName: extra?.org ?? '',
    remark: String(rec.remark ?? ''),
  };
  return { title: '收款收据', fields, lines: [] };
}

export function registerPaymentPrint(): void {
  registerPrintLoader('payment', loadPaymentReceipt);
}
