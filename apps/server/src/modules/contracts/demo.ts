/**
 * Demo contracts (~60) from the demo's accepted quotes and won opportunities, in the states a
 * user meets: mostly approved (a few ending soon, for the to-do centre and the expiry flow),
 * drafts, rejected, withdrawn, one void, and a few submitted for approval that are still pending
 * (through submitForApproval, so they wait in the published contract approval flow: one under
 * 50,000 for the sales director, larger ones for the director then legal). Approved contracts
 * with lines get orders, some partly shipped. Bulk inserts.
 */
import { sql } from 'drizzle-orm';
import { formatMoney, parseMoney, zonedDate } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import { submitForApproval } from '../approvals/service.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { demoActor } from '../demo/actor.ts';
import { contracts, type ContractStatus, type ContractType } from './schema.ts';

const DAY = 86_400_000;
const TYPES: ContractType[] = ['direct', 'direct', 'service', 'agency', 'direct', 'fmcg'];
const TERMS = ['合同签订后 7 日内预付 30%，验收合格后 30 日内支付 70%。', '分三期付款：签约 40%，交付 40%，验收 20%。', '月结 30 天。', '款到发货。'];
const SIGNERS = ['王经理', '李总', '陈主任', '刘采购', '赵总监', '孙经理'];

interface Source { kind: 'quote' | 'opportunity'; id: string; name: string; customerId: string; opportunityId: string | null; quoteId: string | null; amount: string; ownerId: string | null; hasLines: boolean }


