import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { CSRF_COOKIE, CSRF_HEADER } from '@loopline/shared';
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

describe('contracts: create, number, read, change, delete', () => {
  it('numbers contracts HT + date + sequence, reads, edits, lists, deletes and restores', async () => {
    const a = await newContract(org.rep1.client, { contractType: 'service', startDate: '2026-01-01', endDate: '2026-12-31', paymentTerms: '分两期' });
    const b = await newContract(org.rep1.client, { name: '第二份合同' });
    expect(a).toMatchObject({ status: 'draft', amount: '120000.50', receivedAmount: '0.00', outstandingAmount: '120000.50', invoicedAmount: '0.00', customerName: '合同测试客户', ownerId: org.rep1.userId, contractType: 'service' });
    expect(a.number).toMatch(/^HT\d{12}$/);
    expect(Number(b.number.slice(-4))).toBe(Number(a.number.slice(-4)) + 1);

    const edited = await org.rep1.client.patch(`/api/v1/contracts/${a.id}`, { name: '年度服务合同（修订）', amount: '99999.99' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: '年度服务合同（修订）', amount: '99999.99', outstandingAmount: '99999.99' });

    const found = await org.rep1.client.get(`/api/v1/contracts?q=${encodeURIComponent('修订')}`);
    expect(found.json().items.map((x: { id: string }) => x.id)).toEqual([a.id]);
    const byNumber = await org.rep1.client.get(`/api/v1/contracts?q=${b.number}`);
    expect(byNumber.json().items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    // another rep's data scope does not reach it
    expect((await org.rep3.client.get(`/api/v1/contracts/${a.id}`)).statusCode).toBe(404);

    const history = await org.rep1.client.get(`/api/v1/contracts/${a.id}/history`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items.length).toBeGreaterThanOrEqual(2);

    expect((await org.admin.client.delete(`/api/v1/contracts/${b.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.get(`/api/v1/contracts/${b.id}`)).statusCode).toBe(404);
    const bin = await org.admin.client.get('/api/v1/contracts/recycle-bin');
    expect(bin.json().items.map((x: { id: string }) => x.id)).toContain(b.id);
    const restored = await org.admin.client.post(`/api/v1/contracts/${b.id}/restore`, {});
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await org.rep1.client.get(`/api/v1/contracts/${b.id}`)).statusCode).toBe(200);
  });

  it('takes its amount from line items when they are given', async () => {
    const c = await newContract(org.rep1.client, {
      amount: undefined,
      lines: [{ productName: '软件许可', listPrice: '100.00', quantity: '3', taxRate: '13' }, { productName: '实施服务', listPrice: '0.10', quantity: '1' }],
    });
    expect(c.amount).toBe('300.10');
    expect(c.lines).toHaveLength(2);
    expect(c.lines[0]).toMatchObject({ productName: '软件许可', quantity: expect.stringMatching(/^3(\.0+)?$/) });
  });
});

describe('contracts: bad input changes nothing', () => {
  it('refuses dates out of order naming endDate, negative, malformed and absurd amounts naming amount', async () => {
    const before = await countContracts();
    const dates = await org.rep1.client.post('/api/v1/contracts', { customerId: customer.id, name: 'x', amount: '10', startDate: '2026-05-01', endDate: '2026-04-30' });
    expect(dates.statusCode).toBe(400);
    expect(fieldOf(dates)).toBe('endDate');
    for (const amount of ['-1', 'abc', '1.234', '100000000000000', -5]) {
      const res = await org.rep1.client.post('/api/v1/contracts', { customerId: customer.id, name: 'x', amount });
      expect(res.statusCode, `${amount}: ${res.body}`).toBe(400);
      expect(fieldOf(res)).toBe('amount');
    }
    const opp = await org.rep1.client.post('/api/v1/contracts', { customerId: customer.id, name: 'x', amount: '1', customerSignerId: '00000000-0000-4000-8000-000000000000' });
    expect(opp.statusCode).toBe(400);
    expect(fieldOf(opp)).toBe('customerSignerId');
    expect(await countContracts()).toBe(before);

    const c = await newContract(org.rep1.client, { startDate: '2026-01-01' });
    const bad = await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { endDate: '2025-12-31' });
    expect(bad.statusCode).toBe(400);
    expect(fieldOf(bad)).toBe('endDate');
  });

  it('refuses an amount below what has been received (409 naming amount)', async () => {
    const c = await newContract(org.rep1.client, { amount: '10000' });
    await asTenant((db) => db.execute(sql`UPDATE contracts SET received_amount = 6000 WHERE id = ${c.id}`));
    const res = await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { amount: '5999.99' });
    expect(res.statusCode).toBe(409);
    expect(fieldOf(res)).toBe('amount');
    const ok = await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { amount: '6000' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ amount: '6000.00', receivedAmount: '6000.00', outstandingAmount: '0.00' });
  });
});

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

describe('contracts from documents', () => {
  it('makes a contract from an accepted quote (customer, amount, lines copied) once', async () => {
    const quoteId = await insertQuote('accepted');
    const res = await org.rep1.client.post('/api/v1/contracts', { quoteId, endDate: '2027-01-31' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ quoteId, customerId: customer.id, name: '服务器采购报价', amount: '9300.00', paymentTerms: '款到发货', endDate: '2027-01-31', status: 'draft' });
    expect(c.lines.map((l: { productName: string }) => l.productName)).toEqual(['服务器', '安装']);
    const linked = await asTenant((db) => one<{ contract_id: string }>(db, sql`SELECT contract_id::text AS contract_id FROM quotes WHERE id = ${quoteId}`));
    expect(linked!.contract_id).toBe(c.id);
    const again = await org.rep1.client.post('/api/v1/contracts', { quoteId });
    expect(again.statusCode).toBe(409);
    expect(fieldOf(again)).toBe('quoteId');
    const draftQuote = await insertQuote('draft', false);
    expect((await org.rep1.client.post('/api/v1/contracts', { quoteId: draftQuote })).statusCode).toBe(409);
  });

  it('prefills a contract from an opportunity', async () => {
    const oppId = await asTenant((db) => inTransaction(db, async (tx) => {
      const p = await one<{ id: string }>(tx, sql`INSERT INTO pipelines (tenant_id, name) VALUES (${t()}, '合同测试管道') RETURNING id::text AS id`);
      const s = await one<{ id: string }>(tx, sql`INSERT INTO pipeline_stages (tenant_id, pipeline_id, name, sort, probability) VALUES (${t()}, ${p!.id}, '谈判', 1, 60) RETURNING id::text AS id`);
      const o = await one<{ id: string }>(tx, sql`INSERT INTO opportunities (tenant_id, name, customer_id, pipeline_id, stage_id, probability, amount, owner_id)
        VALUES (${t()}, '机房扩容项目', ${customer.id}, ${p!.id}, ${s!.id}, 60, 56000, ${org.rep1.userId}) RETURNING id::text AS id`);
      return o!.id;
    }));
    const res = await org.rep1.client.post('/api/v1/contracts', { opportunityId: oppId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ opportunityId: oppId, opportunityName: '机房扩容项目', customerId: customer.id, name: '机房扩容项目', amount: '56000.00' });
    // an opportunity of another customer is refused
    const mismatch = await org.rep1.client.post('/api/v1/contracts', { customerId: otherCustomer.id, opportunityId: oppId, name: 'x', amount: '1' });
    expect(mismatch.statusCode).toBe(400);
    expect(fieldOf(mismatch)).toBe('opportunityId');
  });
});

describe('contracts in approval', () => {
  it('maps approval statuses onto the contract and locks it while in review', async () => {
    const c = await newContract(org.rep1.client, { amount: '49999.99' });
    const def = findApprovable('contract')!;
    const described = await asTenant((db) => def.describe(db, t(), c.id));
    expect(described).toMatchObject({ title: `年度服务合同 ${c.number}`, summary: { amount: '49999.99', customerName: '合同测试客户', number: c.number } });

    await approvalStatus(c.id, 'pending');
    expect((await org.rep1.client.get(`/api/v1/contracts/${c.id}`)).json().status).toBe('inReview');
    const edit = await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { amount: '1' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('RECORD_LOCKED');
    expect((await org.admin.client.delete(`/api/v1/contracts/${c.id}`)).statusCode).toBe(409);
    expect((await org.admin.client.patch(`/api/v1/contracts/${c.id}/owner`, { ownerId: org.rep2.userId })).statusCode).toBe(409);
    expect((await org.rep1.client.get(`/api/v1/contracts/${c.id}`)).json()).toMatchObject({ amount: '49999.99', ownerId: org.rep1.userId });

    await approvalStatus(c.id, 'rejected');
    expect((await org.rep1.client.get(`/api/v1/contracts/${c.id}`)).json().status).toBe('rejected');
    expect((await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { paymentTerms: '改为三期' })).statusCode).toBe(200);

    await approvalStatus(c.id, 'pending');
    await approvalStatus(c.id, 'returned');
    expect((await org.rep1.client.get(`/api/v1/contracts/${c.id}`)).json().status).toBe('withdrawn');

    await approvalStatus(c.id, 'pending');
    await approvalStatus(c.id, 'approved');
    const approved = (await org.rep1.client.get(`/api/v1/contracts/${c.id}`)).json();
    expect(approved.status).toBe('approved');
    expect(approved.signedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // approved: no more edits, and no second submission
    const late = await org.rep1.client.patch(`/api/v1/contracts/${c.id}`, { amount: '2' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CONTRACT_NOT_EDITABLE');
    await expect(asTenant((db) => def.assertSubmittable!(db, {} as never, c.id))).rejects.toMatchObject({ status: 409 });
    const zero = await newContract(org.rep1.client, { amount: '0' });
    await expect(asTenant((db) => def.assertSubmittable!(db, {} as never, zero.id))).rejects.toMatchObject({ status: 400 });
  });

  it('voids a contract with a reason, but not one with confirmed payments', async () => {
    const paid = await newContract(org.rep1.client, { amount: '8000' });
    await approvalStatus(paid.id, 'pending');
    await approvalStatus(paid.id, 'approved');
    await asTenant((db) => db.execute(sql`INSERT INTO payment_records (tenant_id, number, contract_id, customer_id, paid_on, amount, method, status)
      VALUES (${t()}, 'HK-TEST', ${paid.id}, ${customer.id}, current_date, 1000, 'bankTransfer', 'confirmed')`));
    const refused = await org.rep1.client.post(`/api/v1/contracts/${paid.id}/void`, { reason: '客户取消' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONTRACT_HAS_PAYMENTS');
    expect((await org.rep1.client.get(`/api/v1/contracts/${paid.id}`)).json().status).toBe('approved');

    const free = await newContract(org.rep1.client, { amount: '8000' });
    expect((await org.rep1.client.post(`/api/v1/contracts/${free.id}/void`, {})).statusCode).toBe(400);
    const voided = await org.rep1.client.post(`/api/v1/contracts/${free.id}/void`, { reason: '客户取消' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().status).toBe('void');
    expect((await org.rep1.client.post(`/api/v1/contracts/${free.id}/void`, { reason: '再次' })).statusCode).toBe(409);
  });

  it('lists approved contracts near their end date in the to-do centre', async () => {
    const soon = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 200 * 86400_000).toISOString().slice(0, 10);
    const mine = await newCustomer(org.rep2.client, { name: '到期提醒客户' });
    const expiring = await newContract(org.rep2.client, { customerId: mine.id, name: '即将到期合同', endDate: soon });
    const far = await newContract(org.rep2.client, { customerId: mine.id, name: '远期合同', endDate: later });
    const draft = await newContract(org.rep2.client, { customerId: mine.id, name: '草稿到期合同', endDate: soon });
    for (const c of [expiring, far]) {
      await approvalStatus(c.id, 'pending');
      await approvalStatus(c.id, 'approved');
    }
    const todo = await org.rep2.client.get('/api/v1/todo');
    expect(todo.statusCode, todo.body).toBe(200);
    const group = todo.json().groups?.find((g: { key: string }) => g.key === 'contracts.expiring') ?? todo.json().items?.find((g: { key: string }) => g.key === 'contracts.expiring');
    expect(group).toBeTruthy();
    const ids = group.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(expiring.id);
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(draft.id);
  });
});

describe('合同到期提醒 flow template', () => {
  it('starts a flow from the template and publishes it (valid on the contract record type)', async () => {
    const created = await org.admin.client.post('/api/v1/flows', { name: '合同到期提醒', templateKey: 'contractExpiry' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ recordType: 'contract', triggerType: 'dateRelative' });
    const published = await org.admin.client.post(`/api/v1/flows/${created.json().id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
  });
});

describe('signed scans', () => {
  it('attaches a scan to a contract through the files module, visible as the contract is', async () => {
    const c = await newContract(org.rep1.client, {});
    const boundary = '----loopline-contract-test';
    const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = Buffer.concat([
      Buffer.from(field('recordType', 'contract') + field('recordId', c.id)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="合同扫描件.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.from('%PDF-1.7\n% signed contract\n%%EOF\n'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const client = org.rep1.client;
    const cookie = Object.entries(client.cookies).map(([key, v]) => `${key}=${v}`).join('; ');
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie, [CSRF_HEADER]: client.cookies[CSRF_COOKIE]! } });
    expect(res.statusCode, res.body).toBe(201);
    const listed = await client.get(`/api/v1/files?recordType=contract&recordId=${c.id}`);
    expect(listed.json().items.map((f: { name: string }) => f.name)).toEqual(['合同扫描件.pdf']);
    expect((await org.rep3.client.get(`/api/v1/files?recordType=contract&recordId=${c.id}`)).statusCode).toBe(404);
  });
});

describe('printing', () => {
  it('prints the contract as a PDF with its number, customer and amount in 大写', async () => {
    const { extractText, getDocumentProxy } = await import('unpdf');
    const c = await newContract(org.rep1.client, { amount: undefined, lines: [{ productName: '软件许可', listPrice: '1234.50', quantity: '1' }] });
    const res = await org.rep1.client.get(`/api/v1/contracts/${c.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    const flat = String(text).replace(/\s+/g, '');
    expect(flat).toContain(c.number);
    expect(flat).toContain('壹仟贰佰叁拾肆元伍角');
    expect(flat).toContain('软件许可');
    expect((await org.rep3.client.get(`/api/v1/contracts/${c.id}/pdf`)).statusCode).toBe(404);
  });
});
