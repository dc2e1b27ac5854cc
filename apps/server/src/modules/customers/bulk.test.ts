import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, userWithRole, type Org } from './testOrg.ts';

let env: TestEnv;
let org: Org;
let other: Org;
const bulk = '/api/v1/customers/bulk';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  other = await setupOrg(env, '另一家公司');
});
afterAll(async () => {
  await env?.close();
});

const history = async (id: string) => (await org.admin.client.get(`/api/v1/customers/${id}/history`)).json().items as { action: string; changes: Record<string, { before: unknown; after: unknown }> }[];

describe('bulk actions on customers', () => {
  it('transfers, tags and deletes with one audit entry per record', async () => {
    const admin = org.admin.client;
    const x = await newCustomer(admin, { name: '批量甲' });
    const y = await newCustomer(admin, { name: '批量乙', tags: ['老客户'] });
    const res = await admin.post(bulk, { ids: [x.id, y.id], action: 'transfer', ownerId: org.rep1.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ ok: [x.id, y.id].sort(), failed: [] });
    for (const id of [x.id, y.id]) {
      expect((await admin.get(`/api/v1/customers/${id}`)).json().ownerId).toBe(org.rep1.userId);
      expect((await history(id))[0]).toMatchObject({ action: 'ownerChange', changes: { ownerId: { after: org.rep1.userId } } });
    }

    const tagged = (await admin.post(bulk, { ids: [x.id, y.id], action: 'addTags', tags: ['重点', '老客户'] })).json();
    expect(tagged.failed).toEqual([]);
    expect((await admin.get(`/api/v1/customers/${y.id}`)).json().tags).toEqual(['老客户', '重点']);
    expect((await history(x.id))[0].changes.tags).toEqual({ before: [], after: ['重点', '老客户'] });

    const deleted = (await admin.post(bulk, { ids: [x.id], action: 'delete' })).json();
    expect(deleted).toEqual({ ok: [x.id], failed: [] });
    expect((await admin.get(`/api/v1/customers/${x.id}`)).statusCode).toBe(404);
    // deleting again: already gone
    expect((await admin.post(bulk, { ids: [x.id], action: 'delete' })).json().failed).toEqual([{ id: x.id, code: 'NOT_FOUND', message: 'customer not found' }]);
  });

  it("fails another tenant's ids per id, without revealing them, and changes the rest", async () => {
    const mine = await newCustomer(org.admin.client, { name: '本租户客户' });
    const theirs = await newCustomer(other.admin.client, { name: '他租户客户' });
    const res = (await org.admin.client.post(bulk, { ids: [mine.id, theirs.id], action: 'transfer', ownerId: org.rep2.userId })).json();
    expect(res.ok).toEqual([mine.id]);
    expect(res.failed).toEqual([{ id: theirs.id, code: 'NOT_FOUND', message: 'customer not found' }]);
    expect((await other.admin.client.get(`/api/v1/customers/${theirs.id}`)).json().ownerId).toBe(other.admin.userId);
    // an owner from another tenant is not a user here
    const foreignOwner = await org.admin.client.post(bulk, { ids: [mine.id], action: 'transfer', ownerId: other.rep1.userId });
    expect(foreignOwner.statusCode).toBe(400);
    expect(foreignOwner.json().error.details.fields[0].field).toBe('ownerId');
  });

  it("keeps a rep to their own scope; visible-but-not-writable is FORBIDDEN", async () => {
    const own = await newCustomer(org.rep1.client, { name: '代表一的客户' });
    const colleagues = await newCustomer(org.rep2.client, { name: '代表二的客户' });
    const south = await newCustomer(org.rep3.client, { name: '华南客户' });
    // salesRep has no transfer right by default: the whole request is refused
    const refused = await org.rep1.client.post(bulk, { ids: [own.id], action: 'transfer', ownerId: org.rep2.userId });
    expect(refused.statusCode).toBe(403);

    // a role that may transfer, but only its own records
    const mover = await userWithRole(env, org.admin.client, 'mover', { objects: { customer: ['view', 'create', 'edit', 'transfer'] }, dataScope: 'self' });
    const movable = await newCustomer(mover.client, { name: '可转移客户' });
    await org.admin.client.post(`/api/v1/customers/${colleagues.id}/shares`, { userId: mover.userId, access: 'read' });
    const res = (await mover.client.post(bulk, { ids: [movable.id, colleagues.id, south.id], action: 'transfer', ownerId: org.rep1.userId })).json();
    expect(res.ok).toEqual([movable.id]);
    expect(res.failed).toEqual(expect.arrayContaining([
      { id: colleagues.id, code: 'FORBIDDEN', message: 'no permission to transfer this customer' },
      { id: south.id, code: 'NOT_FOUND', message: 'customer not found' },
    ]));
    expect((await org.admin.client.get(`/api/v1/customers/${south.id}`)).json().ownerId).toBe(org.rep3.userId);
  });

  it('validates the request', async () => {
    const admin = org.admin.client;
    const c = await newCustomer(admin, { name: '校验客户' });
    for (const body of [
      { ids: [], action: 'delete' },
      { ids: [c.id], action: 'transfer' },
      { ids: [c.id], action: 'addTags' },
      { ids: [c.id], action: 'explode' },
      { ids: ['not-a-uuid'], action: 'delete' },
      { ids: Array.from({ length: 501 }, () => c.id), action: 'delete' },
    ]) {
      expect((await admin.post(bulk, body)).statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const readOnlyTags = await userWithRole(env, org.admin.client, 'notagger', {
      objects: { customer: ['view', 'create', 'edit'] }, dataScope: 'self', fields: { customer: { tags: 'readonly' } },
    });
    const own = await newCustomer(readOnlyTags.client, { name: '只读标签客户' });
    expect((await readOnlyTags.client.post(bulk, { ids: [own.id], action: 'addTags', tags: ['x'] })).statusCode).toBe(403);
  });
});
