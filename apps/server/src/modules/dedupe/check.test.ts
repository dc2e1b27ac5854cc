import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, userWithRole, type Member, type Org } from '../customers/testOrg.ts';
import { insertContact, insertCustomer, insertLead } from './testData.ts';

let env: TestEnv;
let org: Org;
let hidesNames: Member; // lead names hidden
let productsOnly: Member; // works with none of the three types
const ids: Record<string, string> = {};
const url = '/api/v1/dedupe/check';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  const t = org.admin.tenantId;
  await env.db.forTenant(t, async (db) => {
    ids.mine = await insertLead(db, t, { name: '张三', mobile: '13800138000', email: 'zhang@yunqi.cn', company: '杭州云栖网络科技有限公司', ownerId: org.rep1.userId });
    ids.colleague = await insertLead(db, t, { name: '张三丰', mobile: '13800138000', ownerId: org.rep2.userId });
    ids.customer = await insertCustomer(db, t, { name: '杭州云栖网络科技(中国)有限公司', phone: '13800138000', ownerId: org.rep3.userId });
    ids.contact = await insertContact(db, t, { name: '张三', email: 'ZHANG@yunqi.cn', ownerId: org.rep2.userId });
  });
  hidesNames = await userWithRole(env, org.admin.client, 'hidesNames', { dataScope: 'all', objects: { lead: ['view'] }, fields: { lead: { name: 'hidden', ownerId: 'hidden' } } });
  productsOnly = await userWithRole(env, org.admin.client, 'productsOnly', { dataScope: 'all', objects: { product: ['view'] } });
});
afterAll(async () => {
  await env?.close();
});

describe('POST /dedupe/check', () => {
  it('shows a rep every match grouped by type, with owners, linking only what the rep may open', async () => {
    const res = await org.rep1.client.post(url, { mobile: '+86 138-0013-8000' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Record<string, unknown>[];
    expect(items.map((m) => [m.recordType, m.id, m.ownerName, m.visible])).toEqual([
      ['lead', ids.mine, 'rep1', true],
      ['lead', ids.colleague, 'rep2', false],
      ['customer', ids.customer, 'rep3', false],
    ]);
    expect(items[2]).toMatchObject({ title: '杭州云栖网络科技(中国)有限公司', matchedOn: ['phone'] });
    expect(res.body).not.toContain('13800138000');
  });

  it('searches by name, company and email together, and leaves out the record being edited', async () => {
    const res = await org.manager.client.post(url, { name: '张三', company: '杭州云栖网络科技有限责任公司', email: 'Zhang@YunQi.cn', excludeId: ids.mine });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { recordType: string; id: string; matchedOn: string[] }[];
    expect(items.map((m) => m.id)).toEqual([ids.customer, ids.contact]);
    expect(items[0].matchedOn).toEqual(['company']);
    expect(items[1].matchedOn.sort()).toEqual(['email', 'name']);
  });

  it('finds similar company names and says how similar', async () => {
    const res = await org.rep1.client.post(url, { company: '杭州云栖网络科技发展有限公司', recordTypes: ['customer'] });
    const [hit] = res.json().items;
    expect(hit).toMatchObject({ id: ids.customer, matchedOn: ['similarName'] });
    expect(hit.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it('leaves out fields the role hides', async () => {
    const res = await hidesNames.client.post(url, { mobile: '13800138000', recordTypes: ['lead'] });
    expect(res.statusCode, res.body).toBe(200);
    for (const m of res.json().items) expect(m).toMatchObject({ title: null, ownerId: null, ownerName: null, visible: true });
    expect(res.body).not.toContain('张三');
  });

  it('refuses empty, malformed and unauthorised requests with 4xx', async () => {
    const c = org.rep1.client;
    expect((await c.post(url, {})).statusCode).toBe(400);
    expect((await c.post(url, { name: '  ' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await c.post(url, { mobile: '138', colour: 'red' })).json().error.details.fields).toEqual([{ field: 'colour', message: 'unknown field' }]);
    expect((await c.post(url, { mobile: '138', recordTypes: ['opportunity'] })).statusCode).toBe(400);
    expect((await c.post(url, { email: 'x'.repeat(300) })).statusCode).toBe(400);
    expect((await productsOnly.client.post(url, { mobile: '13800138000' })).statusCode).toBe(403);
    expect((await c.post(url, { mobile: "'; DROP TABLE leads; --" })).json().items).toEqual([]);
  });
});
