/**
 * Demo payment plans, payments, invoices and billing profiles for the approved demo contracts:
 * 2–3 instalments each, spread around today so some are overdue, some partly or fully received
 * (confirmed records inserted directly as history, then refreshContractAmounts), a couple of
 * payments and one invoice waiting for finance (through submitForApproval and the published
 * 回款确认 / 发票审批 flows), invoices issued, approved and drafted. Bulk inserts.
 */
import { sql } from 'drizzle-orm';
import { addDateDays, formatMoney, parseMoney, unifiedCreditCheckChar, zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import { submitForApproval } from '../approvals/service.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { demoActor } from '../demo/actor.ts';
import { refreshContractAmounts } from './contractAmounts.ts';
import { evenSplit } from './plans.ts';

const METHODS = ['bankTransfer', 'bankTransfer', 'bankTransfer', 'alipay', 'cheque', 'wechatPay', 'online', 'cash'];
const BANKS = ['中国工商银行', '中国建设银行', '招商银行', '中国银行', '兴业银行', '交通银行'];
const ORG_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';


/** A valid unified social credit code for the i-th demo customer (GB 32100-2015 check character). */
export function demoTaxNumber(i: number): string {
  let org = '';
  let n = 7919 * (i + 13);
  for (let k = 0; k < 9; k++) {
    org += ORG_CHARS[n % 31];
    n = Math.floor(n / 31) + 17 * (k + i + 1);
  }
  const first17 = `91${['350100', '330100', '440300', '310000', '110000'][i % 5]}${org}`;
  return first17 + unifiedCreditCheckChar(first17);
}

type Status = 'confirmed' | 'draft';

export async function seedDemoPayments(db: Db, org: DemoOrg): Promise<void> {
  const t = org.tenantId;
  const tz = (await rows<{ tz: string }>(db, sql`SELECT time_zone AS tz FROM tenants WHERE id = ${t}`))[0]?.tz ?? 'Asia/Shanghai';
  const now = new Date();
  const today = zonedDate(now, tz);
  const contracts = await rows<{ id: string; number: string | null; amount: string; customer_id: string; owner_id: string | null; customer: string }>(db, sql`
    SELECT c.id::text AS id, c.number, c.amount::text AS amount, c.customer_id::text AS customer_id, c.owner_id::text AS owner_id, cu.name AS customer
      FROM contracts c JOIN customers cu ON cu.id = c.customer_id
     WHERE c.tenant_id = ${t} AND c.deleted_at IS NULL AND c.status = 'approved' AND c.amount >= 100 ORDER BY c.created_at, c.id LIMIT 60`);
  if (!contracts.length) return;
  const finance = org.usersByKey.finance ?? null;

  // ---- plans
  interface Plan { contract: number; instalment: number; amount: number; due: string }
  const plans: Plan[] = [];
  contracts.forEach((c, ci) => {
    const n = 2 + (ci % 2);
    const start = addDateDays(today, -150 + ((ci * 11) % 120));
    evenSplit(parseMoney(c.amount), n).forEach((amount, k) => plans.push({ contract: ci, instalment: k + 1, amount, due: addDateDays(start, k * 60) }));
  });
  const planIds = await rows<{ id: string }>(db, sql`INSERT INTO payment_plans (tenant_id, number, contract_id, customer_id, instalment, amount, due_date, remind_days_before, owner_id, created_by, overdue_notified_at)
    SELECT ${t}::uuid, x.number, x.contract_id::uuid, x.customer_id::uuid, x.instalment, x.amount::numeric, x.due_date::date, x.remind, x.owner_id::uuid, x.owner_id::uuid,
           CASE WHEN x.due_date::date < ${today}::date THEN now() END
      FROM jsonb_to_recordset(${JSON.stringify(plans.map((p) => {
        const c = contracts[p.contract]!;
        return { number: `${c.number ?? 'HT'}-${p.instalment}`, contract_id: c.id, customer_id: c.customer_id, instalment: p.instalment, amount: formatMoney(p.amount), due_date: p.due, remind: [3, 5, 7][p.contract % 3], owner_id: c.owner_id };
      }))}::jsonb) AS x(number text, contract_id text, customer_id text, instalment int, amount text, due_date text, remind int, owner_id text)
    RETURNING id::text AS id`);

  // ---- payment history: per contract, how much of its plans has come in
  interface Pay { contract: number; plan: number | null; amount: number; paidOn: string; status: Status }
  const pays: Pay[] = [];
  plans.forEach((p, pi) => {
    const mode = p.contract % 5; // 0 nothing, 1 first paid, 2 first + half the second, 3 all due paid, 4 first partly
    const pastDue = p.due <= today;
    const paidOn = (d: string) => (d > today ? addDateDays(today, -1) : addDateDays(d, -((p.contract + p.instalment) % 6)));
    let amount = 0;
    if (mode === 1 && p.instalment === 1) amount = p.amount;
    if (mode === 2 && p.instalment === 1) amount = p.amount;
    if (mode === 2 && p.instalment === 2) amount = Math.floor(p.amount / 2);
    if (mode === 3 && (pastDue || p.instalment === 1)) amount = p.amount;
    if (mode === 4 && p.instalment === 1) amount = Math.floor(p.amount * 0.4);
    if (amount > 0) pays.push({ contract: p.contract, plan: pi, amount, paidOn: paidOn(p.due), status: 'confirmed' });
  });
  // two payments waiting for finance: the next instalment of two contracts with money left
  const waiting: Pay[] = [];
  for (const ci of [1, 6]) {
    const next = plans.findIndex((p) => p.contract === ci && p.instalment === 2);
    if (next >= 0 && ci < contracts.length) waiting.push({ contract: ci, plan: next, amount: Math.min(plans[next]!.amount, 500_000), paidOn: addDateDays(today, -1), status: 'draft' });
  }
  const allPays = [...pays, ...waiting];
  const numbers = await nextNumbers(db, t, 'payment', allPays.length, now, tz);
  const payIds = await rows<{ id: string }>(db, sql`INSERT INTO payment_records (tenant_id, number, contract_id, plan_id, customer_id, paid_on, amount, method, status, payer_name, payer_account, confirmed_at, owner_id, created_by, remark)
    SELECT ${t}::uuid, x.number, x.contract_id::uuid, x.plan_id::uuid, x.customer_id::uuid, x.paid_on::date, x.amount::numeric, x.method, x.status, x.payer_name, x.payer_account,
           CASE WHEN x.status = 'confirmed' THEN x.paid_on::date + interval '1 day' + interval '10 hours' END, x.owner_id::uuid, x.owner_id::uuid, x.remark
      FROM jsonb_to_recordset(${JSON.stringify(allPays.map((p, i) => {
        const c = contracts[p.contract]!;
        return {
          number: numbers[i], contract_id: c.id, plan_id: p.plan === null ? null : planIds[p.plan]!.id, customer_id: c.customer_id, paid_on: p.paidOn, amount: formatMoney(p.amount),
          method: METHODS[i % METHODS.length], status: p.status, payer_name: c.customer, payer_account: `6222 0${String(100000 + i * 7919).slice(-6)} ${String(1000 + i).slice(-4)}`,
          owner_id: c.owner_id, remark: p.status === 'draft' ? '客户已转账，请财务确认到账' : null,
        };
      }))}::jsonb) AS x(number text, contract_id text, plan_id text, customer_id text, paid_on text, amount text, method text, status text, payer_name text, payer_account text, owner_id text, remark text)
    RETURNING id::text AS id`);

  // ---- invoices for the first contracts: issued, approved, draft, one rejected
  interface Inv { contract: number; amount: number; status: 'issued' | 'approved' | 'draft' | 'rejected'; kind: string }
  const invs: Inv[] = [];
  contracts.slice(0, 14).forEach((c, ci) => {
    const amount = parseMoney(c.amount);
    const statuses: Inv['status'][] = ['issued', 'issued', 'approved', 'draft', 'issued', 'rejected', 'issued'];
    invs.push({ contract: ci, amount: Math.floor(amount * (ci % 3 === 0 ? 1 : 0.5)), status: statuses[ci % statuses.length]!, kind: ci % 4 === 1 ? 'ordinaryVat' : 'specialVat' });
  });
  const invNumbers = await nextNumbers(db, t, 'invoice', invs.length + 1, now, tz);
  await db.execute(sql`INSERT INTO invoices (tenant_id, number, contract_id, customer_id, amount, invoice_type, title_type, title, tax_number, bank_name, bank_account, address, phone,
      mail_recipient, mail_phone, mail_address, status, invoice_no, invoiced_on, owner_id, created_by)
    SELECT ${t}::uuid, x.number, x.contract_id::uuid, x.customer_id::uuid, x.amount::numeric, x.kind, 'company', x.title, x.tax, x.bank, x.account, x.address, x.phone,
           x.recipient, x.mail_phone, x.address, x.status, x.invoice_no, x.invoiced_on::date, x.owner_id::uuid, x.owner_id::uuid
      FROM jsonb_to_recordset(${JSON.stringify(invs.map((v, i) => {
        const c = contracts[v.contract]!;
        return {
          number: invNumbers[i], contract_id: c.id, customer_id: c.customer_id, amount: formatMoney(v.amount), kind: v.kind, title: c.customer, tax: demoTaxNumber(v.contract),
          bank: BANKS[i % BANKS.length], account: `${6000 + i}0100${String(100000 + i * 613).slice(-6)}`, address: `福州市鼓楼区五四路 ${100 + i} 号`, phone: `0591-8765${String(1000 + i).slice(-4)}`,
          recipient: '财务部 林女士', mail_phone: `139059${String(10000 + i).slice(-5)}`, status: v.status,
          invoice_no: v.status === 'issued' ? `${24352000000000000000n + BigInt(i * 7717)}` : null, invoiced_on: v.status === 'issued' ? addDateDays(today, -(10 + i * 3)) : null, owner_id: c.owner_id,
        };
      }))}::jsonb) AS x(number text, contract_id text, customer_id text, amount text, kind text, title text, tax text, bank text, account text, address text, phone text,
        recipient text, mail_phone text, status text, invoice_no text, invoiced_on text, owner_id text)`);

  // ---- billing profiles for those customers (one default each)
  const seen = new Set<string>();
  const profiles = contracts.slice(0, 20).flatMap((c, ci) => {
    if (seen.has(c.customer_id)) return [];
    seen.add(c.customer_id);
    return [{ customer_id: c.customer_id, title: c.customer, tax: demoTaxNumber(ci), bank: BANKS[ci % BANKS.length], account: `${6000 + ci}0100${String(100000 + ci * 613).slice(-6)}`, address: `福州市鼓楼区五四路 ${100 + ci} 号`, phone: `0591-8765${String(1000 + ci).slice(-4)}` }];
  });
  await db.execute(sql`INSERT INTO customer_billing_profiles (tenant_id, customer_id, title_type, title, tax_number, bank_name, bank_account, address, phone, is_default)
    SELECT ${t}::uuid, x.customer_id::uuid, 'company', x.title, x.tax, x.bank, x.account, x.address, x.phone, true
      FROM jsonb_to_recordset(${JSON.stringify(profiles)}::jsonb) AS x(customer_id text, title text, tax text, bank text, account text, address text, phone text)`);

  for (const c of contracts) await refreshContractAmounts(db, t, c.id, now);

  // ---- waiting for finance: submitted through the published 回款确认 flow
  for (let i = 0; i < waiting.length; i++) {
    const id = payIds[pays.length + i]!.id;
    const ownerId = contracts[waiting[i]!.contract]!.owner_id ?? finance;
    if (!ownerId) continue;
    await submitForApproval(db, demoActor(t, ownerId, tz), { tenantId: t, actorId: ownerId }, { recordType: 'payment', recordId: id, comment: '客户已付款，请确认到账' });
  }
}
