/** Test fixtures for the pool tests: records written straight to the tables, pools through the API. */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import type { TestClient, TestEnv } from '../../test/harness.ts';

let seq = 0;

export interface RecordSeed {
  name?: string;
  ownerId?: string | null;
  poolId?: string | null;
  grade?: 'A' | 'B' | 'C' | null;
  ownerSince?: Date | null;
  createdAt?: Date;
  lastFollowupAt?: Date | null;
  lastOpportunityAt?: Date | null;
  dealStatus?: 'none' | 'won' | 'repeat';
  status?: string;
  locked?: boolean;
  phone?: string;
  mobile?: string;
  email?: string;
  previousOwnerId?: string | null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Inserts customers (or leads) as the rest of the app would have left them. */
export async function insertRecords(env: TestEnv, tenantId: string, type: 'customer' | 'lead', seeds: RecordSeed[]): Promise<string[]> {
  const ids: string[] = [];
  await env.db.forTenant(tenantId, async (db) => {
    for (const s of seeds) {
      seq += 1;
      const name = s.name ?? `${type === 'customer' ? '客户' : '线索'}${seq}-${Math.random().toString(36).slice(2, 7)}`;
      const owner = s.ownerId ?? null;
      const since = s.ownerSince === undefined ? (owner ? new Date() : null) : s.ownerSince;
      const common = sql`${tenantId}, ${name}, ${owner}, ${s.poolId ?? null}, ${s.grade ?? null}, ${iso(since)}::timestamptz,
        coalesce(${iso(s.createdAt)}::timestamptz, now()), ${iso(s.lastFollowupAt)}::timestamptz, ${s.poolId && !owner ? new Date().toISOString() : null}::timestamptz,
        ${s.previousOwnerId ?? null}, ${s.email ?? null}`;
      const [row] = type === 'customer'
        ? await rows<{ id: string }>(db, sql`INSERT INTO customers (tenant_id, name, owner_id, pool_id, grade, owner_since, created_at, last_followup_at, pool_entered_at,
            previous_owner_id, email, phone, last_opportunity_at, deal_status, locked)
          VALUES (${common}, ${s.phone ?? null}, ${iso(s.lastOpportunityAt)}::timestamptz, ${s.dealStatus ?? 'none'}, ${s.locked ?? false}) RETURNING id::text AS id`)
        : await rows<{ id: string }>(db, sql`INSERT INTO leads (tenant_id, name, owner_id, pool_id, grade, owner_since, created_at, last_followup_at, pool_entered_at,
            previous_owner_id, email, mobile, status)
          VALUES (${common}, ${s.mobile ?? null}, ${s.status ?? 'new'}) RETURNING id::text AS id`);
      ids.push(row!.id);
    }
  });
  return ids;
}

export async function ownerOf(env: TestEnv, tenantId: string, type: 'customer' | 'lead', id: string) {
  return env.db.forTenant(tenantId, async (db) => {
    const [r] = await rows<{ owner_id: string | null; pool_id: string | null; previous_owner_id: string | null }>(db,
      sql`SELECT owner_id::text, pool_id::text, previous_owner_id::text FROM ${sql.raw(type === 'customer' ? 'customers' : 'leads')} WHERE id = ${id}`);
    return r!;
  });
}

export async function newPool(admin: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await admin.post('/api/v1/pools', { recordTypes: ['customer'], ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export async function setRules(admin: TestClient, poolId: string, items: Record<string, unknown>[]): Promise<void> {
  const res = await admin.put(`/api/v1/pools/${poolId}/rules`, { items });
  expect(res.statusCode, res.body).toBe(200);
}

export const poolIds = async (client: TestClient, poolId: string, type = 'customer'): Promise<string[]> => {
  const res = await client.get(`/api/v1/pools/${poolId}/records?recordType=${type}&pageSize=200`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((r: { id: string }) => r.id);
};
