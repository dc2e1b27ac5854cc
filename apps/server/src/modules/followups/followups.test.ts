import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';

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

async function newLead(client: Org['rep1']['client'], body: Record<string, unknown> = {}) {
  const res = await client.post(`${api}/leads`, { name: '跟进测试线索', company: `跟进测试公司${Math.random().toString(36).slice(2, 8)}`, duplicatePolicy: 'create', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Record<string, any>;
}

const auditOf = (id: string) => env.db.asSystem((db) => rows<{ action: string; record_type: string; changes: any }>(db, sql`SELECT action, record_type, changes FROM audit_logs WHERE record_id = ${id} ORDER BY id`));

describe('logging a follow-up on a lead', () => {
  it('stores it, audits it in the shape flows read and moves the lead\'s follow-up fields', async () => {
    const lead = await newLead(org.rep1.client);
    expect(lead.status).toBe('new');
    const next = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const res = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: '电话沟通，客户对产品很感兴趣', outcome: 'highIntent', nextStep: '发送产品资料', nextFollowupAt: next });
    expect(res.statusCode, res.body).toBe(201);
    const fu = res.json();
    expect(fu).toMatchObject({ recordType: 'lead', recordId: lead.id, recordName: '跟进测试线索', type: 'call', outcome: 'highIntent', nextStep: '发送产品资料', ownerId: org.rep1.userId, ownerName: 'rep1', editable: true, location: null });
    expect(fu.nextFollowupAt).toBe(next);

    const after = (await org.rep1.client.get(`${api}/leads/${lead.id}`)).json();
    expect(after.lastFollowupAt).toBe(fu.createdAt);
    expect(after.lastFollowupContent).toBe('电话沟通，客户对产品很感兴趣');
    expect(after.nextFollowupAt).toBe(next);
    // the first follow-up is the first contact
    expect(after.status).toBe('contacting');
    expect(after.firstContactedAt).toBe(fu.createdAt);

    const [created] = await auditOf(fu.id);
    expect(created).toMatchObject({ action: 'create', record_type: 'activity' });
    const fields = created!.changes.fields as Record<string, { after: unknown }>;
    expect(fields.recordType!.after).toBe('lead');
    expect(fields.recordId!.after).toBe(lead.id);
    expect(fields.outcome!.after).toBe('highIntent');
    expect(fields.type!.after).toBe('call');
    expect(fields.content!.after).toBe('电话沟通，客户对产品很感兴趣');
    expect(fields.nextFollowupAt!.after).toBe(next);

    // one update entry on the lead, of exactly the follow-up fields, visible on its timeline
    const leadAudit = (await auditOf(lead.id)).filter((a) => a.action === 'update');
    expect(leadAudit).toHaveLength(1);
    expect(Object.keys(leadAudit[0]!.changes.fields).sort()).toEqual(['firstContactedAt', 'lastFollowupAt', 'lastFollowupContent', 'nextFollowupAt', 'status']);
    expect(leadAudit[0]!.changes.followup).toMatchObject({ id: fu.id, type: 'call', outcome: 'highIntent' });
    const history = (await org.rep1.client.get(`${api}/leads/${lead.id}/history`)).json().items as { action: string; data: any }[];
    expect(history.some((h) => h.action === 'update' && h.data.followup?.id === fu.id)).toBe(true);
  });

  it('keeps the next follow-up time when none is given, and lists the record\'s follow-ups newest first', async () => {
    const lead = await newLead(org.rep1.client);
    const next = new Date(Date.now() + 86_400_000).toISOString();
    const first = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: '第一次', nextFollowupAt: next });
    expect(first.statusCode, first.body).toBe(201);
    const second = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'wechat', content: '第二次', outcome: 'nurture' });
    expect(second.statusCode, second.body).toBe(201);
    expect((await org.rep1.client.get(`${api}/leads/${lead.id}`)).json().nextFollowupAt).toBe(next);

    const list = await org.rep1.client.get(`${api}/followups?recordType=lead&recordId=${lead.id}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(2);
    expect(list.json().items.map((x: any) => x.content)).toEqual(['第二次', '第一次']);
    const mine = (await org.rep1.client.get(`${api}/followups?mine=1&pageSize=100`)).json();
    expect(mine.items.every((x: any) => x.ownerId === org.rep1.userId)).toBe(true);
    expect(mine.items.some((x: any) => x.id === second.json().id)).toBe(true);
    const filtered = (await org.rep1.client.get(`${api}/followups?mine=1&outcome=nurture`)).json();
    expect(filtered.items.map((x: any) => x.id)).toContain(second.json().id);
    expect(filtered.items.every((x: any) => x.outcome === 'nurture')).toBe(true);
  });
});

describe('who may log, see and change follow-ups', () => {
  it('a rep cannot log on, nor list, another rep\'s customer (404 naming the record)', async () => {
    const customer = await newCustomer(org.rep2.client, { name: '别人的客户有限公司' });
    const res = await org.rep1.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'visit', content: '顺路拜访' });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.message).toContain(customer.id);
    expect((await org.rep1.client.get(`${api}/followups?recordType=customer&recordId=${customer.id}`)).statusCode).toBe(404);

    const own = await org.rep2.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'visit', content: '上门拜访' });
    expect(own.statusCode, own.body).toBe(201);
    expect((await org.rep1.client.get(`${api}/followups/${own.json().id}`)).statusCode).toBe(404);
    // the manager of the department sees it, but may not change it
    const seen = await org.manager.client.get(`${api}/followups/${own.json().id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().editable).toBe(false);
    expect((await org.manager.client.patch(`${api}/followups/${own.json().id}`, { content: '改一下' })).statusCode).toBe(403);
    expect((await org.manager.client.get(`${api}/followups?pageSize=100`)).json().items.map((x: any) => x.id)).toContain(own.json().id);
    expect((await org.rep3.client.get(`${api}/followups?pageSize=100`)).json().items.map((x: any) => x.id)).not.toContain(own.json().id);
  });

  it('the author edits and deletes; an administrator may too', async () => {
    const customer = await newCustomer(org.rep1.client, { name: '编辑删除测试有限公司' });
    const created = (await org.rep1.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'call', content: '初稿' })).json();
    const edited = await org.rep1.client.patch(`${api}/followups/${created.id}`, { content: '改正后的内容', outcome: 'noAnswer', nextFollowupAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ content: '改正后的内容', outcome: 'noAnswer' });
    // the newest follow-up's next time is the record's
    expect((await org.rep1.client.get(`${api}/customers/${customer.id}`)).json().nextFollowupAt).toBe(edited.json().nextFollowupAt);
    const audit = await auditOf(created.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(Object.keys(audit[1]!.changes.fields).sort()).toEqual(['content', 'nextFollowupAt', 'outcome']);

    const byAdmin = await org.admin.client.patch(`${api}/followups/${created.id}`, { nextStep: '管理员补充' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await org.rep2.client.delete(`${api}/followups/${created.id}`)).statusCode).toBe(404);
    expect((await org.rep1.client.delete(`${api}/followups/${created.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.get(`${api}/followups/${created.id}`)).statusCode).toBe(404);
    expect((await org.rep1.client.get(`${api}/followups?recordType=customer&recordId=${customer.id}`)).json().total).toBe(0);
    expect((await auditOf(created.id)).at(-1)!.action).toBe('delete');
  });
});

describe('contacts, check-ins and attachments', () => {
  it('a contact\'s follow-up counts for its customer and shows in the customer\'s list; related contacts must be the customer\'s', async () => {
    const customer = await newCustomer(org.rep1.client, { name: '联系人跟进测试有限公司', address: '杭州市西湖区文三路 90 号' });
    const contact = (await org.rep1.client.post(`${api}/contacts`, { name: '王经理', customerId: customer.id })).json();
    const other = await newCustomer(org.rep1.client, { name: '另一家公司' });
    const stranger = (await org.rep1.client.post(`${api}/contacts`, { name: '李采购', customerId: other.id })).json();

    const wrong = await org.rep1.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'meeting', content: '开会', contactIds: [stranger.id] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('contactIds');

    const res = await org.rep1.client.post(`${api}/followups`, {
      recordType: 'contact', recordId: contact.id, type: 'visit', content: '上门拜访王经理', contactIds: [contact.id],
      location: { lat: 30.2741, lng: 120.1551, accuracy: 35, address: '杭州市西湖区文三路 90 号' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const fu = res.json();
    expect(fu.customerId).toBe(customer.id);
    expect(fu.contacts).toEqual([{ id: contact.id, name: '王经理' }]);
    expect(fu.location).toMatchObject({ lat: 30.2741, lng: 120.1551, accuracy: 35, address: '杭州市西湖区文三路 90 号' });
    expect(typeof fu.location.at).toBe('string');
    expect((await org.rep1.client.get(`${api}/contacts/${contact.id}`)).json().lastFollowupAt).toBe(fu.createdAt);
    // the pool rules read the customer's last follow-up
    expect((await org.rep1.client.get(`${api}/customers/${customer.id}`)).json().lastFollowupAt).toBe(fu.createdAt);
    const list = (await org.rep1.client.get(`${api}/followups?recordType=customer&recordId=${customer.id}`)).json();
    expect(list.items.map((x: any) => x.id)).toEqual([fu.id]);
    const stored = await env.db.asSystem((db) => rows<{ location: any }>(db, sql`SELECT location FROM followups WHERE id = ${fu.id}`));
    expect(stored[0]!.location.lat).toBe(30.2741);
  });

  it('attaches files uploaded for it to the record', async () => {
    const customer = await newCustomer(org.rep1.client, { name: '附件测试有限公司' });
    const boundary = '----loopline';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="纪要.txt"\r\nContent-Type: text/plain\r\n\r\n会议纪要\r\n--${boundary}--\r\n`;
    const up = await org.rep1.client.request('POST', `${api}/files`, payload as never, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(up.statusCode, up.body).toBe(201);
    const res = await org.rep1.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'meeting', content: '见附件', fileIds: [up.json().id] });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().files).toEqual([expect.objectContaining({ id: up.json().id, name: '纪要.txt' })]);
    const onRecord = (await org.rep1.client.get(`${api}/files?recordType=customer&recordId=${customer.id}`)).json().items;
    expect(onRecord.map((x: any) => x.id)).toContain(up.json().id);
    // someone else's file is refused
    const up2 = await org.rep2.client.request('POST', `${api}/files`, payload as never, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    const refused = await org.rep1.client.post(`${api}/followups`, { recordType: 'customer', recordId: customer.id, type: 'meeting', content: 'x', fileIds: [up2.json().id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.fields[0].field).toBe('fileIds');
  });
});

describe('bad input', () => {
  it('names the field or the record', async () => {
    const lead = await newLead(org.rep1.client);
    const badType = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'fax', content: 'x' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details.fields.map((f: any) => f.field)).toContain('type');
    const badOutcome = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: 'x', outcome: 'maybe' });
    expect(badOutcome.statusCode).toBe(400);
    expect(badOutcome.json().error.details.fields.map((f: any) => f.field)).toContain('outcome');
    const empty = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: '  ' });
    expect(empty.statusCode).toBe(400);
    const missing = '00000000-0000-4000-8000-000000000000';
    const unknown = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: missing, type: 'call', content: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain(missing);
    const far = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: 'x', nextFollowupAt: new Date(Date.now() + 6 * 365 * 86_400_000).toISOString() });
    expect(far.statusCode).toBe(400);
    expect(far.json().error.details.fields[0].field).toBe('nextFollowupAt');
    const badLocation = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'visit', content: 'x', location: { lat: 200, lng: 0 } });
    expect(badLocation.statusCode).toBe(400);
    // a next follow-up time in the past is allowed: logged late, it is simply overdue
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const late = await org.rep1.client.post(`${api}/followups`, { recordType: 'lead', recordId: lead.id, type: 'call', content: '补录', nextFollowupAt: past });
    expect(late.statusCode, late.body).toBe(201);
    expect((await org.rep1.client.get(`${api}/leads/${lead.id}`)).json().nextFollowupAt).toBe(past);
  });
});

