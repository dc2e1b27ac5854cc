/** Test fixture of the assignment tests: an admin and four reps, plus helpers to write rules and leads. */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { addUser, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { leads } from '../leads/schema.ts';
import { assignNewLeads, type AssignmentDecision } from './apply.ts';

export interface Team { admin: SignedUp; reps: { client: TestClient; userId: string }[] }

export async function setupTeam(env: TestEnv, n = 4): Promise<Team> {
  const admin = await signUp(env.app);
  const reps = [];
  for (let i = 1; i <= n; i++) {
    const email = `rep${i}-${crypto.randomBytes(4).toString('hex')}@example.com`;
    reps.push(await addUser(env, admin.client, { name: `rep${i}`, email, roleKeys: ['salesRep'] }));
  }
  return { admin, reps };
}

export async function addRule(admin: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await admin.post('/api/v1/assignment-rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export const EAST = { and: [{ field: 'source', op: 'eq', value: 'webForm' }, { field: 'province', op: 'in', value: ['浙江省', '上海市', '江苏省'] }] };

/** One transaction that asks the rules for owners and inserts the leads with them, like a lead creator does. */
export async function captureLeads(env: TestEnv, tenantId: string, batch: Record<string, unknown>[]): Promise<AssignmentDecision[]> {
  return env.db.forTenant(tenantId, (db) =>
    inTransaction(db, async (tx: Db) => {
      const decisions = await assignNewLeads(tx, tenantId, batch);
      await tx.insert(leads).values(batch.map((l, i) => ({
        tenantId, name: String(l.name ?? `lead ${i}`), source: (l.source as string) ?? null, province: (l.province as string) ?? null,
        industry: (l.industry as string) ?? null, ownerId: decisions[i]!.ownerId, poolId: decisions[i]!.poolId, assignmentRuleId: decisions[i]!.ruleId,
      })));
      return decisions;
    }, tenantId),
  );
}

export function tally(decisions: AssignmentDecision[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of decisions) if (d.ownerId) out[d.ownerId] = (out[d.ownerId] ?? 0) + 1;
  return out;
}

export const spread = (counts: Record<string, number>, ids: string[]) => Math.max(...ids.map((id) => counts[id] ?? 0)) - Math.min(...ids.map((id) => counts[id] ?? 0));
