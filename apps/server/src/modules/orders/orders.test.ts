import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { one, rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { findApprovable } from '../approvals/registry.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';
import { saveLineItems } from '../products/lineItems.ts';

let env: TestEnv;
let org: Org;
let customer: Record<string, any>;
let otherCustomer: Record<string, any>;

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  customer = await newCustomer(org.rep1.client, { name: '合同测试客户' });
  otherCustomer = await newCustomer(org.rep1.client, { name: '另一家客户' });
});
afterAll(async () => {
  await env?.close();
});

const t = () => org.admin.tenantId;
const asTenant = <T>(fn: (db: Db) => Promise<T>) => env.db.forTenant(t(), fn);
const src = () => ({ tenantId: t(), actorId: org.admin.userId });

async function newContract(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post('/api/v1/contracts', { customerId: customer.id, name: '年度服务合同', amount: '120000.50', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const countContracts = () => asTenant(async (db) => Number((await one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM contracts WHERE tenant_id = ${t()}`))!.n));
const fieldOf = (res: { json(): any }) => res.json().error.details?.field ?? res.json().error.details?.fields?.[0]?.field;

/** Drives the contract's approval status as the approvals module does (onStatus in a transaction), with a live instance while pending. */
async function approvalStatus(contractId: string, status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'returned') {
  await asTenant((db) => inTransaction(db, async (tx) => {
    if (status === 'pending') {
      await tx.execute(sql`INSERT INTO approval_instances (tenant_id, record_type, record_id, title, submitted_by, status)
        VALUES (${t()}, 'contract', ${contractId}, '测试审批', ${org.rep1.userId}, 'pending')`);
    } else {
      await tx.execute(sql`UPDATE approval_instances SET status = ${status} WHERE record_id = ${contractId} AND status = 'pending'`);
    }
    await findApprovable('contract')!.onStatus(tx, t(), contractId, status, { instanceId: '00000000-0000-0000-0000-000000000000', actorId: null, src: src() });
  }));
}

async function insertQuote(status: string, lines = true): Promise<string> {
  return asTenant((db) => inTransaction(db, async (tx) => {
    const q = await one<{ id: string }>(tx, sql`INSERT INTO quotes (tenant_id, number, title, customer_id, status, total_amount, discount_amount, terms, owner_id)
      VALUES (${t()}, ${'BJ' + Date.now()}, '服务器采购报价', ${customer.id}, ${status}, 0, 0, '款到发货', ${org.rep1.userId}) RETURNING id::text AS id`);
    if (lines) {
      const saved = await saveLineItems(tx, t(), 'quote', q!.id, [{ productName: '服务器', listPrice: '4400.00', quantity: '2', taxRate: '13' }, { productName: '安装', listPrice: '500', quantity: '1' }]);
      await tx.execute(sql`UPDATE quotes SET total_amount = ${(saved.priced.totalAmount / 100).toFixed(2)}::numeric WHERE id = ${q!.id}`);
    }
    return q!.id;
  }));
}

describe('orders and shipments', () => {
  it('refuses an order from an unapproved contract, ships partially and refuses over-shipment', async () => {
    const c = await newContract(org.rep1.client, { amount: undefined, lines: [{ productName: '交换机', listPrice: '1000', quantity: '10' }, { productName: '光模块', listPrice: '50', quantity: '4' }] });
    const early = await org.rep1.client.post('/api/v1/orders', { contractId: c.id });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('CONTRACT_NOT_APPROVED');
    await approvalStatus(c.id, 'pending');
    await approvalStatus(c.id, 'approved');

    const created = await org.rep1.client.post('/api/v1/orders', { contractId: c.id, receiverName: '王工', shippingAddress: '上海市浦东新区' });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json();
    expect(order).toMatchObject({ contractId: c.id, contractNumber: c.number, customerId: customer.id, totalAmount: '10200.00', deliveryStatus: 'pending', receiverName: '王工' });
    expect(order.number).toMatch(/^DD\d{12}$/);
    const [switchLine, moduleLine] = order.lines;

    const partial = await org.rep1.client.post(`/api/v1/orders/${order.id}/shipments`, {
      shippedOn: '2026-03-01', carrier: '顺丰', trackingNumber: 'SF123', lines: [{ lineItemId: switchLine.id, quantity: '4' }],
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json().deliveryStatus).toBe('partial');
    expect(partial.json().shipments).toHaveLength(1);

    const over = await org.rep1.client.post(`/api/v1/orders/${order.id}/shipments`, {
      shippedOn: '2026-03-02', lines: [{ lineItemId: moduleLine.id, quantity: '4' }, { lineItemId: switchLine.id, quantity: '6.5' }],
    });
    expect(over.statusCode).toBe(409);
    expect(fieldOf(over)).toBe('lines[1].quantity');
    const unchanged = (await org.rep1.client.get(`/api/v1/orders/${order.id}`)).json();
    expect(unchanged.shipments).toHaveLength(1);
    expect(Number(unchanged.lines[1].deliveredQuantity)).toBe(0);
    expect(Number(unchanged.lines[0].deliveredQuantity)).toBe(4);

    const zero = await org.rep1.client.post(`/api/v1/orders/${order.id}/shipments`, { shippedOn: '2026-03-02', lines: [{ lineItemId: moduleLine.id, quantity: '0' }] });
    expect(zero.statusCode).toBe(400);
    expect(fieldOf(zero)).toBe('lines[0].quantity');

    const rest = await org.rep1.client.post(`/api/v1/orders/${order.id}/shipments`, {
      shippedOn: '2026-03-05', lines: [{ lineItemId: moduleLine.id, quantity: '4' }, { lineItemId: switchLine.id, quantity: '6' }],
    });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json().deliveryStatus).toBe('delivered');
    const listed = await org.rep1.client.get(`/api/v1/orders/${order.id}/shipments`);
    expect(listed.json().items.map((s: { lines: unknown[] }) => s.lines.length)).toEqual([1, 2]);
    // two people shipping the last units at once: exactly one shipment goes through
    const again = (await org.rep1.client.post('/api/v1/orders', { contractId: c.id })).json();
    const line = again.lines[1];
    const race = await Promise.all([1, 2].map(() => org.rep1.client.post(`/api/v1/orders/${again.id}/shipments`, { shippedOn: '2026-03-06', lines: [{ lineItemId: line.id, quantity: '3' }] })));
    expect(race.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const raced = (await org.rep1.client.get(`/api/v1/orders/${again.id}`)).json();
    expect(Number(raced.lines[1].deliveredQuantity)).toBe(3);
    expect(raced.shipments).toHaveLength(1);
    expect(raced.deliveryStatus).toBe('partial');

    const related = await org.rep1.client.get(`/api/v1/contracts/${c.id}/orders`);
    expect(related.json().items.map((x: { id: string }) => x.id).sort()).toEqual([order.id, again.id].sort());
  });

  it('makes orders from accepted quotes only, and standalone with own lines', async () => {
    const sent = await insertQuote('sent');
    const refused = await org.rep1.client.post('/api/v1/orders', { quoteId: sent });
    expect(refused.statusCode).toBe(409);
    expect(fieldOf(refused)).toBe('quoteId');
    const accepted = await insertQuote('accepted');
    const fromQuote = await org.rep1.client.post('/api/v1/orders', { quoteId: accepted });
    expect(fromQuote.statusCode, fromQuote.body).toBe(201);
    expect(fromQuote.json()).toMatchObject({ quoteId: accepted, totalAmount: '9300.00' });
    expect(fromQuote.json().lines).toHaveLength(2);

    const own = await org.rep1.client.post('/api/v1/orders', { customerId: customer.id, title: '散单', lines: [{ productName: '耗材', listPrice: '12.50', quantity: '8' }] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ title: '散单', totalAmount: '100.00', contractId: null });
    const pdf = await org.rep1.client.get(`/api/v1/orders/${own.json().id}/pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true });
    expect(String(text).replace(/\s+/g, '')).toContain('耗材');
    const list = await org.rep1.client.get(`/api/v1/orders?q=${encodeURIComponent('散单')}`);
    expect(list.json().items.map((x: { id: string }) => x.id)).toEqual([own.json().id]);
  });
});

