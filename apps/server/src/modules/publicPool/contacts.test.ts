import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { newPool } from './testPool.ts';

let env: TestEnv;
let org: Org;
let pool: Record<string, any>;

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  pool = await newPool(org.admin.client, { name: '联系人公海', recordTypes: ['customer'], memberDepartmentIds: [org.deptEast] });
});
afterAll(async () => {
  await env?.close();
});

describe("a customer's contacts go with it through the pool", () => {
  it('leave the previous owner when the customer returns, and follow whoever claims it', async () => {
    const customer = await org.rep1.client.post('/api/v1/customers', { name: '随客户流转的联系人测试公司', duplicatePolicy: 'create' });
    expect(customer.statusCode, customer.body).toBe(201);
    const contact = await org.rep1.client.post('/api/v1/contacts', { name: '周采购', customerId: customer.json().id, mobile: '13912345678' });
    expect(contact.statusCode, contact.body).toBe(201);
    const contactId = contact.json().id as string;

    const back = await org.rep1.client.post('/api/v1/pools/return', { recordType: 'customer', ids: [customer.json().id], poolId: pool.id, reason: '客户暂无需求' });
    expect(back.statusCode, back.body).toBe(200);
    expect((await org.rep1.client.get(`/api/v1/contacts/${contactId}`)).statusCode).toBe(404);

    const claimed = await org.rep2.client.post(`/api/v1/pools/${pool.id}/claim`, { recordType: 'customer', ids: [customer.json().id] });
    expect(claimed.statusCode, claimed.body).toBe(200);
    const seen = await org.rep2.client.get(`/api/v1/contacts/${contactId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().ownerId).toBe(org.rep2.userId);
  });
});