export async function seedDemoContracts(db: Db, org: DemoOrg): Promise<void> {
  const t = org.tenantId;
  const tz = (await rows<{ tz: string }>(db, sql`SELECT time_zone AS tz FROM tenants WHERE id = ${t}`))[0]?.tz ?? 'Asia/Shanghai';
  const quotes = await rows<{ id: string; title: string; customer_id: string; opportunity_id: string | null; total: string; owner_id: string | null; n: number }>(db, sql`
    SELECT q.id::text AS id, q.title, q.customer_id::text AS customer_id, q.opportunity_id::text AS opportunity_id, q.total_amount::text AS total, q.owner_id::text AS owner_id,
           (SELECT count(*)::int FROM line_items li WHERE li.parent_type = 'quote' AND li.parent_id = q.id) AS n
      FROM quotes q WHERE q.tenant_id = ${t} AND q.deleted_at IS NULL AND q.status = 'accepted' AND q.total_amount > 0 ORDER BY q.created_at, q.id`);
  const usedOpps = new Set(quotes.map((q) => q.opportunity_id).filter(Boolean));
  const opps = await rows<{ id: string; name: string; customer_id: string; amount: string; owner_id: string | null; n: number }>(db, sql`
    SELECT o.id::text AS id, o.name, o.customer_id::text AS customer_id, o.amount::text AS amount, o.owner_id::text AS owner_id,
           (SELECT count(*)::int FROM line_items li WHERE li.parent_type = 'opportunity' AND li.parent_id = o.id) AS n
      FROM opportunities o WHERE o.tenant_id = ${t} AND o.deleted_at IS NULL AND o.amount > 0
     ORDER BY (o.status = 'won') DESC, o.probability DESC, o.created_at, o.id LIMIT 200`);
  const sources: Source[] = [
    ...quotes.map((q): Source => ({ kind: 'quote', id: q.id, name: q.title.replace(/ 报价$/, '') + ' 合同', customerId: q.customer_id, opportunityId: q.opportunity_id, quoteId: q.id, amount: q.total, ownerId: q.owner_id, hasLines: q.n > 0 })),
    ...opps.filter((o) => !usedOpps.has(o.id)).map((o): Source => ({ kind: 'opportunity', id: o.id, name: `${o.name} 合同`, customerId: o.customer_id, opportunityId: o.id, quoteId: null, amount: o.amount, ownerId: o.owner_id, hasLines: o.n > 0 })),
  ].slice(0, 60);
  if (!sources.length) return;

  // statuses: mostly approved; a handful of drafts, rejected, withdrawn, one void; pending ones chosen by amount below
  const statusOf = (i: number): ContractStatus => {
    if (sources[i]!.hasLines) return i === 1 ? 'draft' : 'approved'; // priced contracts mostly approved: they get the orders
    if (i % 10 === 3) return 'draft';
    if (i % 15 === 7) return 'rejected';
    if (i === 11 || i === 41) return 'withdrawn';
    if (i === 29) return 'void';
    return 'approved';
  };
  const plan = sources.map((s, i) => ({ s, status: statusOf(i) }));
  const fen = (p: { s: Source }) => parseMoney(p.s.amount);
  const toSubmit = new Set<number>();
  // one under 50,000 (the director alone decides): the smallest unpriced one, brought under the line if need be
  let small = plan.findIndex((p, i) => i > 0 && p.status === 'approved' && !p.s.hasLines && fen(p) > 0 && fen(p) < 5_000_000);
  if (small < 0) {
    small = plan.findIndex((p, i) => i > 0 && p.status === 'approved' && !p.s.hasLines);
    if (small >= 0) plan[small]!.s = { ...plan[small]!.s, amount: '38600.00' };
  }
  if (small >= 0) toSubmit.add(small);
  plan.forEach((p, i) => { if (toSubmit.size < 4 && !toSubmit.has(i) && p.status === 'approved' && !p.s.hasLines && fen(p) >= 5_000_000 && i > 2) toSubmit.add(i); });
  for (const i of toSubmit) plan[i]!.status = 'draft'; // submitted below, from draft

  const now = Date.now();
  const numbers = await nextNumbers(db, t, 'contract', plan.length, new Date(now), tz);
  const fallbackOwner = org.usersByKey.rep1 ?? null;
  const values = plan.map(({ s, status }, i) => {
    const created = now - (5 + ((i * 37) % 300)) * DAY;
    const signed = created + 3 * DAY;
    const start = zonedDate(signed, tz);
    // three approved ones end within the coming weeks (to-do centre, expiry reminder); the rest run a year or two
    const endsSoon = status === 'approved' && i % 17 === 5;
    const end = endsSoon ? zonedDate(now + (6 + (i % 20)) * DAY, tz) : zonedDate(signed + (i % 3 === 0 ? 730 : 365) * DAY, tz);
    const ownerId = s.ownerId ?? fallbackOwner;
    return {
      tenantId: t, number: numbers[i]!, name: s.name.slice(0, 200), customerId: s.customerId, opportunityId: s.opportunityId, quoteId: s.quoteId,
      contractType: TYPES[i % TYPES.length]!, orderDate: zonedDate(created, tz), startDate: start, endDate: end, amount: formatMoney(fen({ s })),
      discountAmount: '0', paymentTerms: TERMS[i % TERMS.length]!, customerSignerName: SIGNERS[i % SIGNERS.length]!, companySignerId: ownerId,
      signedDate: status === 'approved' || status === 'void' ? zonedDate(signed, tz) : null, status, remindDaysBefore: i % 4 === 0 ? 15 : 30,
      remark: status === 'void' ? '客户项目取消，合同作废' : null, ownerId, createdBy: ownerId, createdAt: new Date(created), updatedAt: new Date(status === 'draft' ? created : signed),
    };
  });
  const inserted = await db.insert(contracts).values(values).returning({ id: contracts.id });
  const ids = inserted.map((r) => r.id);

  // lines copied from the quote / opportunity, as agreed
  const mapping = plan.map((p, i) => ({ src_type: p.s.kind, src_id: p.s.id, contract_id: ids[i]! })).filter((_, i) => plan[i]!.s.hasLines);
  if (mapping.length) {
    await db.execute(sql`INSERT INTO line_items (tenant_id, parent_type, parent_id, position, product_id, product_code, product_name, unit, specification,
        list_price, sale_price, quantity, discount_kind, discount_value, tax_rate, gross_amount, discount_amount, allocated_discount, total_amount, tax_amount, remark)
      SELECT li.tenant_id, 'contract', m.contract_id, li.position, li.product_id, li.product_code, li.product_name, li.unit, li.specification,
        li.list_price, li.sale_price, li.quantity, li.discount_kind, li.discount_value, li.tax_rate, li.gross_amount, li.discount_amount, li.allocated_discount, li.total_amount, li.tax_amount, li.remark
      FROM jsonb_to_recordset(${JSON.stringify(mapping)}::jsonb) AS m(src_type text, src_id uuid, contract_id uuid)
      JOIN line_items li ON li.tenant_id = ${t} AND li.parent_type = m.src_type AND li.parent_id = m.src_id`);
  }
  const fromQuotes = plan.map((p, i) => (p.s.quoteId ? { q: p.s.quoteId, c: ids[i]! } : null)).filter((x): x is { q: string; c: string } => !!x);
  if (fromQuotes.length) {
    await db.execute(sql`UPDATE quotes q SET contract_id = m.c FROM jsonb_to_recordset(${JSON.stringify(fromQuotes)}::jsonb) AS m(q uuid, c uuid) WHERE q.id = m.q`);
  }

  // submitted for approval, still pending: the published contract flow routes them (< 50,000 → director; ≥ 50,000 → director, then legal)
  for (const i of toSubmit) {
    const ownerId = values[i]!.ownerId ?? fallbackOwner;
    if (!ownerId) continue;
    const actor = demoActor(t, ownerId, tz);
    await submitForApproval(db, actor, { tenantId: t, actorId: ownerId }, { recordType: 'contract', recordId: ids[i]!, comment: '请审批，客户希望本月内签署' });
  }

  await seedDemoOrders(db, org, tz, plan.map((p, i) => ({ id: ids[i]!, status: p.status, hasLines: p.s.hasLines, name: values[i]!.name, customerId: values[i]!.customerId, quoteId: values[i]!.quoteId, ownerId: values[i]!.ownerId })));
}

