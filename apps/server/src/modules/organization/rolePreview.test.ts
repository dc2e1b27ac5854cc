import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type TestEnv } from '../../test/harness.ts';
import { newCustomer } from '../customers/testOrg.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('view as this role', () => {
  it('shows list rows exactly as the role would: hidden fields absent, phone masked', async () => {
    const admin = await signUp(env.app);
    await newCustomer(admin.client, { name: '上海示例贸易', phone: '13812345678', email: 'buyer@example.com' });
    const role = (await admin.client.post('/api/v1/roles', {
      key: 'previewer', name: '预览角色',
      permissions: { objects: { customer: ['view'] }, dataScope: 'self', fields: { customer: { email: 'hidden', industry: 'readonly' } }, masks: { customer: { phone: 'list' } } },
    })).json();

    const res = await admin.client.get(`/api/v1/roles/${role.id}/preview?recordType=customer`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.canView).toBe(true);
    expect(body.dataScope).toBe('self');
    // scope is evaluated from the admin's own position: the admin owns this customer
    expect(body.rows).toHaveLength(1);
    const row = body.rows[0];
    expect(row.name).toBe('上海示例贸易');
    expect(row).not.toHaveProperty('email');
    expect(row.phone).not.toBe('13812345678');
    expect(row.phone).toMatch(/\*/);
    const field = (key: string) => body.fields.find((f: { key: string }) => f.key === key);
    expect(field('email')).toMatchObject({ access: 'hidden', mask: null });
    expect(field('industry')).toMatchObject({ access: 'readonly' });
    expect(field('phone')).toMatchObject({ access: 'editable', mask: 'list' });

    // the admin's own list is untouched by the preview
    expect((await admin.client.get('/api/v1/customers')).json().items[0].email).toBe('buyer@example.com');
  });

  it('says when the role cannot see the record type at all', async () => {
    const admin = await signUp(env.app);
    const role = (await admin.client.post('/api/v1/roles', { key: 'nothing', name: '无权限', permissions: { objects: {}, dataScope: 'self' } })).json();
    const body = (await admin.client.get(`/api/v1/roles/${role.id}/preview`)).json();
    expect(body).toMatchObject({ canView: false, rows: [] });
  });

  it('is for admins, and another organization\'s role is not found', async () => {
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const bRole = (await b.client.get('/api/v1/roles')).json().items[0];
    expect((await a.client.get(`/api/v1/roles/${bRole.id}/preview?recordType=customer`)).statusCode).toBe(404);
    expect((await b.client.get(`/api/v1/roles/${bRole.id}/preview?recordType=invoice`)).statusCode).toBe(400);
    const rep = await addUser(env, a.client, { name: '王芳', email: `wangfang-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    const aRole = (await a.client.get('/api/v1/roles')).json().items[0];
    expect((await rep.client.get(`/api/v1/roles/${aRole.id}/preview`)).statusCode).toBe(403);
  });
});
