/** Test fixture of the flow tests: an admin, a sales manager and a rep who reports to them, a lead pool. */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { FlowDefinition } from '@loopline/shared';
import { rows } from '../../platform/db/query.ts';
import { addUser, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';

export interface FlowOrg {
  admin: SignedUp;
  manager: { client: TestClient; userId: string };
  rep: { client: TestClient; userId: string };
  leadPoolId: string;
}

const email = (who: string) => `${who}-${crypto.randomBytes(4).toString('hex')}@example.com`;

export async function setupFlowOrg(env: TestEnv): Promise<FlowOrg> {
  const admin = await signUp(env.app);
  const manager = await addUser(env, admin.client, { name: '张经理', email: email('manager'), roleKeys: ['salesManager'] });
  const rep = await addUser(env, admin.client, { name: '陈销售', email: email('rep'), roleKeys: ['salesRep'], managerId: manager.userId });
  const pool = await admin.client.post('/api/v1/pools', { name: '线索公海', recordTypes: ['lead'] });
  expect(pool.statusCode, pool.body).toBe(201);
  return { admin, manager, rep, leadPoolId: pool.json().id };
}

export async function createLead(client: TestClient, ownerId: string | null, name = `线索-${crypto.randomBytes(3).toString('hex')}`): Promise<string> {
  const res = await client.post('/api/v1/leads', { name, ...(ownerId ? { ownerId } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return body.id ?? body.lead?.id;
}

/** Creates a flow with this draft and publishes it; answers its id. */
export async function publishDraft(admin: TestClient, name: string, draft: FlowDefinition): Promise<string> {
  const created = await admin.post('/api/v1/flows', { name, draft });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const pub = await admin.post(`/api/v1/flows/${id}/publish`);
  expect(pub.statusCode, pub.body).toBe(200);
  return id;
}

export async function sqlRows<T>(env: TestEnv, tenantId: string, query: ReturnType<typeof sql>): Promise<T[]> {
  return env.db.forTenant(tenantId, (db) => rows<T>(db, query));
}

/** A small flow that waits: owner changed → wait 3 days → notify the owner → end. */
export function waitingFlow(): FlowDefinition {
  return {
    trigger: { type: 'ownerChanged', recordType: 'lead' },
    nodes: [
      { id: 'trigger', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
      { id: 'wait', type: 'delay', config: { mode: 'duration', duration: { days: 3 } }, position: { x: 0, y: 140 } },
      { id: 'tell', type: 'notify', config: { to: [{ kind: 'owner' }], title: '请跟进 {{record.name}}' }, position: { x: 0, y: 280 } },
      { id: 'end', type: 'end', config: {}, position: { x: 0, y: 420 } },
    ],
    edges: [
      { id: 'a', source: 'trigger', target: 'wait' },
      { id: 'b', source: 'wait', target: 'tell' },
      { id: 'c', source: 'tell', target: 'end' },
    ],
  };
}