/** Orders for approved contracts with lines: some not shipped, some partly, some delivered. */
async function seedDemoOrders(db: Db, org: DemoOrg, tz: string, list: { id: string; status: ContractStatus; hasLines: boolean; name: string; customerId: string; quoteId: string | null; ownerId: string | null }[]) {
  const t = org.tenantId;
  const chosen = list.filter((c) => c.status === 'approved' && c.hasLines).slice(0, 12);
  if (!chosen.length) return;
  const now = Date.now();
  const numbers = await nextNumbers(db, t, 'order', chosen.length, new Date(now), tz);
  const orderRows = chosen.map((c, i) => ({
    id: crypto.randomUUID(), tenant_id: t, number: numbers[i]!, title: c.name.replace(/ 合同$/, ' 订单').slice(0, 200), customer_id: c.customerId, contract_id: c.id,
    quote_id: c.quoteId, order_date: zonedDate(now - (30 - i) * DAY, tz), owner_id: c.ownerId, delivery: i % 3, // 0 pending, 1 partial, 2 delivered
  }));
  await db.execute(sql`INSERT INTO orders (id, tenant_id, number, title, customer_id, contract_id, quote_id, order_date, owner_id, created_by, status)
    SELECT m.id, m.tenant_id, m.number, m.title, m.customer_id, m.contract_id, m.quote_id, m.order_date, m.owner_id, m.owner_id, 'confirmed'
      FROM jsonb_to_recordset(${JSON.stringify(orderRows)}::jsonb) AS m(id uuid, tenant_id uuid, number text, title text, customer_id uuid, contract_id uuid, quote_id uuid, order_date date, owner_id uuid)`);
  await db.execute(sql`INSERT INTO line_items (tenant_id, parent_type, parent_id, position, product_id, product_code, product_name, unit, specification,
      list_price, sale_price, quantity, discount_kind, discount_value, tax_rate, gross_amount, discount_amount, allocated_discount, total_amount, tax_amount, remark)
    SELECT li.tenant_id, 'order', m.id, li.position, li.product_id, li.product_code, li.product_name, li.unit, li.specification,
      li.list_price, li.sale_price, li.quantity, li.discount_kind, li.discount_value, li.tax_rate, li.gross_amount, li.discount_amount, li.allocated_discount, li.total_amount, li.tax_amount, li.remark
    FROM jsonb_to_recordset(${JSON.stringify(orderRows)}::jsonb) AS m(id uuid, contract_id uuid)
    JOIN line_items li ON li.tenant_id = ${t} AND li.parent_type = 'contract' AND li.parent_id = m.contract_id`);
  await db.execute(sql`UPDATE orders o SET gross_amount = s.gross, discount_amount = s.discount, tax_amount = s.tax, total_amount = s.total
    FROM (SELECT parent_id, sum(gross_amount) AS gross, sum(discount_amount + allocated_discount) AS discount, sum(tax_amount) AS tax, sum(total_amount) AS total
            FROM line_items WHERE tenant_id = ${t} AND parent_type = 'order' GROUP BY parent_id) s
    WHERE o.id = s.parent_id AND o.tenant_id = ${t}`);
  // shipments: partial orders ship the first line only (half, rounded down to whole units, at least 1); delivered ones ship everything
  const shipping = orderRows.filter((o) => o.delivery > 0);
  if (!shipping.length) return;
  const ships = shipping.map((o, i) => ({ id: crypto.randomUUID(), order_id: o.id, number: `${o.number}-01`, shipped_on: zonedDate(now - (10 - (i % 8)) * DAY, tz), carrier: ['顺丰速运', '京东物流', '德邦物流'][i % 3]!, tracking: `SF${1400000000 + i * 7919}`, is_full: o.delivery === 2 }));
  await db.execute(sql`INSERT INTO shipments (id, tenant_id, order_id, number, shipped_on, carrier, tracking_number)
    SELECT m.id, ${t}::uuid, m.order_id, m.number, m.shipped_on, m.carrier, m.tracking FROM jsonb_to_recordset(${JSON.stringify(ships)}::jsonb) AS m(id uuid, order_id uuid, number text, shipped_on date, carrier text, tracking text)`);
  await db.execute(sql`WITH m AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(ships)}::jsonb) AS m(id uuid, order_id uuid, is_full boolean)),
      pick AS (SELECT li.id AS line_id, m.id AS shipment_id,
                      CASE WHEN m.is_full THEN li.quantity ELSE GREATEST(LEAST(floor(li.quantity / 2), li.quantity), 1) END AS qty
                 FROM m JOIN line_items li ON li.tenant_id = ${t} AND li.parent_type = 'order' AND li.parent_id = m.order_id
                WHERE m.is_full OR (li.position = (SELECT min(position) FROM line_items l2 WHERE l2.parent_type = 'order' AND l2.parent_id = m.order_id) AND li.quantity > 1)),
      ins AS (INSERT INTO shipment_lines (tenant_id, shipment_id, line_item_id, quantity) SELECT ${t}::uuid, shipment_id, line_id, qty FROM pick RETURNING line_item_id, quantity)
    UPDATE line_items li SET delivered_quantity = ins.quantity FROM ins WHERE li.id = ins.line_item_id`);
  await db.execute(sql`UPDATE orders o SET delivery_status = CASE
        WHEN NOT EXISTS (SELECT 1 FROM line_items li WHERE li.parent_type = 'order' AND li.parent_id = o.id AND li.delivered_quantity < li.quantity) THEN 'delivered'
        WHEN EXISTS (SELECT 1 FROM line_items li WHERE li.parent_type = 'order' AND li.parent_id = o.id AND li.delivered_quantity > 0) THEN 'partial'
        ELSE 'pending' END
    WHERE o.tenant_id = ${t} AND o.contract_id IS NOT NULL`);
  // a "partial" order whose first line had a single unit shipped nothing: remove its empty shipment
  await db.execute(sql`DELETE FROM shipments s WHERE s.tenant_id = ${t} AND NOT EXISTS (SELECT 1 FROM shipment_lines sl WHERE sl.shipment_id = s.id)`);
}
