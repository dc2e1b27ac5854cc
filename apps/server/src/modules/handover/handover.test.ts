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

const q = async (text: string, params: unknown[]) => ((await env.db.owner.query(text, params)) as { rows: Record<string, any>[] }).rows;
const ownedBy = async (userId: string) => {
  const [r] = await q(`SELECT
      (SELECT count(*)::int FROM leads WHERE owner_id = $1 AND deleted_at IS NULL) AS leads,
      (SELECT count(*)::int FROM customers WHERE owner_id = $1 AND deleted_at IS NULL) AS customers,
      (SELECT count(*)::int FROM contacts WHERE owner_id = $1 AND deleted_at IS NULL) AS contacts`, [userId]);
  return r!;
};

/** rep1's book: 3 open leads + 1 converted, 2 customers (+1 deleted), 3 contacts. */
async function giveRep1ABook() {
  await q(`INSERT INTO leads (tenant_id, name, status, owner_id) VALUES ($1, '线索甲', 'new', $2), ($1, '线索乙', 'contacting', $2), ($1, '线索丙', 'qualified', $2), ($1, '已转化线索', 'converted', $2)`,
    [org.admin.tenantId, org.rep1.userId]);
  const a = await newCustomer(org.rep1.client, { name: '交接客户甲' });
  const b = await newCustomer(org.rep1.client, { name: '交接客户乙', locked: true });
  const gone = await newCustomer(org.rep1.client, { name: '已删除的交接客户' });
  await org.admin.client.delete(`${api}/customers/${gone.id}`);
  for (const [name, customerId] of [['联系人一', a.id], ['联系人二', a.id], ['联系人三', b.id]]) {
    expect((await org.rep1.client.post(`${api}/contacts`, { name, customerId })).statusCode).toBe(201);
  }
  return { a, b };
}

describe('POST /handover', () => {
  it("moves a user's open leads, customers and contacts in one transaction, audited with the reason, and tells the receiver", async () => {
    const { a } = await giveRep1ABook();
    const body = { fromUserId: org.rep1.userId, toUserId: org.rep2.userId, reason: '离职交接', recordTypes: ['lead', 'customer', 'contact'] };
    expect((await org.rep1.client.post(`${api}/handover`, body)).statusCode).toBe(403); // reps may not transfer
    expect((await org.manager.client.post(`${api}/handover`, { ...body, fromUserId: org.rep3.userId })).statusCode).toBe(403); // outside the manager's departments
    expect((await org.manager.client.post(`${api}/handover`, { ...body, toUserId: org.rep1.userId })).statusCode).toBe(400);

    const res = await org.manager.client.post(`${api}/handover`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ moved: { lead: 3, customer: 2, contact: 3 } });
    expect(await ownedBy(org.rep1.userId)).toEqual({ leads: 1, customers: 0, contacts: 0 }); // the converted lead stays
    expect(await ownedBy(org.rep2.userId)).toMatchObject({ leads: 3, customers: 2, contacts: 3 });
    const customer = (await org.rep2.client.get(`${api}/customers/${a.id}`)).json();
    expect(customer).toMatchObject({ ownerId: org.rep2.userId, previousOwnerId: org.rep1.userId });
    const hist = (await org.rep2.client.get(`${api}/customers/${a.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'ownerChange', data: { reason: '离职交接' }, changes: { ownerId: { before: org.rep1.userId, after: org.rep2.userId } } });
    const [audits] = await q(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'ownerChange' AND changes->>'reason' = '离职交接'`, []);
    expect(audits!.n).toBe(8);
    const inbox = (await org.rep2.client.get(`${api}/notifications`)).json().items;
    expect(inbox[0].title).toContain('客户 2 · 线索 3 · 联系人 3');
  });

  it('moves nothing when it fails: an inactive receiver (400 naming toUserId) or a cap the receiver would pass', async () => {
    const leaver = await org.admin.client.post(`${api}/users/${org.rep2.userId}/deactivate`);
    expect(leaver.statusCode, leaver.body).toBe(200);
    const before = await ownedBy(org.manager.userId);
    const inactive = await org.admin.client.post(`${api}/handover`, { fromUserId: org.manager.userId, toUserId: org.rep2.userId, reason: '测试', recordTypes: ['customer'] });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.details.fields[0].field).toBe('toUserId');

    // rep2 (inactive) hands everything to rep3, whose cap is too small for the customers: leads stay too
    const rep2Before = await ownedBy(org.rep2.userId);
    expect(rep2Before.customers).toBe(2);
    await org.admin.client.put(`${api}/ownership-caps`, { items: [{ subjectType: 'user', userId: org.rep3.userId, maxOwned: 1 }] });
    const capped = await org.admin.client.post(`${api}/handover`, { fromUserId: org.rep2.userId, toUserId: org.rep3.userId, reason: '离职', recordTypes: ['lead', 'customer', 'contact'] });
    expect(capped.statusCode).toBe(409);
    expect(capped.json().error.code).toBe('OWNERSHIP_CAP');
    expect(await ownedBy(org.rep2.userId)).toEqual(rep2Before);
    await org.admin.client.put(`${api}/ownership-caps`, { items: [] });
    const ok = await org.admin.client.post(`${api}/handover`, { fromUserId: org.rep2.userId, toUserId: org.rep3.userId, reason: '离职', recordTypes: ['lead', 'customer', 'contact'] });
    expect(ok.json().moved).toEqual({ lead: 3, customer: 2, contact: 3 });
    expect(await ownedBy(org.manager.userId)).toEqual(before);
  });
});
