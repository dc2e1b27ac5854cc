/** Test fixture for payments and invoices: an organization with finance, a customer and approved contracts. */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ApprovalInstanceStatus } from '@loopline/shared';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { addUser, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Member, type Org } from '../customers/testOrg.ts';
import { findApprovable } from '../approvals/registry.ts';

export interface PayOrg extends Org { finance: Member; customerId: string }

export async function setupPayOrg(env: TestEnv): Promise<PayOrg> {
  const org = await setupOrg(env);
  const finance = await addUser(env, org.admin.client, { name: '徐丽', email: `finance-${crypto.randomBytes(4).toString('hex')}@example.com`, roleKeys: ['finance'] });
  const customer = await newCustomer(org.rep1.client, { name: `福州闽江机电有限公司${crypto.randomBytes(2).toString('hex')}` });
  return { ...org, finance, customerId: customer.id };
}

let seq = 0;
/** An approved (or other status) contract inserted directly: the contracts module has its own tests. */
export async function contract(env: TestEnv, org: PayOrg, amount: string, opts: { status?: string; ownerId?: string } = {}): Promise<string> {
  seq++;
  const row = await env.db.asSystem((db) => one<{ id: string }>(db, sql`INSERT INTO contracts (tenant_id, number, name, customer_id, amount, status, owner_id)
    VALUES (${org.admin.tenantId}, ${`HT-T${Date.now()}${seq}`}, ${`测试合同${seq}`}, ${org.customerId}, ${amount}::numeric, ${opts.status ?? 'approved'}, ${opts.ownerId ?? org.rep1.userId}) RETURNING id`));
  return row!.id;
}

export async function contractRow(env: TestEnv, id: string) {
  return env.db.asSystem((db) => one<{ amount: string; received_amount: string; invoiced_amount: string }>(db, sql`SELECT amount::text, received_amount::text, invoiced_amount::text FROM contracts WHERE id = ${id}`));
}

/**
 * Drives the approvable's status changes the way the approval engine does, each in its own
 * transaction (submit = 'pending'; with no applicable flow the engine approves in the same one).
 */
export async function approval(env: TestEnv, tenantId: string, recordType: 'payment' | 'invoice', id: string, statuses: ApprovalInstanceStatus[]): Promise<void> {
  const def = findApprovable(recordType)!;
  await env.db.forTenant(tenantId, (db) => inTransaction(db, async (tx) => {
    for (const s of statuses) {
      if (s === 'pending' && def.assertSubmittable) await def.assertSubmittable(tx, { tenantId } as never, id);
      await def.onStatus(tx, tenantId, id, s, { instanceId: crypto.randomUUID(), actorId: null, src: { tenantId, actorId: null, actorType: 'system' } });
    }
  }, tenantId));
}
