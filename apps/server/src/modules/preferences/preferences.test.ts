import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/query.ts';
import { addUser, createTestApp, signUp, usingPostgres, type SignedUp, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let a: SignedUp;
let b: SignedUp;
const url = '/api/v1/preferences';

beforeAll(async () => {
  env = await createTestApp();
  a = await signUp(env.app);
  b = await signUp(env.app);
});
afterAll(async () => {
  await env?.close();
});

describe('user preferences', () => {
  it('answers null until set, then stores, replaces and deletes JSON per user', async () => {
    const empty = await a.client.get(`${url}/list.customer`);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ key: 'list.customer', value: null, updatedAt: null });

    const value = { columns: ['name', 'grade', 'custom.budget'], pageSize: 50, nested: { ok: true, n: null } };
    const put = await a.client.put(`${url}/list.customer`, { value });
    expect(put.statusCode, put.body).toBe(200);
    expect((await a.client.get(`${url}/list.customer`)).json().value).toEqual(value);

    await a.client.put(`${url}/list.customer`, { value: ['only', 'this'] });
    expect((await a.client.get(`${url}/list.customer`)).json().value).toEqual(['only', 'this']);

    expect((await a.client.delete(`${url}/list.customer`)).statusCode).toBe(204);
    expect((await a.client.get(`${url}/list.customer`)).json().value).toBeNull();
  });

  it('keeps each user and each tenant apart', async () => {
    await a.client.put(`${url}/theme`, { value: 'dark' });
    // same key, another tenant's admin: their own (unset) preference, never a's
    expect((await b.client.get(`${url}/theme`)).json().value).toBeNull();
    await b.client.put(`${url}/theme`, { value: 'light' });
    expect((await a.client.get(`${url}/theme`)).json().value).toBe('dark');
    // a colleague in the same tenant has their own too
    const colleague = await addUser(env, a.client, { name: '同事', email: `pref-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    expect((await colleague.client.get(`${url}/theme`)).json().value).toBeNull();
    // PostgreSQL's row-level-security wall agrees: a connection for a's tenant sees no other tenant's rows
    if (usingPostgres) {
      const seen = await env.db.forTenant(a.tenantId, (db) => rows<{ tenantId: string }>(db, sql`SELECT tenant_id::text AS "tenantId" FROM user_preferences`));
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((r) => r.tenantId === a.tenantId)).toBe(true);
    }
  });

  it('validates key, body and size, and needs a session', async () => {
    expect((await a.client.put(`${url}/bad key!`, { value: 1 })).statusCode).toBe(400);
    expect((await a.client.put(`${url}/ok`, {})).statusCode).toBe(400);
    expect((await a.client.put(`${url}/ok`, { value: 1, extra: 2 })).statusCode).toBe(400);
    const big = await a.client.put(`${url}/big`, { value: 'x'.repeat(33 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PREFERENCE_TOO_LARGE');
    expect((await a.client.put(`${url}/fits`, { value: 'x'.repeat(30 * 1024) })).statusCode).toBe(200);
    const anonymous = await env.app.inject({ method: 'GET', url: `${url}/theme` });
    expect(anonymous.statusCode).toBe(401);
  });
});
