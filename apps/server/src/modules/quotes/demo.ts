/**
 * Demo quotes: ~40 quotes on the demo opportunities in every status a user meets (草稿, 已发送, 已接受,
 * 已拒绝, 已过期, and drafts whose discount needs approval), priced from the demo products with the
 * shared pricing, plus the discount limits per role (销售 10%, 销售经理 20%, 销售总监 30%).
 * Bulk inserts: one statement per table.
 */
import { sql } from 'drizzle-orm';
import { formatMoney, formatPercent, formatQuantity, parseMoney, parsePercent, parseQuantity, priceDocument, zonedDate, type LineInput } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { lineItems } from '../products/schema.ts';
import { discountLimits, quotes, type QuoteStatus } from './schema.ts';

const DAY = 86_400_000;
const LIMITS: Record<string, string> = { salesRep: '10', salesManager: '20', salesDirector: '30' };

interface Plan { status: QuoteStatus; approval?: 'approved' | 'rejected' | 'none'; daysAgo: number; validDays: number; discountPct: number }

/** 40 plans: 10 drafts (3 over the rep's limit, 1 with an approved discount, 1 refused), 12 sent, 8 accepted, 5 rejected, 5 expired. */
function plans(): Plan[] {
  const out: Plan[] = [];
  const add = (n: number, p: (i: number) => Plan) => { for (let i = 0; i < n; i++) out.push(p(i)); };
  add(5, (i) => ({ status: 'draft', daysAgo: i, validDays: 30, discountPct: [0, 5, 8, 3, 0][i]! }));
  add(3, (i) => ({ status: 'draft', daysAgo: 1 + i, validDays: 30, discountPct: [15, 18, 25][i]! }));
  out.push({ status: 'draft', approval: 'approved', daysAgo: 4, validDays: 30, discountPct: 16 });
  out.push({ status: 'draft', approval: 'rejected', daysAgo: 6, validDays: 30, discountPct: 35 });
  add(12, (i) => ({ status: 'sent', daysAgo: 3 + i * 2, validDays: i < 3 ? 3 + i * 2 + 2 : 30 + (i % 3) * 15, discountPct: [0, 5, 8, 10, 3][i % 5]! }));
  add(8, (i) => ({ status: 'accepted', daysAgo: 20 + i * 6, validDays: 30, discountPct: [5, 8, 0, 10][i % 4]! }));
  add(5, (i) => ({ status: 'rejected', daysAgo: 15 + i * 7, validDays: 30, discountPct: [0, 5, 10][i % 3]! }));
  add(5, (i) => ({ status: 'expired', daysAgo: 45 + i * 8, validDays: 15 + i * 3, discountPct: [0, 8][i % 2]! }));
  return out;
}

const REJECT_REASONS = ['价格高于竞品报价', '客户预算削减，项目暂缓', '选择了其他供应商', '交付周期不满足要求', '客户内部采购流程变更'];
const TERMS = '1. 报价含税（增值税专用发票）；\n2. 付款方式：合同签订后预付 30%，验收后支付 70%；\n3. 交货期：收到预付款后 15 个工作日内；\n4. 质保期：验收合格之日起 12 个月。';

