// Assignment through the real lead capture API: POST /leads and POST /leads/batch with an API key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/query.ts';
import { TestClient, createTestApp, type TestEnv } from '../../test/harness.ts';
import { EAST, addRule, setupTeam, spread, type Team } from './testOrg.ts';

let env: TestEnv;
let team: Team;
let ids: string[];
let apiKey: TestClient;

async function ownerCounts(): Promise<Record<string, number>> {
  const found = await env.db.forTenant(team.admin.tenantId, (db) =>
    rows<{ owner_id: string | null; n: number }>(db, sql`SELECT owner_id, count(*)::int AS n FROM leads WHERE tenant_id = ${team.admin.tenantId} GROUP BY owner_id`));
  return Object.fromEntries(found.map((r) => [r.owner_id ?? 'none', Number(r.n)]));
}

beforeAll(async () => {
  env = await createTestApp();
  team = await setupTeam(env, 3);
  ids = team.reps.map((r) => r.userId);
  const roles = (await team.admin.client.get('/api/v1/roles')).json().items as { id: string; key: string }[];
  const key = await team.admin.client.post('/api/v1/admin/api-keys', { name: 'capture', roleId: roles.find((r) => r.key === 'admin')!.id });
  expect(key.statusCode, key.body).toBe(201);
  apiKey = new TestClient(env.app, { authorization: `Bearer ${key.json().key}` });
}, 120_000);
afterAll(async () => env?.close());

describe('assignment through the lead API', () => {
  it('keeps round-robin fair under 200 concurrent POST /leads', async () => {
    const rule = await addRule(team.admin.client, { name: '华东网页表单', condition: EAST, target: { kind: 'roundRobin', userIds: ids } });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      apiKey.post('/api/v1/leads', { name: `并发 ${i}`, source: 'webForm', province: '浙江省', duplicatePolicy: 'create' })));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    expect(results.every((r) => r.json().ownerId && ids.includes(r.json().ownerId))).toBe(true);
    const counts = await ownerCounts();
    expect(spread(counts, ids)).toBeLessThanOrEqual(1);
    expect(ids.reduce((n, id) => n + (counts[id] ?? 0), 0)).toBe(200);
    const stored = await env.db.forTenant(team.admin.tenantId, (db) => rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM leads WHERE assignment_rule_id = ${rule.id}`));
    expect(Number(stored[0]!.n)).toBe(200);
  }, 120_000);

  it('spreads a 1,000-lead API batch evenly and tells each rep once', async () => {
    const before = await ownerCounts();
    const items = Array.from({ length: 999 }, (_, i) => ({ name: `批量 ${i}`, source: 'webForm', province: '上海市' }));
    const res = await apiKey.request('POST', '/api/v1/leads/batch', { items, duplicatePolicy: 'create' }, { 'idempotency-key': 'assign-batch-1' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(999);
    const after = await ownerCounts();
    expect(ids.map((id) => (after[id] ?? 0) - (before[id] ?? 0))).toEqual([333, 333, 333]);
    const notes = (await team.reps[1]!.client.get('/api/v1/notifications')).json().items.filter((n: { title: string }) => n.title === '你有 333 条新线索');
    expect(notes).toHaveLength(1);
    expect(notes[0].link).toBe('/leads');
  }, 120_000);

  it('a person creating a lead keeps it unless they ask for the rules', async () => {
    const admin = team.admin.client;
    const mine = await admin.post('/api/v1/leads', { name: '自己跟进', source: 'webForm', province: '江苏省', duplicatePolicy: 'create' });
    expect(mine.json().ownerId).toBe(team.admin.userId);
    const ruled = await admin.post('/api/v1/leads', { name: '按规则', source: 'webForm', province: '江苏省', assign: 'rules', duplicatePolicy: 'create' });
    expect(ruled.statusCode, ruled.body).toBe(201);
    expect(ids).toContain(ruled.json().ownerId);
  });
});
