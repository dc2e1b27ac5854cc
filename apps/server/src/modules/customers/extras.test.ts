import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { stored } from './testBatch.ts';
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

const history = async (id: string) => (await org.admin.client.get(`${api}/customers/${id}/history`)).json().items as { action: string; data: Record<string, unknown>; changes: Record<string, { before: unknown; after: unknown }> }[];
const newContact = async (body: Record<string, unknown>) => {
  const res = await org.admin.client.post(`${api}/contacts`, { duplicatePolicy: 'create', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('POST /customers and PATCH with 查重', () => {
  it('answers 409 DUPLICATE with the matches unless the policy is create; the same name is always refused', async () => {
    const theirs = await newCustomer(org.rep2.client, { name: '宁波甬江电气有限公司', phone: '0574-87654321' });
    const dup = await org.rep1.client.post(`${api}/customers`, { name: '宁波甬江电气设备', phone: '0574 8765 4321' });
    expect(dup.statusCode).toBe(409);
    const err = dup.json().error;
    expect(err).toMatchObject({ code: 'DUPLICATE', details: { field: 'phone' } });
    // rep1 learns who owns it, but gets no link to a record they may not open, and never the matched value
    expect(err.details.duplicates).toMatchObject([{ recordType: 'customer', id: theirs.id, title: '宁波甬江电气有限公司', ownerName: 'rep2', visible: false }]);
    expect(JSON.stringify(err.details.duplicates)).not.toContain('87654321');
    const anyway = await org.rep1.client.post(`${api}/customers`, { name: '宁波甬江电气设备', phone: '0574 8765 4321', duplicatePolicy: 'create' });
    expect(anyway.statusCode, anyway.body).toBe(201);
    const twin = await org.rep1.client.post(`${api}/customers`, { name: '宁波甬江电气有限公司', duplicatePolicy: 'create' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().error.details.field).toBe('name');
  });

  it('keeps 查重 keys in step on edit and asks before an edit makes a duplicate', async () => {
    const a = await newCustomer(org.admin.client, { name: '绍兴兰亭纺织', phone: '13911112222' });
    const b = await newCustomer(org.admin.client, { name: '嘉善木业', email: 'info@jiashan.example.com' });
    const clash = await org.admin.client.patch(`${api}/customers/${b.id}`, { phone: '+86 139 1111 2222' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.details).toMatchObject({ field: 'phone', duplicates: [{ id: a.id }] });
    const confirmed = await org.admin.client.patch(`${api}/customers/${b.id}`, { phone: '+86 139 1111 2222', email: 'SALES@jiashan.example.com', confirmDuplicate: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await stored(env, 'customers', b.id)).toMatchObject({ phone: '+8613911112222', phone_norm: '13911112222', email_norm: 'sales@jiashan.example.com' });
    await org.admin.client.patch(`${api}/customers/${b.id}`, { name: '嘉善新木业有限公司', phone: '' });
    expect(await stored(env, 'customers', b.id)).toMatchObject({ name_norm: '嘉善新木业', phone_norm: null });
    expect((await org.admin.client.patch(`${api}/customers/${b.id}`, { name: '绍兴兰亭纺织', confirmDuplicate: true })).statusCode).toBe(409);
  });
});

describe('transfer, lock and the recycle bin', () => {
  it('a transfer keeps the previous owner, the reason and moves the contacts the previous owner held', async () => {
    const c = await newCustomer(org.rep1.client, { name: '金华义乌小商品' });
    const contact = await newContact({ name: '王经理', customerId: c.id });
    expect(contact.ownerId).toBe(org.rep1.userId); // the customer's owner
    const res = await org.manager.client.patch(`${api}/customers/${c.id}/owner`, { ownerId: org.rep2.userId, reason: '区域调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ownerId: org.rep2.userId, previousOwnerId: org.rep1.userId, previousOwnerName: 'rep1' });
    expect(Date.now() - Date.parse(res.json().ownerSince)).toBeLessThan(60_000);
    expect((await history(c.id))[0]).toMatchObject({ action: 'ownerChange', data: { reason: '区域调整' }, changes: { ownerId: { before: org.rep1.userId, after: org.rep2.userId } } });
    expect((await org.admin.client.get(`${api}/contacts/${contact.id}`)).json().ownerId).toBe(org.rep2.userId);
    expect((await org.rep2.client.get(`${api}/notifications`)).json().items[0]).toMatchObject({ title: '你有 1 个新客户', link: `/customers/${c.id}` });
    const bulk = await org.manager.client.post(`${api}/customers/bulk`, { ids: [c.id], action: 'transfer', ownerId: org.rep1.userId, reason: '回到原负责人' });
    expect(bulk.json()).toEqual({ ok: [c.id], failed: [] });
    expect((await history(c.id))[0]!.data).toMatchObject({ reason: '回到原负责人' });
    expect(await stored(env, 'customers', c.id)).toMatchObject({ owner_id: org.rep1.userId, previous_owner_id: org.rep2.userId });
  });

  it('locks and unlocks with an audit entry, within the lock cap', async () => {
    const a = await newCustomer(org.rep3.client, { name: '锁定客户甲' });
    const b = await newCustomer(org.rep3.client, { name: '锁定客户乙' });
    const locked = await org.rep3.client.post(`${api}/customers/${a.id}/lock`, { locked: true });
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json().locked).toBe(true);
    expect((await history(a.id))[0]).toMatchObject({ action: 'lock', changes: { locked: { before: false, after: true } } });
    await org.admin.client.put(`${api}/ownership-caps`, { items: [{ subjectType: 'user', userId: org.rep3.userId, maxLocked: 1 }] });
    const over = await org.rep3.client.post(`${api}/customers/${b.id}/lock`, { locked: true });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('OWNERSHIP_CAP');
    expect((await org.rep3.client.patch(`${api}/customers/${b.id}`, { locked: true })).statusCode).toBe(409); // the edit path too
    await org.admin.client.put(`${api}/ownership-caps`, { items: [] });
    expect((await org.rep3.client.post(`${api}/customers/${a.id}/lock`, { locked: false })).json().locked).toBe(false);
    expect((await org.rep1.client.post(`${api}/customers/${a.id}/lock`, { locked: true })).statusCode).toBe(404);
  });

  it('restores from the recycle bin with its contacts, unless a live customer took the name', async () => {
    const c = await newCustomer(org.rep1.client, { name: '回收站客户' });
    const contact = await newContact({ name: '回收站联系人', customerId: c.id });
    const m = org.manager.client;
    expect((await org.rep1.client.delete(`${api}/customers/${c.id}`)).statusCode).toBe(403); // reps may not delete
    expect((await m.delete(`${api}/customers/${c.id}`)).statusCode).toBe(204);
    expect((await org.admin.client.get(`${api}/contacts/${contact.id}`)).statusCode).toBe(404); // went with its customer
    const bin = (await org.rep1.client.get(`${api}/customers/recycle-bin`)).json();
    expect(bin.items[0]).toMatchObject({ id: c.id, name: '回收站客户', deletedBy: org.manager.userId, deletedByName: 'manager' });
    expect((await org.rep2.client.get(`${api}/customers/recycle-bin`)).json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    expect((await org.rep1.client.post(`${api}/customers/${c.id}/restore`)).statusCode).toBe(403);
    expect((await org.rep3.client.post(`${api}/customers/${c.id}/restore`)).statusCode).toBe(403); // no delete right at all

    const taker = await newCustomer(org.admin.client, { name: '回收站客户' });
    const clash = await m.post(`${api}/customers/${c.id}/restore`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'name' } });
    const bulkClash = (await m.post(`${api}/customers/bulk`, { ids: [c.id], action: 'restore' })).json();
    expect(bulkClash.failed).toMatchObject([{ id: c.id, code: 'DUPLICATE' }]);

    await org.admin.client.patch(`${api}/customers/${taker.id}`, { name: '回收站客户（新）' });
    const back = await m.post(`${api}/customers/${c.id}/restore`);
    expect(back.statusCode, back.body).toBe(200);
    expect((await org.admin.client.get(`${api}/contacts/${contact.id}`)).statusCode).toBe(200);
    expect((await history(c.id)).map((h) => h.action).slice(0, 2)).toEqual(['restore', 'delete']);
    expect((await m.post(`${api}/customers/${c.id}/restore`)).json().error.code).toBe('NOT_DELETED');
  });
});

describe('customer 360', () => {
  it('summarises contacts, the decision chain, converted and open leads, follow-ups and team members', async () => {
    const c = await newCustomer(org.rep1.client, { name: '温州瓯江阀门有限公司', nextFollowupAt: '2030-01-02T03:04:05.000Z' });
    const boss = await newContact({ name: '陈总', customerId: c.id, decisionRole: 'decisionMaker', isKeyDecisionMaker: true, mobile: '13700001111' });
    await newContact({ name: '小李', customerId: c.id, title: '采购专员' });
    await newContact({ name: '刘会计', customerId: c.id, decisionRole: 'finance', isPrimary: true });
    await org.rep1.client.post(`${api}/customers/${c.id}/shares`, { userId: org.rep2.userId, access: 'read' });
    await env.db.owner.query(
      `INSERT INTO leads (tenant_id, name, number, company, company_norm, status, owner_id, converted_customer_id, converted_at) VALUES
        ($1, '陈总', 'XS001', '温州瓯江阀门', '温州瓯江阀门', 'converted', $2, $3, now()),
        ($1, '赵工', 'XS002', '温州瓯江阀门有限公司', '温州瓯江阀门', 'contacting', $2, NULL, NULL)`,
      [org.admin.tenantId, org.rep1.userId, c.id],
    );
    const res = await org.rep1.client.get(`${api}/customers/${c.id}/summary`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ contacts: 3, openLeads: 1, convertedFrom: [{ number: 'XS001', name: '陈总' }], nextFollowupAt: '2030-01-02T03:04:05.000Z', ownerName: 'rep1', locked: false });
    expect(s.primaryContact.name).toBe('刘会计');
    expect(s.decisionChain.map((x: { name: string }) => x.name)).toEqual(['刘会计', '陈总']);
    expect(s.decisionChain[1].mobile).toBe('137****1111'); // the salesRep role masks mobiles in lists
    expect(s.team).toMatchObject([{ userId: org.rep2.userId, access: 'read' }]);
    // a team member sees the customer and, through it, its contacts
    const shared = (await org.rep2.client.get(`${api}/customers/${c.id}/contacts`)).json().items;
    expect(shared.map((x: { id: string }) => x.id)).toContain(boss.id);
    expect((await org.rep3.client.get(`${api}/customers/${c.id}/summary`)).statusCode).toBe(404);
  });
});
