import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';

async function newLead(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post(`${api}/leads`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const ids = async (client: TestClient, path = '/leads') => ((await client.get(`${api}${path}${path.includes('?') ? '&' : '?'}pageSize=200`)).json().items as { id: string }[]).map((l) => l.id);

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

describe('create, read, update', () => {
  it('numbers a lead, owns it by its creator and shows it in the list with masking for reps', async () => {
    const lead = await newLead(org.rep1.client, { name: '王小明', company: '杭州云帆科技有限公司', mobile: '138 1234 5678', email: 'XM@Example.com', tags: '重点,展会', budget: '50,000' });
    expect(lead).toMatchObject({ name: '王小明', status: 'new', ownerId: org.rep1.userId, ownerName: 'rep1', email: 'xm@example.com', tags: ['重点', '展会'], budget: 50000 });
    expect(lead.number).toMatch(/^XS\d{12}$/);
    expect(lead.ownerSince).toBeTruthy();
    const list = (await org.rep1.client.get(`${api}/leads?q=${encodeURIComponent('+86 138-1234-5678')}`)).json();
    expect(list.items.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    expect(list.items[0].mobile).toBe('138****5678'); // reps see contact details masked in lists
    expect((await org.rep1.client.get(`${api}/leads/${lead.id}`)).json().mobile).toBe('138 1234 5678');
  });

  it('validates phones, email and dates, naming the field', async () => {
    const c = org.rep2.client;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await c.post(`${api}/leads`, { name: '测试', ...body });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    };
    await bad({ mobile: '1381234567' }, 'mobile');
    await bad({ mobile: '0571-88886666' }, 'mobile'); // a landline is not a mobile
    await bad({ phone: '88886666' }, 'phone'); // no area code: cannot be told apart across cities
    await bad({ email: 'not-an-email' }, 'email');
    await bad({ nextFollowupAt: '2026-02-30' }, 'nextFollowupAt');
    await bad({ grade: 'Z' }, 'grade');
    await bad({ colour: 'red' }, 'colour');
    await bad({ name: '' }, 'name');
    await bad({ status: 'invalid' }, 'invalidReason');
    const ok = await newLead(c, { name: '李雷', phone: '0571-88886666', mobile: '+44 7911 123456', email: 'li＠example。com', nextFollowupAt: '2026-03-01 09:30' });
    expect(ok).toMatchObject({ phone: '0571-88886666', mobile: '+44 7911 123456', email: 'li@example.com', nextFollowupAt: '2026-03-01T01:30:00.000Z' });
  });

  it('edits with an audited diff; a duplicate edit needs confirmation', async () => {
    const a = await newLead(org.rep1.client, { name: '赵敏', mobile: '13911112222' });
    const b = await newLead(org.rep1.client, { name: '周芷若', mobile: '13933334444' });
    const upd = await org.rep1.client.patch(`${api}/leads/${a.id}`, { city: '杭州', grade: 'A' });
    expect(upd.statusCode, upd.body).toBe(200);
    const dup = await org.rep1.client.patch(`${api}/leads/${b.id}`, { mobile: '+86 139-1111-2222' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    expect(dup.json().error.details.duplicates[0]).toMatchObject({ recordType: 'lead', id: a.id, matchedOn: ['mobile'] });
    const forced = await org.rep1.client.patch(`${api}/leads/${b.id}`, { mobile: '+86 139-1111-2222', confirmDuplicate: true });
    expect(forced.statusCode, forced.body).toBe(200);
    const hist = (await org.rep1.client.get(`${api}/leads/${a.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update', changes: { city: { before: null, after: '杭州' }, grade: { before: null, after: 'A' } } });
    expect(hist.at(-1).action).toBe('create');
  });

  it('a duplicate create is a 409 with the matches; "create anyway" creates it', async () => {
    await newLead(org.rep1.client, { name: '张三', mobile: '13800138000' });
    const dup = await org.rep3.client.post(`${api}/leads`, { name: '张三', mobile: '+86 138-0013-8000' });
    expect(dup.statusCode).toBe(409);
    const err = dup.json().error;
    expect(err.code).toBe('DUPLICATE');
    expect(err.details.duplicates[0]).toMatchObject({ recordType: 'lead', ownerName: 'rep1', matchedOn: ['mobile'], visible: false });
    expect(JSON.stringify(err)).not.toContain('13800138000');
    const anyway = await newLead(org.rep3.client, { name: '张三', mobile: '+86 138-0013-8000', duplicatePolicy: 'create' });
    expect(anyway.ownerId).toBe(org.rep3.userId);
  });
});

describe('who sees and changes what', () => {
  it('a rep sees only their own leads; a manager sees the department tree', async () => {
    const mine = await newLead(org.rep1.client, { name: '陈东' });
    const south = await newLead(org.rep3.client, { name: '刘南' });
    expect(await ids(org.rep2.client)).not.toContain(mine.id);
    expect((await org.rep2.client.get(`${api}/leads/${mine.id}`)).statusCode).toBe(404);
    expect((await org.rep2.client.patch(`${api}/leads/${mine.id}`, { city: 'x' })).statusCode).toBe(404);
    const managerSees = await ids(org.manager.client);
    expect(managerSees).toContain(mine.id);
    expect(managerSees).not.toContain(south.id);
  });

  it('transfers with a reason, keeping the previous owner; a rep may not transfer', async () => {
    const lead = await newLead(org.rep1.client, { name: '孙北' });
    expect((await org.rep1.client.patch(`${api}/leads/${lead.id}/owner`, { ownerId: org.rep2.userId })).statusCode).toBe(403);
    const res = await org.manager.client.patch(`${api}/leads/${lead.id}/owner`, { ownerId: org.rep2.userId, reason: '区域调整' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ownerId: org.rep2.userId, previousOwnerId: org.rep1.userId, previousOwnerName: 'rep1' });
    const hist = (await org.manager.client.get(`${api}/leads/${lead.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'ownerChange', data: { reason: '区域调整' } });
    const notes = (await org.rep2.client.get(`${api}/notifications`)).json();
    expect(JSON.stringify(notes)).toContain('孙北');
  });

  it('status: invalid needs a reason; the first move to contacting is the first contact', async () => {
    const lead = await newLead(org.rep1.client, { name: '钱进' });
    const todo = (await org.rep1.client.get(`${api}/todo`)).json().groups.find((g: { key: string }) => g.key === 'leads.uncontacted');
    expect(todo.items.map((i: { id: string }) => i.id)).toContain(lead.id);
    const noReason = await org.rep1.client.post(`${api}/leads/${lead.id}/status`, { status: 'invalid' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.fields[0].field).toBe('reason');
    const contacting = (await org.rep1.client.post(`${api}/leads/${lead.id}/status`, { status: 'contacting' })).json();
    expect(contacting.firstContactedAt).toBeTruthy();
    const invalid = (await org.rep1.client.post(`${api}/leads/${lead.id}/status`, { status: 'invalid', reason: '空号' })).json();
    expect(invalid).toMatchObject({ status: 'invalid', invalidReason: '空号', firstContactedAt: contacting.firstContactedAt });
    const todoAfter = (await org.rep1.client.get(`${api}/todo`)).json().groups.find((g: { key: string }) => g.key === 'leads.uncontacted');
    expect(todoAfter?.items.map((i: { id: string }) => i.id) ?? []).not.toContain(lead.id);
  });

  it('deletes into the recycle bin and restores', async () => {
    const lead = await newLead(org.manager.client, { name: '吴回收' });
    expect((await org.manager.client.delete(`${api}/leads/${lead.id}`)).statusCode).toBe(204);
    expect((await org.manager.client.get(`${api}/leads/${lead.id}`)).statusCode).toBe(404);
    const bin = (await org.manager.client.get(`${api}/leads/recycle-bin`)).json().items;
    expect(bin[0]).toMatchObject({ id: lead.id, deletedBy: org.manager.userId, deletedByName: 'manager' });
    expect(await ids(org.rep1.client, '/leads/recycle-bin')).not.toContain(lead.id);
    const restored = await org.manager.client.post(`${api}/leads/${lead.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await ids(org.manager.client)).toContain(lead.id);
    expect((await org.manager.client.get(`${api}/leads/${lead.id}/history`)).json().items.map((h: { action: string }) => h.action).slice(0, 2)).toEqual(['restore', 'delete']);
  });

  it('bulk: status, tags, transfer and delete, reporting what it could not change', async () => {
    const a = await newLead(org.rep1.client, { name: '批量甲' });
    const b = await newLead(org.rep1.client, { name: '批量乙' });
    const other = await newLead(org.rep3.client, { name: '批量丙' }); // outside the manager's tree
    const m = org.manager.client;
    const status = (await m.post(`${api}/leads/bulk`, { ids: [a.id, b.id, other.id], action: 'status', status: 'qualified' })).json();
    expect(status.ok.sort()).toEqual([a.id, b.id].sort());
    expect(status.failed).toEqual([{ id: other.id, code: 'NOT_FOUND', message: 'lead not found' }]);
    expect((await m.post(`${api}/leads/bulk`, { ids: [a.id], action: 'status', status: 'invalid' })).statusCode).toBe(400);
    expect((await m.post(`${api}/leads/bulk`, { ids: [a.id, b.id], action: 'tag', tags: ['展会'] })).json().ok).toHaveLength(2);
    const moved = (await m.post(`${api}/leads/bulk`, { ids: [a.id, b.id], action: 'transfer', ownerId: org.rep2.userId, reason: '休假' })).json();
    expect(moved.ok).toHaveLength(2);
    const got = (await m.get(`${api}/leads/${a.id}`)).json();
    expect(got).toMatchObject({ status: 'qualified', tags: ['展会'], ownerId: org.rep2.userId, previousOwnerId: org.rep1.userId });
    expect(got.firstContactedAt).toBeTruthy();
    expect((await org.rep1.client.post(`${api}/leads/bulk`, { ids: [a.id], action: 'delete' })).statusCode).toBe(403);
    expect((await m.post(`${api}/leads/bulk`, { ids: [a.id, b.id], action: 'delete' })).json().ok).toHaveLength(2);
    expect((await m.post(`${api}/leads/bulk`, { ids: [a.id, b.id], action: 'restore' })).json().ok).toHaveLength(2);
  });

  it('fields, search, export and sharing follow the same rules as the list', async () => {
    const fields = (await org.rep1.client.get(`${api}/leads/fields`)).json().items as { key: string; masked?: boolean; mask?: string | null }[];
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['name', 'company', 'mobile', 'status', 'source', 'ownerId', 'tags']));
    const lead = await newLead(org.rep1.client, { name: '搜索可见', company: '星河搜索科技', mobile: '13566667777' });
    const groups = (await org.rep1.client.get(`${api}/search?q=${encodeURIComponent('星河搜索')}`)).json().groups as { recordType: string; items: { id: string; subtitle: string }[] }[];
    const hit = groups.find((g) => g.recordType === 'lead')!;
    expect(hit.items[0]).toMatchObject({ id: lead.id });
    expect(hit.items[0]!.subtitle).toContain('135****7777');
    const other = (await org.rep2.client.get(`${api}/search?q=13566667777`)).json().groups as { recordType: string }[];
    expect(other.find((g) => g.recordType === 'lead')).toBeUndefined();
    expect((await org.rep1.client.get(`${api}/leads/export.xlsx`)).statusCode).toBe(403); // reps may not export
    const xlsx = await org.manager.client.get(`${api}/leads/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await org.rep1.client.post(`${api}/leads/${lead.id}/shares`, { userId: org.rep2.userId, access: 'read' })).statusCode).toBe(201);
    expect((await org.rep2.client.get(`${api}/leads/${lead.id}`)).statusCode).toBe(200);
    expect((await org.rep2.client.patch(`${api}/leads/${lead.id}`, { city: '深圳市' })).statusCode).toBe(403);
  });
});
