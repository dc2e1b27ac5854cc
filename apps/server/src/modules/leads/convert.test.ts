import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '@loopline/shared';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';

async function newLead(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post(`${api}/leads`, { duplicatePolicy: 'create', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Attaches a small PDF to a record through POST /files (multipart, as the browser sends it). */
async function attach(client: TestClient, recordType: string, recordId: string): Promise<string> {
  const boundary = '----loopline-convert-test';
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = Buffer.concat([
    Buffer.from(field('recordType', recordType) + field('recordId', recordId)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="需求说明.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    Buffer.from('%PDF-1.7\n% lead requirements\n%%EOF\n'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await env.app.inject({ method: 'POST', url: `${api}/files`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie, [CSRF_HEADER]: client.cookies[CSRF_COOKIE]! } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const count = async (query: ReturnType<typeof sql>) =>
  Number((await env.db.forTenant(org.admin.tenantId, (db) => rows<{ n: number }>(db, query)))[0]!.n);

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

describe('converting a lead', () => {
  it('creates customer and contact in one go, carrying the history and the files', async () => {
    const c = org.rep1.client;
    const lead = await newLead(c, { name: '王转化', company: '宁波海岳机械有限公司', industry: '制造业', city: '宁波市', mobile: '13655556666', email: 'wang@haiyue.cn', tags: ['展会'], title: '采购经理' });
    await c.post(`${api}/leads/${lead.id}/status`, { status: 'qualified' });
    const fileId = await attach(c, 'lead', lead.id);
    const preview = (await c.get(`${api}/leads/${lead.id}/conversion-preview`)).json();
    expect(preview.customer).toMatchObject({ name: '宁波海岳机械有限公司', industry: '制造业', source: 'lead', tags: ['展会'] });
    expect(preview.contact).toMatchObject({ name: '王转化', mobile: '13655556666', title: '采购经理' });

    const res = await c.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new', values: { grade: 'A' } }, contact: { create: true } });
    expect(res.statusCode, res.body).toBe(200);
    const { customerId, contactId, lead: converted } = res.json();
    expect(converted).toMatchObject({ status: 'converted', convertedCustomerId: customerId, convertedContactId: contactId, convertedCustomerName: '宁波海岳机械有限公司' });
    const customer = (await c.get(`${api}/customers/${customerId}`)).json();
    expect(customer).toMatchObject({ name: '宁波海岳机械有限公司', grade: 'A', source: 'lead', ownerId: org.rep1.userId });
    const contact = (await c.get(`${api}/contacts/${contactId}`)).json();
    expect(contact).toMatchObject({ name: '王转化', customerId, title: '采购经理' });

    const history = (await c.get(`${api}/customers/${customerId}/history`)).json().items as { action: string; from?: { recordType: string } }[];
    const fromLead = history.filter((h) => h.from?.recordType === 'lead').map((h) => h.action);
    expect(fromLead).toEqual(expect.arrayContaining(['convert', 'statusChange', 'create']));
    const contactHistory = (await c.get(`${api}/contacts/${contactId}/history`)).json().items as { from?: { recordType: string } }[];
    expect(contactHistory.some((h) => h.from?.recordType === 'lead')).toBe(true);
    const files = (await c.get(`${api}/files?recordType=customer&recordId=${customerId}`)).json().items;
    expect(files.map((f: { id: string }) => f.id)).toEqual([fileId]);

    // A converted lead is read-only except for an administrator.
    const edit = await c.patch(`${api}/leads/${lead.id}`, { city: '杭州市' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('LEAD_CONVERTED');
    expect((await c.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new' } })).statusCode).toBe(409);
    expect((await org.admin.client.patch(`${api}/leads/${lead.id}`, { remark: '管理员补充' })).statusCode).toBe(200);
  });

  it('writes nothing when any part fails: an existing customer name is a 409 and the lead is unchanged', async () => {
    const c = org.rep1.client;
    expect((await c.post(`${api}/customers`, { name: '温州联创电子有限公司' })).statusCode).toBe(201);
    const lead = await newLead(c, { name: '林失败', company: '温州联创电子有限公司', mobile: '13677778888' });
    const fileId = await attach(c, 'lead', lead.id);
    const res = await c.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new' }, contact: { create: true } });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'customer.name' } });
    expect((await c.get(`${api}/leads/${lead.id}`)).json()).toMatchObject({ status: 'new', convertedCustomerId: null });
    expect(await count(sql`SELECT count(*)::int AS n FROM contacts WHERE name = '林失败'`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM record_links WHERE linked_id = ${lead.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM files WHERE id = ${fileId} AND record_type = 'lead'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_logs WHERE record_id = ${lead.id} AND action = 'convert'`)).toBe(0);
    // …and a bad override names the field under customer.
    const bad = await c.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new', values: { name: '温州新名字有限公司', grade: 'Z' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('customer.grade');
  });

  it('attaches to an existing customer the actor can see, without a contact if asked', async () => {
    const mine = (await org.rep2.client.post(`${api}/customers`, { name: '苏州明德贸易有限公司' })).json();
    const others = (await org.rep3.client.post(`${api}/customers`, { name: '广州南粤食品有限公司' })).json();
    const lead = await newLead(org.rep2.client, { name: '明德采购', company: '苏州明德贸易' });
    const hidden = await org.rep2.client.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'existing', customerId: others.id } });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.details.fields[0].field).toBe('customer.customerId');
    const res = await org.rep2.client.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'existing', customerId: mine.id }, contact: { create: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ customerId: mine.id, contactId: null });
    const history = (await org.rep2.client.get(`${api}/customers/${mine.id}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'converted', data: { leadId: lead.id } });
  });

  it('follows the admin-configured mapping', async () => {
    expect((await org.rep1.client.get(`${api}/leads/conversion-mapping`)).json()).toMatchObject({ configured: false, customer: { company: 'name' } });
    expect((await org.rep1.client.put(`${api}/leads/conversion-mapping`, { customer: {}, contact: {} })).statusCode).toBe(403);
    const bad = await org.admin.client.put(`${api}/leads/conversion-mapping`, { customer: { company: 'salary' }, contact: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('customer.company');
    const put = await org.admin.client.put(`${api}/leads/conversion-mapping`, { customer: { company: 'name', productInterest: 'remark' }, contact: { name: 'name', mobile: 'mobile' } });
    expect(put.statusCode, put.body).toBe(200);
    const lead = await newLead(org.rep1.client, { name: '映射测试', company: '映射科技有限公司', productInterest: 'CRM 专业版', industry: '软件', title: '经理' });
    const preview = (await org.rep1.client.get(`${api}/leads/${lead.id}/conversion-preview`)).json();
    expect(preview.customer).toEqual({ kind: 'company', name: '映射科技有限公司', remark: 'CRM 专业版', source: 'lead' });
    expect(preview.contact).toEqual({ name: '映射测试' });
  });
});
