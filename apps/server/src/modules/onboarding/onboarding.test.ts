import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

const stepsOf = (body: { steps: { key: string; done: boolean }[] }) => Object.fromEntries(body.steps.map((s) => [s.key, s.done]));

describe('getting-started checklist', () => {
  it('ticks each step from real data, per organization', async () => {
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const first = (await a.client.get('/api/v1/onboarding')).json();
    expect(stepsOf(first)).toEqual({ invite: false, departments: false, customers: false });
    expect(first).toMatchObject({ dismissed: false, sampleDataLoaded: false, counts: { activeUsers: 1, users: 1, departments: 0, customers: 0 } });

    expect((await a.client.post('/api/v1/users/invitations', { email: `x-${Date.now()}@example.com`, name: 'X' })).statusCode).toBe(201);
    expect((await a.client.post('/api/v1/departments', { name: '华东销售部' })).statusCode).toBe(201);
    expect((await a.client.post('/api/v1/customers', { name: '杭州测试有限公司' })).statusCode).toBe(201);
    const after = (await a.client.get('/api/v1/onboarding')).json();
    expect(stepsOf(after)).toEqual({ invite: true, departments: true, customers: true });
    expect(after.counts).toMatchObject({ invitedUsers: 1, departments: 1, customers: 1 });

    // the other organization is untouched
    expect(stepsOf((await b.client.get('/api/v1/onboarding')).json())).toEqual({ invite: false, departments: false, customers: false });
  });

  it('is dismissed per user', async () => {
    const a = await signUp(env.app);
    const member = await addUser(env, a.client, { name: '成员', email: `m-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    const res = await a.client.put('/api/v1/onboarding/dismissed', { dismissed: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dismissed).toBe(true);
    expect((await a.client.get('/api/v1/onboarding')).json().dismissed).toBe(true);
    expect((await member.client.get('/api/v1/onboarding')).json().dismissed).toBe(false);
    expect((await a.client.put('/api/v1/onboarding/dismissed', { dismissed: false })).json().dismissed).toBe(false);
  });
});

describe('sample data', () => {
  it('adds sample customers owned by the admin, once', async () => {
    const a = await signUp(env.app);
    const res = await a.client.post('/api/v1/onboarding/sample-data');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().customers).toBeGreaterThan(10);
    const list = (await a.client.get('/api/v1/customers?count=exact&pageSize=200')).json();
    expect(list.total).toBe(res.json().customers);
    expect(list.items.every((c: { ownerId: string }) => c.ownerId === a.userId)).toBe(true);

    const state = (await a.client.get('/api/v1/onboarding')).json();
    expect(state.sampleDataLoaded).toBe(true);
    expect(stepsOf(state).customers).toBe(true);

    const again = await a.client.post('/api/v1/onboarding/sample-data');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SAMPLE_DATA_LOADED');
    expect((await a.client.get('/api/v1/customers?count=exact')).json().total).toBe(res.json().customers);
  });

  it('is for admins only and lands in the caller\'s organization only', async () => {
    const a = await signUp(env.app);
    const other = await signUp(env.app);
    const member = await addUser(env, a.client, { name: '成员', email: `r-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    expect((await member.client.post('/api/v1/onboarding/sample-data')).statusCode).toBe(403);
    expect((await a.client.post('/api/v1/onboarding/sample-data')).statusCode).toBe(201);
    expect((await other.client.get('/api/v1/customers?count=exact')).json().total).toBe(0);
  });
});
