import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, q, setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

async function indexNames(): Promise<string[]> {
  const r = await env.db.owner.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'customers'`);
  return r.rows.map((x) => x.indexname);
}

describe('custom fields', () => {
  it('create → validate values → filter and sort → index → drop', async () => {
    const a = org.admin.client;
    const created = await a.post(`${api}/custom-fields`, { recordType: 'customer', key: 'budget', label: '预算', labelEn: 'Budget', type: 'money', min: 0 });
    expect(created.statusCode, created.body).toBe(201);
    const field = created.json();
    expect(field).toMatchObject({ key: 'budget', type: 'money', indexed: false, inUse: 0 });

    const bad = await a.post(`${api}/customers`, { name: '预算客户X', custom: { budget: 12.345 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toEqual([{ field: 'custom.budget', message: 'must have at most 2 decimals' }]);
    const unknown = await a.post(`${api}/customers`, { name: '预算客户X', custom: { budgett: 1 } });
    expect(unknown.json().error.details.fields).toEqual([{ field: 'custom.budgett', message: 'unknown custom field' }]);

    const ids = [];
    for (const [i, budget] of [500, 12000.5, 3000].entries()) ids.push((await newCustomer(a, { name: `预算客户${i}`, custom: { budget } })).id);
    const list = (await a.get(`${api}/customers?filter=${q({ field: 'custom.budget', op: 'gte', value: 1000 })}&sort=-custom.budget`)).json();
    expect(list.items.map((c: { custom: { budget: number } }) => c.custom.budget)).toEqual([12000.5, 3000]);

    const marked = await a.patch(`${api}/custom-fields/${field.id}`, { indexed: true });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ indexed: true, inUse: 3 });
    const named = (await indexNames()).filter((n) => n.startsWith('cf_customers_'));
    expect(named).toHaveLength(1);
    const def = await env.db.owner.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [named[0]]);
    expect(def.rows[0]!.indexdef).toContain(`WHERE (tenant_id = '${org.admin.tenantId}'::uuid)`);
    // the filter still works, now with the index available
    expect((await a.get(`${api}/customers?filter=${q({ field: 'custom.budget', op: 'lt', value: 1000 })}`)).json().items.map((c: { id: string }) => c.id)).toEqual([ids[0]]);

    expect((await a.patch(`${api}/custom-fields/${field.id}`, { indexed: false })).statusCode).toBe(200);
    expect((await indexNames()).filter((n) => n.startsWith('cf_customers_'))).toEqual([]);

    await a.patch(`${api}/custom-fields/${field.id}`, { indexed: true });
    const inUse = await a.delete(`${api}/custom-fields/${field.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'FIELD_IN_USE', details: { inUse: 3 } });
    expect((await a.delete(`${api}/custom-fields/${field.id}?force=1`)).statusCode).toBe(204);
    expect((await indexNames()).filter((n) => n.startsWith('cf_customers_'))).toEqual([]);
    const after = (await a.get(`${api}/customers/${ids[1]}`)).json();
    expect(after.custom).toEqual({});
  });

  it('indexes date, datetime, select and multiselect fields with expressions filters can use', async () => {
    const a = org.admin.client;
    const fields = [
      { key: 'signedOn', type: 'date' }, { key: 'visitAt', type: 'datetime' }, { key: 'tier', type: 'singleSelect', options: [{ value: 'gold', label: '金' }] },
      { key: 'regions', type: 'multiSelect', options: [{ value: 'east', label: '华东' }, { value: 'south', label: '华南' }] }, { key: 'vip', type: 'boolean' },
    ];
    for (const f of fields) expect((await a.post(`${api}/custom-fields`, { recordType: 'customer', label: f.key, indexed: true, ...f })).statusCode).toBe(201);
    const c = await newCustomer(a, { name: '索引客户', custom: { signedOn: '2024-03-01', visitAt: '2024-03-01T10:00:00+08:00', tier: 'gold', regions: ['east'], vip: true } });
    expect(c.custom.visitAt).toBe('2024-03-01T02:00:00.000Z');
    const filter = { and: [
      { field: 'custom.signedOn', op: 'between', value: ['2024-01-01', '2024-12-31'] },
      { field: 'custom.visitAt', op: 'gte', value: '2024-03-01' },
      { field: 'custom.tier', op: 'eq', value: 'gold' },
      { field: 'custom.regions', op: 'contains', value: 'east' },
      { field: 'custom.vip', op: 'eq', value: true },
    ] };
    const res = await a.get(`${api}/customers?filter=${q(filter)}&sort=-custom.visitAt`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await indexNames()).filter((n) => n.startsWith('cf_customers_'))).toHaveLength(5);
  });

  it('checks user, department and file references against the tenant', async () => {
    const a = org.admin.client;
    for (const [key, type] of [['accountManager', 'user'], ['team', 'department'], ['contractScan', 'attachment']]) {
      expect((await a.post(`${api}/custom-fields`, { recordType: 'customer', key, label: key, type })).statusCode).toBe(201);
    }
    const stranger = '00000000-0000-4000-8000-000000000000';
    const bad = await a.post(`${api}/customers`, { name: '引用客户', custom: { accountManager: stranger, team: stranger, contractScan: [stranger] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual(['custom.accountManager', 'custom.team', 'custom.contractScan']);
    const ok = await newCustomer(a, { name: '引用客户', custom: { accountManager: org.rep1.userId, team: org.deptEast } });
    expect(ok.custom).toEqual({ accountManager: org.rep1.userId, team: org.deptEast });
    const mine = await a.get(`${api}/customers?filter=${q({ field: 'custom.accountManager', op: 'eq', value: org.rep1.userId })}`);
    expect(mine.json().items.map((c: { id: string }) => c.id)).toEqual([ok.id]);
  });

  it('validates definitions: key format, duplicate keys, options, regex; admins only', async () => {
    const a = org.admin.client;
    const post = (body: object) => a.post(`${api}/custom-fields`, { recordType: 'customer', label: 'x', ...body });
    expect((await post({ key: 'Bad-Key', type: 'text' })).statusCode).toBe(400);
    expect((await post({ key: "x'); DROP TABLE customers; --", type: 'text' })).statusCode).toBe(400);
    expect((await post({ key: 'okKey', type: 'nope' })).statusCode).toBe(400);
    expect((await post({ key: 'sel', type: 'singleSelect' })).json().error.details.fields[0].field).toBe('options');
    const badRe = await post({ key: 'code', type: 'text', pattern: '([a-z' });
    expect(badRe.statusCode).toBe(400);
    expect(badRe.json().error.details.fields[0].field).toBe('pattern');
    expect((await post({ key: 'redos', type: 'text', pattern: '(a+)+$' })).statusCode).toBe(400);
    expect((await post({ key: 'files', type: 'attachment', indexed: true })).statusCode).toBe(400);
    expect((await post({ key: 'orderNo', type: 'text', pattern: '^[A-Z]{2}\\d{4}$', required: false, unique: true })).statusCode).toBe(201);
    expect((await post({ key: 'orderNo', type: 'text' })).statusCode).toBe(409);
    expect((await org.rep1.client.post(`${api}/custom-fields`, { recordType: 'customer', key: 'hack', label: 'x', type: 'text' })).statusCode).toBe(403);
    expect((await post({ recordType: 'spaceship', key: 'x1', type: 'text' })).statusCode).toBe(400);

    const bad = await a.post(`${api}/customers`, { name: '格式客户', custom: { orderNo: 'ab12' } });
    expect(bad.json().error.details.fields).toEqual([{ field: 'custom.orderNo', message: 'does not match the required format' }]);
    await newCustomer(a, { name: '格式客户', custom: { orderNo: 'AB1234' } });
    const dup = await a.post(`${api}/customers`, { name: '格式客户2', custom: { orderNo: 'AB1234' }, duplicatePolicy: 'create' }); // a look-alike name on purpose
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.field).toBe('custom.orderNo');
  });

  it('lists definitions for everyone, hiding hidden fields and counts from non-admins; reorders', async () => {
    const a = org.admin.client;
    const mk = async (key: string) => (await a.post(`${api}/custom-fields`, { recordType: 'customer', key, label: key, type: 'text' })).json().id as string;
    const first = await mk('aaa');
    const second = await mk('bbb');
    const roles = (await a.get(`${api}/roles`)).json().items as { id: string; key: string; permissions: Record<string, unknown> }[];
    const rep = roles.find((r) => r.key === 'salesRep')!;
    const patched = await a.patch(`${api}/roles/${rep.id}`, { permissions: { ...rep.permissions, fields: { customer: { 'custom.aaa': 'hidden', 'custom.bbb': 'readonly' } } } });
    expect(patched.statusCode, patched.body).toBe(200);
    const seen = (await org.rep1.client.get(`${api}/custom-fields?recordType=customer`)).json().items;
    expect(seen.map((f: { key: string }) => f.key)).not.toContain('aaa');
    expect(seen.find((f: { key: string }) => f.key === 'bbb')).toMatchObject({ access: 'readonly', inUse: null });
    expect((await org.rep1.client.post(`${api}/customers`, { name: '只读字段', custom: { bbb: 'x' } })).statusCode).toBe(403);

    const re = await a.post(`${api}/custom-fields/reorder`, { recordType: 'customer', ids: [second, first] });
    expect(re.statusCode, re.body).toBe(200);
    const keys = re.json().items.map((f: { key: string }) => f.key);
    expect(keys.indexOf('bbb')).toBeLessThan(keys.indexOf('aaa'));
    expect((await a.post(`${api}/custom-fields/reorder`, { recordType: 'customer', ids: [org.admin.userId] })).statusCode).toBe(400);
  });
});
