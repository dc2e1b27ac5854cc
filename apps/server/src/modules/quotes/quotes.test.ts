import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, priceDocument, parsePercent, parseQuantity, zonedDate } from '@loopline/shared';
import { inTransaction } from '../../platform/db/transaction.ts';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';
import { findApprovable } from '../approvals/registry.ts';
import { expireQuotes } from './expiry.ts';

let env: TestEnv;
let org: Org;
let customer: Record<string, any>;
let repRoleId: string;

const t = () => org.admin.tenantId;
const asTenant = <T>(fn: (db: Parameters<Parameters<TestEnv['db']['forTenant']>[1]>[0]) => Promise<T>) => env.db.forTenant(t(), fn);

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  customer = await newCustomer(org.rep1.client, { name: '报价测试客户有限公司' });
  const roles = (await org.admin.client.get('/api/v1/roles')).json().items as { id: string; key: string }[];
  repRoleId = roles.find((r) => r.key === 'salesRep')!.id;
});
afterAll(async () => {
  await env?.close();
});

async function newQuote(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post('/api/v1/quotes', { customerId: customer.id, title: '测试报价', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return (await client.get(`/api/v1/quotes/${res.json().id}`)).json();
}

const line = (name: string, listPrice: string, quantity: string, extra: Record<string, unknown> = {}) => ({ productName: name, listPrice, quantity, taxRate: '13', ...extra });
const fieldsOf = (res: { json(): any }) => (res.json().error?.details?.fields ?? []).map((f: { field: string }) => f.field);

/** The approvals module's callback, as C's service calls it inside its transaction. */
async function approvalStatus(quoteId: string, status: 'pending' | 'approved' | 'rejected' | 'withdrawn') {
  const def = findApprovable('quote')!;
  expect(def).toBeTruthy();
  await asTenant((db) => inTransaction(db, (tx) => def.onStatus(tx, t(), quoteId, status, { instanceId: randomUUID(), actorId: null, src: { tenantId: t(), actorId: null, actorType: 'system' } }), t()));
}

describe('quotes: totals, dates, editing', () => {
  it('stores totals equal to the sum of the rounded lines, with the document discount shared out', async () => {
    const lines = [
      line('服务器', '12999.99', '3', { discountKind: 'percent', discountValue: '7.5' }),
      line('实施服务', '3333.33', '1.5', { taxRate: '6' }),
      line('维保', '0.99', '7', { discountKind: 'amount', discountValue: '0.33' }),
    ];
    const quote = await newQuote(org.rep1.client, { lines, discount: { kind: 'amount', value: '100.01' } });
    expect(quote.lines).toHaveLength(3);
    const sum = (k: string) => formatMoney(quote.lines.reduce((a: number, l: Record<string, string>) => a + parseMoney(l[k]!), 0));
    expect(quote.totalAmount).toBe(sum('totalAmount'));
    expect(quote.taxAmount).toBe(sum('taxAmount'));
    expect(quote.grossAmount).toBe(sum('grossAmount'));
    // the same as the shared pricing computes it
    const expected = priceDocument(lines.map((l) => ({
      listPrice: parseMoney(l.listPrice), quantity: parseQuantity(l.quantity), taxRate: parsePercent(l.taxRate),
      discountKind: (l as any).discountKind ?? 'percent', discountValue: (l as any).discountValue ? ((l as any).discountKind === 'amount' ? parseMoney((l as any).discountValue) : parsePercent((l as any).discountValue)) : 0,
    })), { kind: 'amount', value: 10001 });
    expect(quote.totalAmount).toBe(formatMoney(expected.totalAmount));
    expect(quote.discountAmount).toBe(formatMoney(expected.discountAmount));
    expect(quote).toMatchObject({ status: 'draft', approvalStatus: 'none', customerName: '报价测试客户有限公司', discountKind: 'amount', discountValue: '100.01' });
    expect(quote.number).toMatch(/^BJ\d{8}\d+$/);
    // listed, filterable by status, exported
    const list = await org.rep1.client.get(`/api/v1/quotes?filter=${encodeURIComponent(JSON.stringify({ field: 'status', op: 'eq', value: 'draft' }))}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(quote.id);
    expect((await org.rep1.client.get('/api/v1/quotes/fields')).json().items.map((f: { key: string }) => f.key)).toContain('overLimit');
  });

  it('on generated quotes, the stored totals are always the sums of the stored lines (fast-check through the API)', async () => {
    const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => formatMoney(n));
    const arbLine = fc.record({
      listPrice: cents(99_999_99), quantity: fc.integer({ min: 1, max: 9999 }).map((n) => String(n / 100)),
      discountValue: fc.integer({ min: 0, max: 1000 }).map((n) => String(n / 10)), taxRate: fc.constantFrom('0', '3', '6', '9', '13'),
    });
    await fc.assert(fc.asyncProperty(fc.array(arbLine, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 500 }), async (lines, docPct) => {
      const res = await org.rep1.client.post('/api/v1/quotes', {
        customerId: customer.id, title: '随机报价', discount: { kind: 'percent', value: String(docPct / 10) },
        lines: lines.map((l, i) => ({ productName: `随机产品${i}`, ...l, discountKind: 'percent' })),
      });
      expect(res.statusCode, res.body).toBe(201);
      const quote = (await org.rep1.client.get(`/api/v1/quotes/${res.json().id}`)).json();
      for (const k of ['totalAmount', 'taxAmount', 'grossAmount'] as const) {
        expect(quote[k]).toBe(formatMoney(quote.lines.reduce((a: number, l: Record<string, string>) => a + parseMoney(l[k]!), 0)));
      }
      const discounts = quote.lines.reduce((a: number, l: Record<string, string>) => a + parseMoney(l.discountAmount!) + parseMoney(l.allocatedDiscount!), 0);
      expect(quote.discountAmount).toBe(formatMoney(discounts));
      expect(parseMoney(quote.grossAmount) - parseMoney(quote.discountAmount)).toBe(parseMoney(quote.totalAmount));
    }), { numRuns: 12 });
  }, 120_000);

  it('re-prices on edit, refuses dates out of order naming validUntil, and only edits drafts', async () => {
    const quote = await newQuote(org.rep1.client, { lines: [line('软件许可', '1000.00', '2')], quoteDate: '2030-01-10', validUntil: '2030-02-10' });
    expect(quote.totalAmount).toBe('2000.00');
    const bad = await org.rep1.client.patch(`/api/v1/quotes/${quote.id}`, { validUntil: '2030-01-09' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['validUntil']);
    const badCreate = await org.rep1.client.post('/api/v1/quotes', { customerId: customer.id, title: 'x', quoteDate: '2030-03-01', validUntil: '2030-02-28' });
    expect(badCreate.statusCode).toBe(400);
    expect(fieldsOf(badCreate)).toEqual(['validUntil']);
    const edited = await org.rep1.client.patch(`/api/v1/quotes/${quote.id}`, { lines: [line('软件许可', '1000.00', '3')], discount: { kind: 'percent', value: '10' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ totalAmount: '2700.00', discountAmount: '300.00', maxDiscountPct: '10' });
    // nothing changed by the refused edit
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).json().validUntil).toBe('2030-02-10');
    const history = (await org.rep1.client.get(`/api/v1/quotes/${quote.id}/history`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
  });

  it('answers bad input with a 4xx naming the field and writes nothing', async () => {
    const before = (await org.rep1.client.get('/api/v1/quotes?pageSize=200')).json().total;
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [line('a', '10.00', '-1')] }, 'lines[0].quantity'],
      [{ lines: [line('a', '-10.00', '1')] }, 'lines[0].listPrice'],
      [{ lines: [line('a', '10.00', '1', { discountKind: 'amount', discountValue: '10.01' })] }, 'lines[0].discountValue'],
      [{ lines: [line('a', '10.00', '1', { discountKind: 'percent', discountValue: '120' })] }, 'lines[0].discountValue'],
      [{ lines: [line('a', '10.00', '1')], discount: { kind: 'amount', value: '10.01' } }, 'discount.value'],
      [{ discount: { kind: 'amount', value: 'abc' } }, 'discount.value'],
      [{ quoteDate: '2030-02-30' }, 'quoteDate'],
      [{ customerId: randomUUID() }, 'customerId'],
      [{ opportunityId: randomUUID() }, 'opportunityId'],
      [{ surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await org.rep1.client.post('/api/v1/quotes', { customerId: customer.id, title: '坏输入', ...body });
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(400);
      expect(fieldsOf(res).some((f: string) => f === field || f.endsWith(field)), `${field} in ${res.body}`).toBe(true);
    }
    const noCustomer = await org.rep1.client.post('/api/v1/quotes', { title: '无客户' });
    expect(noCustomer.statusCode).toBe(400);
    expect(fieldsOf(noCustomer)).toEqual(['customerId']);
    expect((await org.rep1.client.get('/api/v1/quotes?pageSize=200')).json().total).toBe(before);
  });
  it('goes to the recycle bin and back, exports to Excel, transfers, and hides quotes outside the data scope', async () => {
    const quote = await newQuote(org.rep1.client, { title: '回收站报价', lines: [line('设备', '10.00', '1')] });
    expect((await org.rep3.client.get(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(404);
    expect((await org.manager.client.get(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(200);
    expect((await org.rep1.client.delete(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(403); // reps may not delete
    expect((await org.manager.client.delete(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(404);
    const bin = (await org.rep1.client.get('/api/v1/quotes/recycle-bin')).json();
    expect(bin.items.map((x: { id: string }) => x.id)).toContain(quote.id);
    const restored = await org.manager.client.post(`/api/v1/quotes/${quote.id}/restore`, {});
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().title).toBe('回收站报价');
    const xlsx = await org.admin.client.get(`/api/v1/quotes/export.xlsx?q=${encodeURIComponent('回收站报价')}`);
    expect(xlsx.statusCode, xlsx.body.slice(0, 200)).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const moved = await org.manager.client.patch(`/api/v1/quotes/${quote.id}/owner`, { ownerId: org.rep2.userId });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().ownerId).toBe(org.rep2.userId);
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).statusCode).toBe(404);
  });
});

describe('quotes: status actions', () => {
  it('sends, refuses invalid transitions with 409, accepts with a contract in the same transaction', async () => {
    const quote = await newQuote(org.rep1.client, { lines: [line('设备', '5000.00', '2')] });
    const early = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/accept`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('INVALID_TRANSITION');
    const empty = await newQuote(org.rep1.client, {});
    expect((await org.rep1.client.post(`/api/v1/quotes/${empty.id}/send`, {})).json().error.code).toBe('QUOTE_EMPTY');
    const sent = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/send`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ status: 'sent' });
    expect(sent.json().sentAt).toBeTruthy();
    const edit = await org.rep1.client.patch(`/api/v1/quotes/${quote.id}`, { title: '改名' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.message).toContain('已发送');
    expect((await org.rep1.client.post(`/api/v1/quotes/${quote.id}/send`, {})).statusCode).toBe(409);
    const accepted = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/accept`, { createContract: true });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    const contractId = accepted.json().contractId;
    expect(contractId).toMatch(/^[0-9a-f-]{36}$/);
    expect(accepted.json().contractId).toBe(contractId);
    const [contract] = await asTenant((db) => rows<{ quote_id: string; amount: string; customer_id: string }>(db, sql`SELECT quote_id::text AS quote_id, amount::text AS amount, customer_id::text AS customer_id FROM contracts WHERE id = ${contractId}`));
    expect(contract).toMatchObject({ quote_id: quote.id, customer_id: customer.id });
    expect(formatMoney(parseMoney(contract!.amount))).toBe('10000.00');
    expect((await org.rep1.client.post(`/api/v1/quotes/${quote.id}/reject`, { reason: '太晚了' })).statusCode).toBe(409);
  });

  it('rejects a sent quote with a reason (400 without one); editing it takes it back to draft', async () => {
    const quote = await newQuote(org.rep1.client, { lines: [line('设备', '800.00', '1')] });
    await org.rep1.client.post(`/api/v1/quotes/${quote.id}/send`, {});
    const noReason = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(fieldsOf(noReason)).toEqual(['reason']);
    const rejected = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/reject`, { reason: '价格偏高' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectedReason: '价格偏高' });
    const edited = await org.rep1.client.patch(`/api/v1/quotes/${quote.id}`, { lines: [line('设备', '800.00', '1', { discountValue: '5' })] });
    expect(edited.json()).toMatchObject({ status: 'draft', totalAmount: '760.00', rejectedReason: null });
  });

  it('a rollback of accept (contract refused) leaves the quote sent', async () => {
    const quote = await newQuote(org.rep1.client, { lines: [line('设备', '100.00', '1')] });
    await org.rep1.client.post(`/api/v1/quotes/${quote.id}/send`, {});
    // another contract already made from it: createContractFromQuote refuses, nothing is kept
    const first = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/accept`, { createContract: true });
    expect(first.statusCode, first.body).toBe(200);
    await asTenant((db) => db.execute(sql`UPDATE quotes SET status = 'sent', accepted_at = NULL WHERE id = ${quote.id}`));
    const second = await org.rep1.client.post(`/api/v1/quotes/${quote.id}/accept`, { createContract: true });
    expect(second.statusCode).toBe(409);
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).json()).toMatchObject({ status: 'sent', acceptedAt: null });
  });

  it('expires sent quotes after their validity day ends in the tenant zone (controlled clock)', async () => {
    const today = zonedDate(new Date(), 'Asia/Shanghai');
    const quote = await newQuote(org.rep1.client, { lines: [line('设备', '100.00', '1')], quoteDate: today, validUntil: '2099-12-31' });
    await org.rep1.client.post(`/api/v1/quotes/${quote.id}/send`, {});
    const draft = await newQuote(org.rep1.client, { lines: [line('设备', '100.00', '1')], quoteDate: today, validUntil: '2099-12-31' });
    // 23:30 on 12-31 in Shanghai (15:30 UTC): still valid (other tests' quotes, valid for 30 days, expire here)
    await expireQuotes({ db: env.db }, new Date('2099-12-31T15:30:00Z'));
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).json().status).toBe('sent');
    // 00:30 on 01-01 in Shanghai (16:30 UTC on 12-31): expired; the draft is untouched; a second run finds nothing
    expect(await expireQuotes({ db: env.db }, new Date('2099-12-31T16:30:00Z'))).toBe(1);
    expect((await org.rep1.client.get(`/api/v1/quotes/${quote.id}`)).json().status).toBe('expired');
    expect((await org.rep1.client.get(`/api/v1/quotes/${draft.id}`)).json().status).toBe('draft');
    expect(await expireQuotes({ db: env.db }, new Date('2099-12-31T17:30:00Z'))).toBe(0);
    const history = (await org.rep1.client.get(`/api/v1/quotes/${quote.id}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'update', actorId: null, data: { event: 'expire' } });
  });
});

describe('quotes: discount limits and approval', () => {
  it('admin sets limits per role; a rep cannot send a quote over the limit until its discount approval is granted', async () => {
    expect((await org.rep1.client.get('/api/v1/discount-limits')).statusCode).toBe(403);
    const bad = await org.admin.client.put('/api/v1/discount-limits', { items: [{ roleId: repRoleId, maxDiscountPct: '101' }] });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['items.0.maxDiscountPct']);
    const saved = await org.admin.client.put('/api/v1/discount-limits', { items: [{ roleId: repRoleId, maxDiscountPct: '10' }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().items.find((i: { roleId: string }) => i.roleId === repRoleId).maxDiscountPct).toBe('10');

    const within = await newQuote(org.rep1.client, { lines: [line('设备', '1000.00', '1', { discountValue: '10' })] });
    expect(within).toMatchObject({ overLimit: false, needsDiscountApproval: false, myDiscountLimitPct: '10' });
    expect((await org.rep1.client.post(`/api/v1/quotes/${within.id}/send`, {})).statusCode).toBe(200);

    // a sale price below list counts as discount too: 850 of 1000 = 15 %
    const over = await newQuote(org.rep1.client, { lines: [line('设备', '1000.00', '2', { salePrice: '850.00' })] });
    expect(over).toMatchObject({ maxDiscountPct: '15', overLimit: true, needsDiscountApproval: true });
    const overFilter = await org.rep1.client.get(`/api/v1/quotes?filter=${encodeURIComponent(JSON.stringify({ field: 'overLimit', op: 'eq', value: true }))}`);
    expect(overFilter.json().items.map((x: { id: string }) => x.id)).toContain(over.id);
    expect(overFilter.json().items.map((x: { id: string }) => x.id)).not.toContain(within.id);
    const blocked = await org.rep1.client.post(`/api/v1/quotes/${over.id}/send`, {});
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({ code: 'DISCOUNT_APPROVAL_REQUIRED', details: { field: 'maxDiscountPct', limitPct: '10' } });

    // submitted: in approval; the approval refused → draft, still blocked
    await approvalStatus(over.id, 'pending');
    expect((await org.rep1.client.get(`/api/v1/quotes/${over.id}`)).json()).toMatchObject({ status: 'inApproval', approvalStatus: 'pending' });
    expect((await org.rep1.client.post(`/api/v1/quotes/${over.id}/send`, {})).statusCode).toBe(409);
    await approvalStatus(over.id, 'rejected');
    expect((await org.rep1.client.get(`/api/v1/quotes/${over.id}`)).json()).toMatchObject({ status: 'draft', approvalStatus: 'rejected' });
    expect((await org.rep1.client.post(`/api/v1/quotes/${over.id}/send`, {})).json().error.code).toBe('DISCOUNT_APPROVAL_REQUIRED');
    // resubmitted and approved → sendable
    await approvalStatus(over.id, 'pending');
    await approvalStatus(over.id, 'approved');
    const approved = (await org.rep1.client.get(`/api/v1/quotes/${over.id}`)).json();
    expect(approved).toMatchObject({ status: 'draft', approvalStatus: 'approved', needsDiscountApproval: false });
    // changing the lines after approval voids it
    await org.rep1.client.patch(`/api/v1/quotes/${over.id}`, { lines: [line('设备', '1000.00', '3', { salePrice: '850.00' })] });
    expect((await org.rep1.client.get(`/api/v1/quotes/${over.id}`)).json()).toMatchObject({ approvalStatus: 'none', needsDiscountApproval: true });
    await approvalStatus(over.id, 'pending');
    await approvalStatus(over.id, 'approved');
    const sent = await org.rep1.client.post(`/api/v1/quotes/${over.id}/send`, {});
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().status).toBe('sent');
    // a manager without a limit row sends such a quote directly
    const mgr = await newQuote(org.manager.client, { lines: [line('设备', '1000.00', '1', { discountValue: '40' })] });
    expect(mgr).toMatchObject({ overLimit: false, needsDiscountApproval: false, myDiscountLimitPct: null });
    expect((await org.manager.client.post(`/api/v1/quotes/${mgr.id}/send`, {})).statusCode).toBe(200);
  });
});

describe('quotes: from an opportunity', () => {
  it("copies the opportunity's customer and line items", async () => {
    const oppId = randomUUID();
    await asTenant((db) => inTransaction(db, async (tx) => {
      const [p] = await rows<{ id: string }>(tx, sql`INSERT INTO pipelines (tenant_id, name) VALUES (${t()}, ${`报价测试管道${oppId.slice(0, 4)}`}) RETURNING id::text AS id`);
      const [s] = await rows<{ id: string }>(tx, sql`INSERT INTO pipeline_stages (tenant_id, pipeline_id, name, sort, probability) VALUES (${t()}, ${p!.id}, '方案报价', 1, 50) RETURNING id::text AS id`);
      await tx.execute(sql`INSERT INTO opportunities (id, tenant_id, name, customer_id, pipeline_id, stage_id, probability, amount, owner_id)
        VALUES (${oppId}, ${t()}, '数据中心扩容', ${customer.id}, ${p!.id}, ${s!.id}, 50, 23400, ${org.rep1.userId})`);
      await tx.execute(sql`INSERT INTO line_items (tenant_id, parent_type, parent_id, position, product_name, list_price, sale_price, quantity, discount_kind, discount_value, tax_rate,
          gross_amount, discount_amount, allocated_discount, total_amount, tax_amount)
        VALUES (${t()}, 'opportunity', ${oppId}, 0, '存储阵列', 10000, 10000, 2, 'percent', 0, 13, 20000, 0, 0, 20000, 2300.88),
               (${t()}, 'opportunity', ${oppId}, 1, '安装调试', 4000, 4000, 1, 'percent', 15, 6, 4000, 600, 0, 3400, 192.45)`);
    }, t()));
    const res = await org.rep1.client.post('/api/v1/quotes', { opportunityId: oppId });
    expect(res.statusCode, res.body).toBe(201);
    const quote = (await org.rep1.client.get(`/api/v1/quotes/${res.json().id}`)).json();
    expect(quote).toMatchObject({ opportunityId: oppId, opportunityName: '数据中心扩容', customerId: customer.id, title: '数据中心扩容 报价', totalAmount: '23400.00', taxAmount: '2493.33', maxDiscountPct: '15' });
    expect(quote.lines.map((l: { productName: string }) => l.productName)).toEqual(['存储阵列', '安装调试']);
    // with a document discount the copied lines are re-priced
    const discounted = await org.rep1.client.post('/api/v1/quotes', { opportunityId: oppId, discount: { kind: 'amount', value: '400' } });
    expect(discounted.statusCode, discounted.body).toBe(201);
    expect(discounted.json()).toMatchObject({ totalAmount: '23000.00' });
    // another customer than the opportunity's is refused
    const other = await newCustomer(org.rep1.client, { name: '另一家客户' });
    const wrong = await org.rep1.client.post('/api/v1/quotes', { opportunityId: oppId, customerId: other.id });
    expect(fieldsOf(wrong)).toEqual(['customerId']);
  });
});
