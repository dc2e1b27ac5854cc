import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { runBatch, stored } from '../customers/testBatch.ts';
import { newCustomer, setupOrg, userWithRole, type Org } from '../customers/testOrg.ts';
import { createContacts } from './create.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';
let acme: Record<string, any>; // rep1's customer

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  acme = await newCustomer(org.rep1.client, { name: '杭州阿克米机械有限公司' });
});
afterAll(async () => {
  await env?.close();
});

const add = async (client: typeof org.admin.client, body: Record<string, unknown>) => {
  const res = await client.post(`${api}/contacts`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

describe('contacts: create, read, update, delete', () => {
  it('numbers contacts, owns them like their customer, lists them with the customer name and audits edits', async () => {
    const c = await add(org.manager.client, { name: '周建国', customerId: acme.id, title: '总经理', mobile: '+86 136-0000-1234', decisionRole: 'decisionMaker', isKeyDecisionMaker: true });
    expect(c).toMatchObject({ name: '周建国', customerId: acme.id, customerName: '杭州阿克米机械有限公司', ownerId: org.rep1.userId, isPrimary: true, mobile: '13600001234' });
    expect(c.number).toMatch(/^LXR\d{12}$/);
    expect(await stored(env, 'contacts', c.id)).toMatchObject({ mobile_norm: '13600001234' });
    const listed = (await org.rep1.client.get(`${api}/contacts?q=${encodeURIComponent('周建国')}`)).json().items;
    expect(listed).toMatchObject([{ id: c.id, customerName: '杭州阿克米机械有限公司', mobile: '136****1234' }]);
    const byCustomer = await org.rep1.client.get(`${api}/contacts?filter=${encodeURIComponent(JSON.stringify({ field: 'customerId', op: 'eq', value: acme.id }))}`);
    expect(ids(byCustomer)).toContain(c.id);
    const upd = await org.rep1.client.patch(`${api}/contacts/${c.id}`, { title: '董事长', email: 'Zhou@Acme.example.com' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await stored(env, 'contacts', c.id)).toMatchObject({ email: 'zhou@acme.example.com', email_norm: 'zhou@acme.example.com' });
    const hist = (await org.rep1.client.get(`${api}/contacts/${c.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update', changes: { title: { before: '总经理', after: '董事长' } } });
    expect(hist.at(-1).action).toBe('create');
    expect((await org.rep1.client.get(`${api}/contacts/fields`)).json().items.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['customerId', 'customerName', 'decisionRole', 'isKeyDecisionMaker', 'isPrimary']));
    expect((await org.rep1.client.get(`${api}/search?q=${encodeURIComponent('周建国')}`)).json().groups.find((g: { recordType: string }) => g.recordType === 'contact').items[0].id).toBe(c.id);
  });

  it('keeps one primary contact per customer', async () => {
    const cust = await newCustomer(org.admin.client, { name: '主联系人测试公司' });
    const first = await add(org.admin.client, { name: '第一位', customerId: cust.id });
    const second = await add(org.admin.client, { name: '第二位', customerId: cust.id });
    expect([first.isPrimary, second.isPrimary]).toEqual([true, false]);
    const third = await add(org.admin.client, { name: '第三位', customerId: cust.id, isPrimary: true });
    expect(third.isPrimary).toBe(true);
    expect((await org.admin.client.get(`${api}/contacts/${first.id}`)).json().isPrimary).toBe(false);
    await org.admin.client.patch(`${api}/contacts/${second.id}`, { isPrimary: true });
    const all = (await org.admin.client.get(`${api}/customers/${cust.id}/contacts`)).json().items;
    expect(all.filter((x: { isPrimary: boolean }) => x.isPrimary).map((x: { id: string }) => x.id)).toEqual([second.id]);
  });

  it('soft-deletes to the recycle bin and restores', async () => {
    const c = await add(org.admin.client, { name: '待删除联系人', customerId: acme.id });
    expect((await org.rep1.client.delete(`${api}/contacts/${c.id}`)).statusCode).toBe(403); // reps may not delete
    expect((await org.manager.client.delete(`${api}/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await org.admin.client.get(`${api}/contacts/${c.id}`)).statusCode).toBe(404);
    const bin = (await org.manager.client.get(`${api}/contacts/recycle-bin`)).json().items;
    expect(bin[0]).toMatchObject({ id: c.id, deletedByName: 'manager' });
    const back = await org.manager.client.post(`${api}/contacts/${c.id}/restore`);
    expect(back.statusCode, back.body).toBe(200);
    expect((await org.admin.client.get(`${api}/contacts/${c.id}`)).statusCode).toBe(200);
  });
});

describe('contacts: bad input', () => {
  it('validates phones, emails, roles and the customer with 400s naming the field', async () => {
    const c = org.rep1.client;
    for (const [body, field] of [
      [{ name: '甲', customerId: acme.id, mobile: '12345' }, 'mobile'],
      [{ name: '甲', customerId: acme.id, mobile: '010-12345678' }, 'mobile'], // a landline is not a mobile
      [{ name: '甲', customerId: acme.id, phone: '12345678' }, 'phone'], // no area code
      [{ name: '甲', customerId: acme.id, email: 'not-an-email' }, 'email'],
      [{ name: '甲', customerId: acme.id, decisionRole: 'boss' }, 'decisionRole'],
      [{ name: '甲', customerId: acme.id, birthday: '1990-02-30' }, 'birthday'],
      [{ name: '', customerId: acme.id }, 'name'],
      [{ name: '甲' }, 'customerId'],
      [{ name: '甲', customerId: 'nope' }, 'customerId'],
      [{ name: '甲', customerId: acme.id, colour: 'red' }, 'colour'],
    ] as [Record<string, unknown>, string][]) {
      const res = await c.post(`${api}/contacts`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.fields[0].field, JSON.stringify(body)).toBe(field);
    }
    // a customer rep2 cannot see is no customer to them
    const res = await org.rep2.client.post(`${api}/contacts`, { name: '乙', customerId: acme.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([{ field: 'customerId', message: 'no such customer' }]);
    expect((await c.post(`${api}/contacts`, { name: '丙', customerId: acme.id, mobile: '+44 20 7946 0958' })).statusCode).toBe(201);
  });

  it('finds duplicates by mobile and email', async () => {
    const a = await add(org.admin.client, { name: '马丽', customerId: acme.id, mobile: '13500005555', email: 'mali@example.com' });
    const dup = await org.admin.client.post(`${api}/contacts`, { name: '马丽丽', customerId: acme.id, mobile: '+86 135 0000 5555' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'mobile', duplicates: [{ recordType: 'contact', id: a.id }] } });
    expect((await org.admin.client.post(`${api}/contacts`, { name: '马丽丽', customerId: acme.id, mobile: '13500005555', duplicatePolicy: 'create' })).statusCode).toBe(201);
    const other = await add(org.admin.client, { name: '孙强', customerId: acme.id });
    const edit = await org.admin.client.patch(`${api}/contacts/${other.id}`, { email: 'MaLi@example.com' });
    expect(edit.statusCode).toBe(409);
    expect((await org.admin.client.patch(`${api}/contacts/${other.id}`, { email: 'MaLi@example.com', confirmDuplicate: true })).statusCode).toBe(200);
  });
});

describe('contacts: permissions', () => {
  it('follow the data scope, reach team members through the customer, hide hidden fields everywhere', async () => {
    const c = await add(org.rep1.client, { name: '林晓', customerId: acme.id, mobile: '13600009999', wechat: 'linxiao' });
    expect((await org.rep2.client.get(`${api}/contacts/${c.id}`)).statusCode).toBe(404);
    expect(ids(await org.rep2.client.get(`${api}/contacts?pageSize=200`))).not.toContain(c.id);
    expect(ids(await org.manager.client.get(`${api}/contacts?pageSize=200`))).toContain(c.id);
    expect((await org.rep3.client.patch(`${api}/contacts/${c.id}`, { title: 'x' })).statusCode).toBe(404);
    // rep2 becomes a read-only team member of the customer: sees its contacts, may not edit them
    await org.rep1.client.post(`${api}/customers/${acme.id}/shares`, { userId: org.rep2.userId, access: 'read' });
    expect((await org.rep2.client.get(`${api}/contacts/${c.id}`)).statusCode).toBe(200);
    expect((await org.rep2.client.patch(`${api}/contacts/${c.id}`, { title: 'x' })).statusCode).toBe(403);
    await org.rep1.client.delete(`${api}/customers/${acme.id}/shares/${org.rep2.userId}`);
    expect((await org.rep2.client.get(`${api}/contacts/${c.id}`)).statusCode).toBe(404);

    const limited = await userWithRole(env, org.admin.client, 'contactViewer', {
      dataScope: 'all', objects: { contact: ['view', 'export'], customer: ['view'] }, fields: { contact: { wechat: 'hidden' } }, masks: { contact: { mobile: 'always' } },
    });
    const detail = (await limited.client.get(`${api}/contacts/${c.id}`)).json();
    expect(detail).not.toHaveProperty('wechat');
    expect(detail.mobile).toBe('136****9999');
    expect((await limited.client.get(`${api}/contacts/${c.id}/history`)).body).not.toContain('linxiao');
    expect((await limited.client.post(`${api}/contacts`, { name: 'x', customerId: acme.id })).statusCode).toBe(403);
    const xlsx = await limited.client.get(`${api}/contacts/export.xlsx?q=${encodeURIComponent('林晓')}`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toContain('姓名');
    expect(rows[0]).not.toContain('微信');
    expect(rows[1]).toContain('136****9999');
    expect(rows[1]).toContain('杭州阿克米机械有限公司'); // the customer column shows the name
  });

  it('tells the new owner when one contact is transferred', async () => {
    const a = await add(org.admin.client, { name: '单个转移联系人', customerId: acme.id });
    const moved = await org.admin.client.patch(`${api}/contacts/${a.id}/owner`, { ownerId: org.rep2.userId, reason: '换人跟进' });
    expect(moved.statusCode, moved.body).toBe(200);
    const notes = (await org.rep2.client.get(`${api}/notifications`)).json().items as { link: string | null }[];
    expect(notes.some((n) => n.link === `/contacts/${a.id}`)).toBe(true);
  });

  it('bulk transfers (with reason), tags, deletes and restores', async () => {
    const a = await add(org.admin.client, { name: '批量联系人甲', customerId: acme.id });
    const b = await add(org.admin.client, { name: '批量联系人乙', customerId: acme.id });
    const m = org.manager.client;
    expect((await m.post(`${api}/contacts/bulk`, { ids: [a.id, b.id], action: 'transfer', ownerId: org.rep2.userId, reason: '交接' })).json()).toEqual({ ok: [a.id, b.id].sort(), failed: [] });
    const hist = (await m.get(`${api}/contacts/${a.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'ownerChange', data: { reason: '交接' } });
    expect((await m.post(`${api}/contacts/bulk`, { ids: [a.id], action: 'addTags', tags: ['关键人'] })).json().ok).toEqual([a.id]);
    expect((await m.get(`${api}/contacts/${a.id}`)).json().tags).toEqual(['关键人']);
    expect((await m.post(`${api}/contacts/bulk`, { ids: [a.id, b.id], action: 'delete' })).json().ok).toHaveLength(2);
    expect((await m.post(`${api}/contacts/bulk`, { ids: [a.id, b.id], action: 'restore' })).json().ok).toHaveLength(2);
    expect((await org.rep1.client.post(`${api}/contacts/bulk`, { ids: [a.id], action: 'delete' })).statusCode).toBe(403);
  });
});

describe('createContacts', () => {
  it('places rows under customers by id or name, reports bad rows by index and applies the policy', async () => {
    await add(org.admin.client, { name: '已有联系人', customerId: acme.id, email: 'known@example.com' });
    const rows = [
      { name: '导入联系人一', customerName: '杭州阿克米机械有限公司', mobile: '13800001111' },
      { name: '导入联系人二', customerName: '不存在的公司' },
      { name: '导入联系人三', customerId: acme.id, email: 'KNOWN@example.com', title: '工程师' },
      { name: '导入联系人四' },
    ];
    const rejected = await runBatch(env, org.admin.client, createContacts, rows, 'reject');
    expect(rejected.outcomes.map((o) => o.status)).toEqual(['created', 'rejected', 'rejected', 'rejected']);
    expect(rejected.outcomes[1]!.errors).toEqual([{ field: 'customerName', message: 'no such customer' }]);
    expect(rejected.outcomes[2]!.errors![0]!.field).toBe('email');
    expect(rejected.outcomes[3]!.errors).toEqual([{ field: 'customerId', message: 'is required' }]);
    const created = await stored(env, 'contacts', rejected.outcomes[0]!.id!);
    expect(created).toMatchObject({ customer_id: acme.id, owner_id: org.rep1.userId, mobile_norm: '13800001111' });
    expect(rejected.assignments).toMatchObject([{ recordType: 'contact', ownerId: org.rep1.userId }]); // admin created it for rep1
    const updated = await runBatch(env, org.admin.client, createContacts, [rows[2]!], 'update');
    expect(updated.outcomes[0]!.status).toBe('updated');
    expect((await org.admin.client.get(`${api}/contacts/${updated.outcomes[0]!.id}`)).json()).toMatchObject({ name: '导入联系人三', title: '工程师' });
  });
});