export async function seedDemoQuotes(db: Db, org: DemoOrg): Promise<void> {
  const t = org.tenantId;
  // discount limits per role
  const roles = await rows<{ id: string; key: string }>(db, sql`SELECT id::text AS id, key FROM roles WHERE tenant_id = ${t}`);
  const limitRows = roles.filter((r) => LIMITS[r.key]).map((r) => ({ tenantId: t, roleId: r.id, maxDiscountPct: LIMITS[r.key]! }));
  if (limitRows.length) await db.insert(discountLimits).values(limitRows).onConflictDoNothing();

  const products = await rows<{ id: string; code: string; name: string; unit: string | null; specification: string | null; list_price: string; tax_rate: string }>(db, sql`
    SELECT id::text AS id, code, name, unit, specification, list_price::text AS list_price, tax_rate::text AS tax_rate
      FROM products WHERE tenant_id = ${t} AND deleted_at IS NULL AND listed AND list_price > 0 ORDER BY code LIMIT 60`);
  const opps = await rows<{ id: string; name: string; customer_id: string; owner_id: string | null; status: string }>(db, sql`
    SELECT id::text AS id, name, customer_id::text AS customer_id, owner_id::text AS owner_id, status FROM opportunities
     WHERE tenant_id = ${t} AND deleted_at IS NULL ORDER BY created_at, id LIMIT 400`);
  if (!opps.length || !products.length) return;
  const contactOf = new Map((await rows<{ customer_id: string; id: string }>(db, sql`
    SELECT DISTINCT ON (customer_id) customer_id::text AS customer_id, id::text AS id FROM contacts
     WHERE tenant_id = ${t} AND deleted_at IS NULL AND customer_id IS NOT NULL ORDER BY customer_id, is_primary DESC, created_at`)).map((r) => [r.customer_id, r.id]));
  const tz = (await rows<{ tz: string }>(db, sql`SELECT time_zone AS tz FROM tenants WHERE id = ${t}`))[0]?.tz ?? 'Asia/Shanghai';

  const all = plans();
  // won opportunities get the accepted quotes, open ones the rest: spread over the list
  const won = opps.filter((o) => o.status === 'won');
  const open = opps.filter((o) => o.status !== 'won');
  const pick = (p: Plan, i: number) => (p.status === 'accepted' && won.length ? won[i % won.length]! : (open.length ? open : opps)[(i * 7) % (open.length || opps.length)]!);
  const now = Date.now();
  const numbers = await nextNumbers(db, t, 'quote', all.length, new Date(now), tz);
  const quoteRows: (typeof quotes.$inferInsert)[] = [];
  const lineRows: (typeof lineItems.$inferInsert)[] = [];
  all.forEach((p, i) => {
    const opp = pick(p, i);
    const quoteDate = zonedDate(now - p.daysAgo * DAY, tz);
    const validUntil = new Date(Date.parse(`${quoteDate}T00:00:00Z`) + p.validDays * DAY).toISOString().slice(0, 10);
    const n = 1 + (i % 4);
    const chosen = Array.from({ length: n }, (_, k) => products[(i * 5 + k * 3) % products.length]!).filter((x, k, arr) => arr.indexOf(x) === k);
    const inputs: LineInput[] = chosen.map((prod, k) => {
      const listPrice = parseMoney(prod.list_price);
      return {
        listPrice, salePrice: listPrice, quantity: parseQuantity(String([1, 2, 5, 10, 3][(i + k) % 5])),
        discountKind: 'percent', discountValue: parsePercent(String(p.discountPct)), taxRate: parsePercent(prod.tax_rate),
      };
    });
    const priced = priceDocument(inputs);
    const id = crypto.randomUUID();
    const ownerId = opp.owner_id ?? org.usersByKey.rep1 ?? null;
    const sentAt = p.status === 'draft' ? null : new Date(now - (p.daysAgo - 1) * DAY);
    quoteRows.push({
      id, tenantId: t, number: numbers[i]!, title: `${opp.name} 报价`.slice(0, 200), opportunityId: opp.id, customerId: opp.customer_id,
      contactId: contactOf.get(opp.customer_id) ?? null, quoteDate, validUntil, status: p.status, approvalStatus: p.approval ?? 'none',
      discountKind: 'amount', discountValue: '0',
      grossAmount: formatMoney(priced.grossAmount), discountAmount: formatMoney(priced.discountAmount), taxAmount: formatMoney(priced.taxAmount),
      totalAmount: formatMoney(priced.totalAmount), maxDiscountPct: formatPercent(priced.maxDiscountPct), terms: TERMS,
      sentAt, acceptedAt: p.status === 'accepted' ? new Date(now - (p.daysAgo - 5) * DAY) : null,
      rejectedAt: p.status === 'rejected' ? new Date(now - (p.daysAgo - 4) * DAY) : null,
      rejectedReason: p.status === 'rejected' ? REJECT_REASONS[i % REJECT_REASONS.length]! : null,
      ownerId, createdBy: ownerId, createdAt: new Date(now - p.daysAgo * DAY), updatedAt: new Date(now - Math.max(0, p.daysAgo - 5) * DAY),
    });
    priced.lines.forEach((l, k) => {
      const prod = chosen[k]!;
      lineRows.push({
        tenantId: t, parentType: 'quote', parentId: id, position: k, productId: prod.id, productCode: prod.code, productName: prod.name,
        unit: prod.unit, specification: prod.specification, listPrice: formatMoney(l.listPrice), salePrice: formatMoney(l.salePrice),
        quantity: formatQuantity(l.quantity), discountKind: l.discountKind, discountValue: formatPercent(l.discountValue), taxRate: formatPercent(l.taxRate),
        grossAmount: formatMoney(l.grossAmount), discountAmount: formatMoney(l.discountAmount), allocatedDiscount: formatMoney(l.allocatedDiscount),
        totalAmount: formatMoney(l.totalAmount), taxAmount: formatMoney(l.taxAmount),
      });
    });
  });
  await db.insert(quotes).values(quoteRows);
  if (lineRows.length) await db.insert(lineItems).values(lineRows);
}
