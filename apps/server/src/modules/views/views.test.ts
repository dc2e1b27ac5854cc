import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('saved views', () => {
  it('saves a private view, validates it, and applies it to the list', async () => {
    const rep = org.rep1.client;
    const a = await newCustomer(rep, { name: '视图客户A', grade: 'A', healthScore: 10 });
    const a2 = await newCustomer(rep, { name: '视图客户A2', grade: 'A', healthScore: 90 });
    await newCustomer(rep, { name: '视图客户B', grade: 'B' });
    const res = await rep.post(`${api}/views`, {
      recordType: 'customer', name: '我的A级客户', filter: { field: 'grade', op: 'eq', value: 'A' }, sort: [{ field: 'healthScore', dir: 'desc' }], columns: ['name', 'grade'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(view).toMatchObject({ mine: true, shared: false });
    const list = (await rep.get(`${api}/customers?viewId=${view.id}`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([a2.id, a.id]);
    // the request's own filter narrows the view; its sort overrides the view's
    const narrowed = (await rep.post(`${api}/customers/query`, { viewId: view.id, filter: { field: 'healthScore', op: 'lt', value: 50 } })).json();
    expect(narrowed.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect((await rep.get(`${api}/customers?viewId=${view.id}&sort=healthScore`)).json().items[0].id).toBe(a.id);

    for (const body of [
      { filter: { field: 'nope', op: 'eq', value: 1 } }, { filter: { field: 'grade', op: 'gt' } }, { sort: [{ field: 'tags', dir: 'asc' }] }, { columns: ['nope'] }, { filter: '{"and":' },
    ]) {
      const bad = await rep.post(`${api}/views`, { recordType: 'customer', name: 'bad', ...body });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await rep.post(`${api}/views`, { recordType: 'spaceship', name: 'x' })).statusCode).toBe(400);
  });

  it('keeps private views private; only admins share; owners edit and delete', async () => {
    const mine = (await org.rep1.client.post(`${api}/views`, { recordType: 'customer', name: '私有视图' })).json();
    expect((await org.rep2.client.get(`${api}/customers?viewId=${mine.id}`)).statusCode).toBe(404);
    expect((await org.rep2.client.get(`${api}/views?recordType=customer`)).json().items.map((v: { id: string }) => v.id)).not.toContain(mine.id);
    expect((await org.rep2.client.patch(`${api}/views/${mine.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await org.rep2.client.delete(`${api}/views/${mine.id}`)).statusCode).toBe(404);
    expect((await org.rep1.client.post(`${api}/views`, { recordType: 'customer', name: '共享', shared: true })).statusCode).toBe(403);
    expect((await org.rep1.client.patch(`${api}/views/${mine.id}`, { shared: true })).statusCode).toBe(403);

    const shared = (await org.admin.client.post(`${api}/views`, { recordType: 'customer', name: '全员视图', shared: true, filter: { field: 'ownerId', op: 'eq', value: '$me' } })).json();
    const seen = (await org.rep2.client.get(`${api}/views?recordType=customer`)).json().items;
    expect(seen.find((v: { id: string }) => v.id === shared.id)).toMatchObject({ mine: false, shared: true });
    expect((await org.rep2.client.get(`${api}/customers?viewId=${shared.id}`)).statusCode).toBe(200);
    expect((await org.rep2.client.patch(`${api}/views/${shared.id}`, { name: 'mine now' })).statusCode).toBe(403);

    const renamed = await org.rep1.client.patch(`${api}/views/${mine.id}`, { name: '改名视图', filter: { field: 'grade', op: 'in', value: ['A', 'B'] } });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe('改名视图');
    expect((await org.rep1.client.delete(`${api}/views/${mine.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.get(`${api}/customers?viewId=${mine.id}`)).statusCode).toBe(404);
  });
});
