import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../platform/db/transaction.ts';
import { rows } from '../../platform/db/query.ts';
import { addUser, createTestApp, signUp, TestClient, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { createLeads } from './create.ts';

let env: TestEnv;
let admin: SignedUp;
const api = '/api/v1';

const countByName = async (name: string) =>
  Number((await env.db.forTenant(admin.tenantId, (db) => rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM leads WHERE tenant_id = ${admin.tenantId} AND name = ${name}`)))[0]!.n);

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
});
afterAll(async () => {
  await env?.close();
});

describe('POST /leads/batch', () => {
  it('creates the good rows, reports the bad ones by index, and replays a retry with the same key', async () => {
    const body = { items: [{ name: '批一', mobile: '13700000001' }, { name: '批二', mobile: '12345' }, { name: '批三', email: 'p3@example.com', custom: {} }] };
    const key = { 'idempotency-key': 'batch-001' };
    const first = await admin.client.request('POST', `${api}/leads/batch`, body, key);
    expect(first.statusCode, first.body).toBe(200);
    const answer = first.json();
    expect(answer).toMatchObject({ created: 2, rejected: 1, updated: 0, skipped: 0 });
    expect(answer.outcomes[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ field: 'mobile' }] });
    const retry = await admin.client.request('POST', `${api}/leads/batch`, { items: body.items.map((i) => ({ ...i })) }, key);
    expect(retry.json()).toEqual(answer);
    expect(await countByName('批一')).toBe(1);
    const reused = await admin.client.request('POST', `${api}/leads/batch`, { items: [{ name: '别的' }] }, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('ten concurrent identical calls create one set of leads', async () => {
    const body = { items: [{ name: '并发甲', mobile: '13700000011' }, { name: '并发乙', mobile: '13700000012' }] };
    const calls = await Promise.all(Array.from({ length: 10 }, () => admin.client.request('POST', `${api}/leads/batch`, body, { 'idempotency-key': 'concurrent-1' })));
    for (const c of calls) expect(c.statusCode, c.body).toBe(200);
    const ids = new Set(calls.map((c) => c.json().outcomes.map((o: { id: string }) => o.id).join()));
    expect(ids.size).toBe(1);
    expect(await countByName('并发甲')).toBe(1);
    expect(await countByName('并发乙')).toBe(1);
  });

  it('refuses more than 1,000 items naming the field, and handles duplicate policies', async () => {
    const tooMany = await admin.client.post(`${api}/leads/batch`, { items: Array.from({ length: 1001 }, (_, i) => ({ name: `x${i}` })) });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details.fields[0].field).toBe('items');
    const skip = (await admin.client.post(`${api}/leads/batch`, { items: [{ name: '批一', mobile: '+86 137 0000 0001' }, { name: '新人', mobile: '13700000099' }, { name: '新人二', mobile: '137-0000-0099' }], duplicatePolicy: 'skip' })).json();
    expect(skip.outcomes.map((o: { status: string }) => o.status)).toEqual(['skipped', 'created', 'skipped']);
    const upd = (await admin.client.post(`${api}/leads/batch`, { items: [{ name: '批一', mobile: '13700000001', city: '宁波市' }], duplicatePolicy: 'update' })).json();
    expect(upd.outcomes[0]).toMatchObject({ status: 'updated' });
    expect((await admin.client.get(`${api}/leads/${upd.outcomes[0].id}`)).json().city).toBe('宁波市');
  });
});

describe('API keys', () => {
  it('create through the assignment rules, tagged with the api source', async () => {
    const rep = (n: string) => addUser(env, admin.client, { name: n, email: `${n}-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    const [a, b] = [await rep('api-rep-a'), await rep('api-rep-b')];
    const rule = await admin.client.post(`${api}/assignment-rules`, { name: 'API 线索', condition: { field: 'source', op: 'eq', value: 'api' }, target: { kind: 'roundRobin', userIds: [a.userId, b.userId] } });
    expect(rule.statusCode, rule.body).toBe(201);
    const roles = (await admin.client.get(`${api}/roles`)).json().items as { id: string; key: string }[];
    const created = await admin.client.post(`${api}/admin/api-keys`, { name: '官网', roleId: roles.find((r) => r.key === 'salesDirector')!.id });
    expect(created.statusCode, created.body).toBe(201);
    const key = new TestClient(env.app, { authorization: `Bearer ${created.json().key}` });
    const res = await key.post(`${api}/leads/batch`, { items: [1, 2, 3, 4].map((i) => ({ name: `接口${i}`, mobile: `1360000000${i}` })) });
    expect(res.statusCode, res.body).toBe(200);
    const got = await Promise.all(res.json().outcomes.map(async (o: { id: string }) => (await key.get(`${api}/leads/${o.id}`)).json()));
    expect(got.map((l) => l.ownerId).sort()).toEqual([a.userId, a.userId, b.userId, b.userId].sort());
    expect(got[0]).toMatchObject({ source: 'api', sourceDetail: { apiKeyId: created.json().id } });
    const single = await key.post(`${api}/leads`, { name: '接口单条', assign: 'me' });
    expect(single.json().ownerId).toBe(admin.userId); // the key acts for its creator
  });
});

