import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
let other: SignedUp;
const api = '/api/v1';
const search = async (client: Org['rep1']['client'], term: string) => {
  const res = await client.get(`${api}/search?q=${encodeURIComponent(term)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().groups as { recordType: string; items: { id: string; title: string; subtitle: string | null }[] }[];
};

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  other = await signUp(env.app);
});
afterAll(async () => {
  await env?.close();
});

describe('global search', () => {
  it('finds customers by name, number, phone and email within what the actor may see', async () => {
    const c = await newCustomer(org.rep1.client, { name: '深圳星河智能科技', phone: '13812345678', email: 'info@xinghe.cn' });
    const hit = (await search(org.rep1.client, '星河'))[0]!;
    expect(hit.recordType).toBe('customer');
    expect(hit.items[0]).toMatchObject({ id: c.id, title: '深圳星河智能科技' });
    expect(hit.items[0]!.subtitle).toContain('138****5678'); // salesRep masks phones in lists
    expect((await search(org.rep1.client, c.number))[0]!.items[0]!.id).toBe(c.id);
    expect((await search(org.rep1.client, '13812345678'))[0]!.items[0]!.id).toBe(c.id);
    expect((await search(org.rep1.client, 'INFO@xinghe.cn'))[0]!.items[0]!.id).toBe(c.id);
    expect(await search(org.rep1.client, '1381234')).toEqual([]); // partial phone numbers do not match
    expect(await search(org.rep2.client, '星河')).toEqual([]); // colleague, scope self
    expect((await search(org.manager.client, '星河'))[0]!.items[0]!.subtitle).toContain('13812345678');
    expect(await search(other.client, '星河')).toEqual([]); // another tenant
    expect(await search(org.rep1.client, "%' OR '1'='1")).toEqual([]);
  });

  it('rejects empty and oversized queries with 400', async () => {
    expect((await org.rep1.client.get(`${api}/search?q=`)).statusCode).toBe(400);
    expect((await org.rep1.client.get(`${api}/search?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
    expect((await org.rep1.client.get(`${api}/search`)).statusCode).toBe(400);
  });
});