describe('to-do centre: 今日跟进', () => {
  it('lists my records due today or overdue, overdue first, with links', async () => {
    const fresh = await setupOrg(env);
    const overdue = await newLead(fresh.rep1.client, { name: '逾期线索' });
    const today = await newCustomer(fresh.rep1.client, { name: '今天要跟进的客户' });
    const later = await newLead(fresh.rep1.client, { name: '下周线索' });
    const others = await newLead(fresh.rep2.client, { name: '别人的线索' });
    const log = (client: Org['rep1']['client'], recordType: string, recordId: string, at: Date) =>
      client.post(`${api}/followups`, { recordType, recordId, type: 'call', content: '约定下次', nextFollowupAt: at.toISOString() });
    const now = Date.now();
    expect((await log(fresh.rep1.client, 'lead', overdue.id, new Date(now - 2 * 86_400_000))).statusCode).toBe(201);
    expect((await log(fresh.rep1.client, 'customer', today.id, new Date(now + 60_000))).statusCode).toBe(201);
    expect((await log(fresh.rep1.client, 'lead', later.id, new Date(now + 7 * 86_400_000))).statusCode).toBe(201);
    expect((await log(fresh.rep2.client, 'lead', others.id, new Date(now - 86_400_000))).statusCode).toBe(201);

    const todo = await fresh.rep1.client.get(`${api}/todo`);
    expect(todo.statusCode, todo.body).toBe(200);
    const groups = (todo.json().groups ?? todo.json().items) as { key: string; total: number; items: { title: string; link: string; urgent?: boolean }[] }[];
    const due = groups.find((g) => g.key === 'followups.due');
    expect(due, JSON.stringify(groups)).toBeDefined();
    // "today" may end within the minute in some zone: only the overdue item is certain
    expect(due!.items[0]).toMatchObject({ title: `逾期线索 · ${overdue.company}`, link: `/leads/${overdue.id}`, urgent: true });
    expect(due!.items.map((i) => i.link)).not.toContain(`/leads/${later.id}`);
    expect(due!.items.map((i) => i.link)).not.toContain(`/leads/${others.id}`);
  });
});
