import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let admin: SignedUp;
let rep: { client: TestClient; userId: string };
let service: { client: TestClient; userId: string };
let customerId: string;

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
  rep = await addUser(env, admin.client, { name: '陈静', email: `rep-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
  service = await addUser(env, admin.client, { name: '周婷', email: `cs-${Date.now()}@example.com`, roleKeys: ['customerService'] });
  customerId = (await rep.client.post('/api/v1/customers', { name: '成都天府软件', duplicatePolicy: 'create' })).json().id;
  const otherCustomer = (await rep.client.post('/api/v1/customers', { name: '别家客户', duplicatePolicy: 'create' })).json().id;
  const t = admin.tenantId;
  const a = admin.userId;
  const r = rep.userId;
  // rows inserted directly: the totals must not depend on how other modules write them
  await env.db.asSystem(async (db) => {
    const ex = (q: ReturnType<typeof sql>) => db.execute(q);
    const [p] = (await db.execute(sql`INSERT INTO pipelines (tenant_id, name) VALUES (${t}, '360测试管道') RETURNING id`) as unknown as { rows: { id: string }[] }).rows;
    const [s] = (await db.execute(sql`INSERT INTO pipeline_stages (tenant_id, pipeline_id, name, sort, probability) VALUES (${t}, ${p!.id}, '初步接洽', 1, 10) RETURNING id`) as unknown as { rows: { id: string }[] }).rows;
    const opp = (name: string, amount: string, status: string, owner: string, opts: { deleted?: boolean; customer?: string } = {}) => ex(sql`
      INSERT INTO opportunities (tenant_id, name, customer_id, pipeline_id, stage_id, probability, amount, status, loss_reason, owner_id, deleted_at)
      VALUES (${t}, ${name}, ${opts.customer ?? customerId}, ${p!.id}, ${s!.id}, 10, ${amount}, ${status}, ${status === 'lost' ? '价格' : null}, ${owner}, ${opts.deleted ? sql`now()` : null})`);
    await opp('A', '100.10', 'open', r);
    await opp('B', '200.20', 'open', a);
    await opp('C', '1000.00', 'won', r);
    await opp('D', '50.00', 'lost', r);
    await opp('E', '999.00', 'open', r, { deleted: true });
    await opp('F', '777.00', 'open', r, { customer: otherCustomer });

    const quote = (owner: string, deleted = false) => ex(sql`INSERT INTO quotes (tenant_id, title, customer_id, owner_id, deleted_at) VALUES (${t}, '报价', ${customerId}, ${owner}, ${deleted ? sql`now()` : null})`);
    await quote(r);
    await quote(a);
    await quote(r, true);

    const contract = async (amount: string, received: string, status: string, owner: string) => (await db.execute(sql`
      INSERT INTO contracts (tenant_id, name, customer_id, amount, received_amount, status, owner_id)
      VALUES (${t}, '合同', ${customerId}, ${amount}, ${received}, ${status}, ${owner}) RETURNING id`) as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const k1 = await contract('10000.00', '3000.00', 'approved', r);
    const k2 = await contract('5000.00', '1000.00', 'approved', a);
    await contract('700.00', '0', 'void', r);
    await contract('800.00', '0', 'draft', a);

    const pay = (contractId: string, amount: string, status: string, owner: string) => ex(sql`
      INSERT INTO payment_records (tenant_id, contract_id, customer_id, paid_on, amount, method, status, owner_id)
      VALUES (${t}, ${contractId}, ${customerId}, '2026-11-01', ${amount}, 'bankTransfer', ${status}, ${owner})`);
    await pay(k1, '3000.00', 'confirmed', r);
    await pay(k1, '500.00', 'draft', r);
    await pay(k2, '1000.00', 'confirmed', a);

    const invoice = (contractId: string, amount: string, status: string, owner: string) => ex(sql`
      INSERT INTO invoices (tenant_id, contract_id, customer_id, amount, invoice_type, title_type, title, status, invoice_no, invoiced_on, owner_id)
      VALUES (${t}, ${contractId}, ${customerId}, ${amount}, 'ordinaryVat', 'company', '成都天府软件', ${status},
              ${status === 'issued' ? 'NO1' : null}, ${status === 'issued' ? sql`'2026-11-02'::date` : null}, ${owner})`);
    await invoice(k1, '2000.00', 'issued', r);
    await invoice(k1, '300.00', 'approved', r);
    await invoice(k2, '1500.00', 'issued', a);
  });
}, 60_000);
afterAll(async () => env?.close());

describe('customer 360 deal-to-cash totals', () => {
  it('sums opportunities, quotes, contracts, payments and invoices of the customer', async () => {
    const res = await admin.client.get(`/api/v1/customers/${customerId}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dealToCash).toEqual({
      openOpportunities: 2, openOpportunityAmount: '300.30', wonAmount: '1000.00',
      quotes: 2, contracts: 3, contractAmount: '15800.00', outstanding: '11000.00',
      received: '4000.00', invoiced: '3500.00',
    });
  });

  it('counts only what the actor may see (a rep sees their own records)', async () => {
    const res = await rep.client.get(`/api/v1/customers/${customerId}/summary`);
    expect(res.json().dealToCash).toEqual({
      openOpportunities: 1, openOpportunityAmount: '100.10', wonAmount: '1000.00',
      quotes: 1, contracts: 1, contractAmount: '10000.00', outstanding: '7000.00',
      received: '3000.00', invoiced: '2000.00',
    });
  });

  it('leaves out the record types the actor may not view', async () => {
    const res = await service.client.get(`/api/v1/customers/${customerId}/summary`);
    expect(res.json().dealToCash).toEqual({
      openOpportunities: null, openOpportunityAmount: null, wonAmount: null, quotes: null,
      contracts: 3, contractAmount: '15800.00', outstanding: '11000.00', received: null, invoiced: null,
    });
  });

  it('gives zeros for a customer with no deals yet', async () => {
    const fresh = (await admin.client.post('/api/v1/customers', { name: '新客户无交易', duplicatePolicy: 'create' })).json().id;
    expect((await admin.client.get(`/api/v1/customers/${fresh}/summary`)).json().dealToCash).toEqual({
      openOpportunities: 0, openOpportunityAmount: '0.00', wonAmount: '0.00', quotes: 0, contracts: 0, contractAmount: '0.00',
      outstanding: '0.00', received: '0.00', invoiced: '0.00',
    });
  });
});