describe('POST /leads with an Idempotency-Key', () => {
  it('answers a retry with the first lead', async () => {
    const key = { 'idempotency-key': 'single-1' };
    const a = await admin.client.request('POST', `${api}/leads`, { name: '单条幂等' }, key);
    const b = await admin.client.request('POST', `${api}/leads`, { name: '单条幂等' }, key);
    expect(a.statusCode, a.body).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect(await countByName('单条幂等')).toBe(1);
  });
});

describe('createLeads at import size', () => {
  it('commits 2,000 rows in one transaction and reports the bad ones by index', async () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({
      name: `导入${i}`, company: `导入测试${i % 50}有限公司`, mobile: i % 100 === 7 ? '1234' : `15${String(i).padStart(9, '0')}`,
      email: i % 3 ? `imp${i}@example.com` : null, source: 'import', tags: '展会', budget: String(i * 10),
    }));
    items[1999]!.mobile = items[0]!.mobile; // the same person twice in one file
    const started = Date.now();
    const result = await env.db.forTenant(admin.tenantId, (db) => inTransaction(db, (tx) => createLeads(tx, {
      tenantId: admin.tenantId, actor: null, src: { tenantId: admin.tenantId, actorId: null, actorType: 'system' }, channel: 'import',
      duplicatePolicy: 'skip', timeZone: 'Asia/Shanghai', sourceDetail: { importId: 'test' },
    }, items), admin.tenantId));
    const ms = Date.now() - started;
    console.info(`createLeads: 2000 rows in ${ms} ms (${Math.round(2000 / (ms / 1000))} rows/s)`);
    const rejected = result.outcomes.filter((o) => o.status === 'rejected').map((o) => o.index);
    expect(rejected).toEqual(Array.from({ length: 20 }, (_, k) => k * 100 + 7));
    expect(result.outcomes[1999]).toMatchObject({ status: 'skipped', duplicates: [{ recordType: 'lead', matchedOn: ['mobile'] }] });
    expect(result.outcomes.filter((o) => o.status === 'created')).toHaveLength(1979);
    const stored = await env.db.forTenant(admin.tenantId, (db) => rows<{ n: number; numbers: number; audits: number }>(db, sql`
      SELECT count(*)::int AS n, count(DISTINCT number)::int AS numbers,
             (SELECT count(*)::int FROM audit_logs a WHERE a.tenant_id = ${admin.tenantId} AND a.record_type = 'lead' AND a.action = 'create' AND a.record_id IN (SELECT id::text FROM leads WHERE name LIKE '导入%')) AS audits
        FROM leads WHERE tenant_id = ${admin.tenantId} AND name LIKE '导入%' AND source_detail->>'importId' = 'test' AND mobile_norm IS NOT NULL`));
    expect(stored[0]).toEqual({ n: 1979, numbers: 1979, audits: 1979 });
  });
});
