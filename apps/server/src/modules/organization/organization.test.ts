import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('organization administration', () => {
  it('invites a user who accepts by link, then the admin moves them between departments', async () => {
    const admin = await signUp(env.app);
    const depts = (await admin.client.get('/api/v1/departments')).json().items;
    const sales = (await admin.client.post('/api/v1/departments', { name: '销售一部', parentId: depts[0].id })).json();
    const service = (await admin.client.post('/api/v1/departments', { name: '客服部', parentId: depts[0].id })).json();
    const rep = await addUser(env, admin.client, { name: '陈静', email: 'chenjing@example.com', roleKeys: ['salesRep'], departmentId: sales.id });
    expect((await rep.client.get('/api/v1/auth/me')).json().user.departmentId).toBe(sales.id);

    const moved = await admin.client.patch(`/api/v1/users/${rep.userId}`, { departmentId: service.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().departmentId).toBe(service.id);
    const tree = (await admin.client.get('/api/v1/departments')).json().items;
    expect(tree.find((d: { id: string }) => d.id === service.id).memberCount).toBe(1);

    // the move is in the audit trail with a field diff
    const audit = (await admin.client.get(`/api/v1/audit?recordType=user&recordId=${rep.userId}`)).json().items;
    const update = audit.find((a: { action: string }) => a.action === 'update');
    expect(update.changes.fields.departmentId).toEqual({ before: sales.id, after: service.id });
  });

  it('ends a deactivated user’s sessions at once', async () => {
    const admin = await signUp(env.app);
    const rep = await addUser(env, admin.client, { name: '杨帆', email: 'yangfan@example.com', roleKeys: ['salesRep'] });
    expect((await rep.client.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await admin.client.post(`/api/v1/users/${rep.userId}/deactivate`)).json().status).toBe('inactive');
    expect((await rep.client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const relogin = await new TestClient(env.app).post('/api/v1/auth/login', { identifier: 'yangfan@example.com', password: 'correct-horse-42' });
    expect(relogin.statusCode).toBe(401);
    expect((await admin.client.post(`/api/v1/users/${admin.userId}/deactivate`)).statusCode).toBe(400);
  });

  it('refuses a department loop and deleting a department with members', async () => {
    const admin = await signUp(env.app);
    const root = (await admin.client.get('/api/v1/departments')).json().items[0];
    const a = (await admin.client.post('/api/v1/departments', { name: 'A', parentId: root.id })).json();
    const b = (await admin.client.post('/api/v1/departments', { name: 'B', parentId: a.id })).json();
    const loop = await admin.client.patch(`/api/v1/departments/${a.id}`, { parentId: b.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().error.details.fields[0].field).toBe('parentId');
    expect((await admin.client.delete(`/api/v1/departments/${a.id}`)).statusCode).toBe(409);
    expect((await admin.client.delete(`/api/v1/departments/${b.id}`)).statusCode).toBe(204);
  });

  it('lets only admins administer, and keeps organizations apart', async () => {
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const rep = await addUser(env, a.client, { name: '赵磊', email: 'zhaolei@example.com', roleKeys: ['salesRep'] });
    expect((await rep.client.post('/api/v1/departments', { name: 'X' })).statusCode).toBe(403);
    expect((await rep.client.get('/api/v1/audit')).statusCode).toBe(403);
    // tenant B sees none of tenant A
    expect((await b.client.get(`/api/v1/users/${rep.userId}`)).statusCode).toBe(404);
    expect((await b.client.patch(`/api/v1/users/${rep.userId}`, { name: 'hijack' })).statusCode).toBe(404);
    const bUsers = (await b.client.get('/api/v1/users')).json();
    expect(bUsers.items.map((u: { id: string }) => u.id)).not.toContain(rep.userId);
    expect((await b.client.get(`/api/v1/audit?recordId=${rep.userId}`)).json().items).toHaveLength(0);
    const aDept = (await a.client.get('/api/v1/departments')).json().items[0];
    expect((await b.client.post('/api/v1/users/invitations', { email: 'x@y.cn', departmentId: aDept.id })).statusCode).toBe(400);
  });

  it('issues API keys scoped to a role that can be revoked', async () => {
    const admin = await signUp(env.app);
    const roles = (await admin.client.get('/api/v1/roles')).json().items;
    expect(roles.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['admin', 'salesDirector', 'salesManager', 'salesRep', 'customerService', 'finance', 'legal']));
    const rep = roles.find((r: { key: string }) => r.key === 'salesRep');
    const created = await admin.client.post('/api/v1/admin/api-keys', { name: 'ERP 同步', roleId: rep.id });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    const api = new TestClient(env.app, { authorization: `Bearer ${key}` });
    const me = await api.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().via).toBe('apiKey');
    expect(me.json().permissions.admin).toBe(false);
    // the key carries its role, not its creator's admin rights
    expect((await api.get('/api/v1/audit')).statusCode).toBe(403);
    const listed = (await admin.client.get('/api/v1/admin/api-keys')).json().items;
    expect(JSON.stringify(listed)).not.toContain(key);
    await admin.client.post(`/api/v1/admin/api-keys/${created.json().id}/revoke`);
    expect((await api.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('records permission changes in the audit trail', async () => {
    const admin = await signUp(env.app);
    const roles = (await admin.client.get('/api/v1/roles')).json().items;
    const rep = roles.find((r: { key: string }) => r.key === 'salesRep');
    const res = await admin.client.patch(`/api/v1/roles/${rep.id}`, { permissions: { ...rep.permissions, dataScope: 'department' } });
    expect(res.statusCode).toBe(200);
    const audit = (await admin.client.get(`/api/v1/audit?recordType=role&recordId=${rep.id}`)).json().items;
    expect(audit[0].action).toBe('permissionChange');
    expect(audit[0].changes.fields.permissions.after.dataScope).toBe('department');
  });
});
