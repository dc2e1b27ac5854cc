import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { createCustomers } from './create.ts';
import { runBatch, stored } from './testBatch.ts';
import { newCustomer, setupOrg, type Org } from './testOrg.ts';

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

const statuses = (res: { outcomes: { status: string }[] }) => res.outcomes.map((o) => o.status);

describe('createCustomers (the one way customers are created)', () => {
  it('reports bad rows by index with field errors and creates the rest, numbered in one block, with 查重 keys', async () => {
    const res = await runBatch(env, org.admin.client, createCustomers, [
      { name: '批量导入甲有限公司', phone: '+86 138-0013-8000', email: 'Boss@Example.COM' },
      { name: '' },
      { name: '批量导入乙', grade: 'Z' },
      { name: '批量导入丙', colour: 'red' },
      { name: '批量导入丁', phone: '12345' },
      { name: '批量导入戊（中国）有限公司', custom: { nope: 1 } },
      { name: '批量导入己' },
    ], 'reject');
    expect(statuses(res)).toEqual(['created', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'created']);
    expect(res.outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(res.outcomes[1]!.errors![0]!.field).toBe('name');
    expect(res.outcomes[2]!.errors![0]!.field).toBe('grade');
    expect(res.outcomes[3]!.errors).toEqual([{ field: 'colour', message: 'unknown field' }]);
    expect(res.outcomes[4]!.errors![0]!.field).toBe('phone');
    expect(res.outcomes[5]!.errors![0]!.field).toBe('custom.nope');
    const first = await stored(env, 'customers', res.outcomes[0]!.id!);
    const last = await stored(env, 'customers', res.outcomes[6]!.id!);
    expect(Number(last.number.slice(-4)) - Number(first.number.slice(-4))).toBe(1);
    expect(first).toMatchObject({ name_norm: '批量导入甲', phone_norm: '13800138000', email_norm: 'boss@example.com', source: 'import', owner_id: org.admin.userId });
    expect(first.owner_since).not.toBeNull();
    const hist = (await org.admin.client.get(`${api}/customers/${first.id}/history`)).json().items;
    expect(hist).toMatchObject([{ action: 'create', changes: { name: { before: null, after: '批量导入甲有限公司' } } }]);
  });

  it('applies the duplicate policy: exact name, phone and similar names', async () => {
    const existing = await newCustomer(org.admin.client, { name: '杭州云帆科技有限公司', phone: '13812345678' });
    const rows = [
      { name: '杭州云帆科技有限公司', grade: 'A' }, // exact name
      { name: '云帆另一个名字', phone: '+86 138 1234 5678', city: '杭州' }, // same phone
      { name: '全新的客户公司' },
    ];
    const rejected = await runBatch(env, org.admin.client, createCustomers, rows, 'reject');
    expect(statuses(rejected)).toEqual(['rejected', 'rejected', 'created']);
    expect(rejected.outcomes[0]).toMatchObject({ errors: [{ field: 'name' }], duplicates: [{ recordType: 'customer', id: existing.id, matchedOn: ['name'] }] });
    expect(rejected.outcomes[1]).toMatchObject({ errors: [{ field: 'phone' }], duplicates: [{ id: existing.id }] });

    const skipped = await runBatch(env, org.admin.client, createCustomers, rows.slice(0, 2), 'skip');
    expect(statuses(skipped)).toEqual(['skipped', 'skipped']);

    // 'create' never makes a same-name twin, but creates the phone look-alike
    const created = await runBatch(env, org.admin.client, createCustomers, rows.slice(0, 2), 'create');
    expect(statuses(created)).toEqual(['rejected', 'created']);
    expect(created.outcomes[0]!.errors![0]!.message).toMatch(/already exists/);

    const updated = await runBatch(env, org.admin.client, createCustomers, [rows[0]!, { name: '另一名称', phone: '13812345678', city: '杭州', industry: '软件' }], 'update');
    expect(statuses(updated)).toEqual(['updated', 'updated']);
    const now = (await org.admin.client.get(`${api}/customers/${existing.id}`)).json();
    // both rows matched the original; its name stays (a phone match never renames a customer)
    expect(now).toMatchObject({ name: '杭州云帆科技有限公司', grade: 'A', city: '杭州', industry: '软件' });
    const hist = (await org.admin.client.get(`${api}/customers/${existing.id}/history`)).json().items;
    expect(hist.filter((h: { action: string }) => h.action === 'update')).toHaveLength(2);

    // a merely similar name is a duplicate to reject or skip (people and the API), but never overwritten by 'update'
    const similar = [{ name: '杭州云帆科技园有限公司' }];
    const refused = await runBatch(env, org.admin.client, createCustomers, similar, 'reject', 'api');
    expect(refused.outcomes[0]).toMatchObject({ status: 'rejected', errors: [{ field: 'name' }], duplicates: [{ id: existing.id, matchedOn: ['similarName'] }] });
    expect((await runBatch(env, org.admin.client, createCustomers, similar, 'skip', 'manual')).outcomes[0]!.status).toBe('skipped');
    // an import matches exact keys only: skipping rows on a guess would silently drop other companies
    expect((await runBatch(env, org.admin.client, createCustomers, [{ name: '杭州云帆科技城有限公司' }], 'skip', 'import')).outcomes[0]!.status).toBe('created');
    const kept = await runBatch(env, org.admin.client, createCustomers, similar, 'update');
    expect(kept.outcomes[0]!.status).toBe('created');
    expect((await org.admin.client.get(`${api}/customers/${existing.id}`)).json().name).toBe('杭州云帆科技有限公司');
  });

  it('rejects a second row with the same new name in one batch', async () => {
    const res = await runBatch(env, org.admin.client, createCustomers, [{ name: '同批重名公司' }, { name: '同批重名公司' }], 'create');
    expect(statuses(res)).toEqual(['created', 'rejected']);
    expect(res.outcomes[1]!.errors![0]).toEqual({ field: 'name', message: 'same name as another row of this batch' });
  });

  it('gives explicit owners only with the transfer right, and announces them', async () => {
    const byRep = await runBatch(env, org.rep1.client, createCustomers, [{ name: '代表指定负责人', ownerId: org.rep2.userId }, { name: '代表自己的客户' }], 'reject');
    expect(statuses(byRep)).toEqual(['rejected', 'created']);
    expect(byRep.outcomes[0]!.errors![0]!.field).toBe('ownerId');
    expect(byRep.assignments).toEqual([]);
    const byManager = await runBatch(env, org.manager.client, createCustomers, [{ name: '经理分给代表', ownerId: org.rep2.userId }, { name: '给不存在的人', ownerId: '00000000-0000-4000-8000-000000000000' }], 'reject');
    expect(statuses(byManager)).toEqual(['created', 'rejected']);
    expect(byManager.outcomes[1]!.errors).toEqual([{ field: 'ownerId', message: 'no such active user' }]);
    expect(byManager.assignments).toEqual([{ recordType: 'customer', recordId: byManager.outcomes[0]!.id, ownerId: org.rep2.userId, title: '经理分给代表' }]);
  });

  it('keeps a unique custom value unique within the batch, and rejects rows over the ownership cap', async () => {
    const cf = await org.admin.client.post(`${api}/custom-fields`, { recordType: 'customer', key: 'taxNo', label: '税号', type: 'text', unique: true });
    expect(cf.statusCode, cf.body).toBe(201);
    const res = await runBatch(env, org.admin.client, createCustomers, [{ name: '税号甲', custom: { taxNo: 'T1' } }, { name: '税号乙', custom: { taxNo: 'T1' } }], 'create');
    expect(statuses(res)).toEqual(['created', 'rejected']);
    expect(res.outcomes[1]!.errors![0]!.field).toBe('custom.taxNo');

    const owned = (await org.rep3.client.get(`${api}/customers?count=exact`)).json().total as number;
    const caps = await org.admin.client.put(`${api}/ownership-caps`, { items: [{ subjectType: 'user', userId: org.rep3.userId, maxOwned: owned + 2 }] });
    expect(caps.statusCode, caps.body).toBe(200);
    const capped = await runBatch(env, org.rep3.client, createCustomers, [{ name: '上限内一' }, { name: '上限内二' }, { name: '超出上限' }], 'create');
    expect(statuses(capped)).toEqual(['created', 'created', 'rejected']);
    expect(capped.outcomes[2]!.errors![0]!.field).toBe('ownerId');
    await org.admin.client.put(`${api}/ownership-caps`, { items: [] });
  });
});
