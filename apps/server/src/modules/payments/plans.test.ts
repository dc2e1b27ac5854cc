import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { runPaymentPlanJob } from './jobs.ts';
import { addMonths, evenSplit } from './plans.ts';
import { approval, contract, setupPayOrg, type PayOrg } from './testFixture.ts';

let env: TestEnv;
let org: PayOrg;
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupPayOrg(env);
});
afterAll(async () => {
  await env?.close();
});

const ctx = () => env.app.ctx;
const plansOf = async (c: string) => (await org.rep1.client.get(`${api}/contracts/${c}/payment-plans`)).json().items as Record<string, any>[];
async function notices(userId: string, kind: string) {
  return env.db.asSystem((db) => rows<{ title: string; link: string }>(db, sql`SELECT title, link FROM notifications WHERE user_id = ${userId} AND kind = ${kind}`));
}

describe('payment plans', () => {
  it('splits evenly to the fen and steps months to the month end', () => {
    expect(evenSplit(1000, 3)).toEqual([334, 333, 333]);
    expect(evenSplit(1000, 3).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('generates instalments, refuses plans beyond the contract amount and edits once received', async () => {
    const c = await contract(env, org, '10000.00');
    const gen = await org.rep1.client.post(`${api}/contracts/${c}/payment-plans/generate`, { count: 3, firstDueDate: '2026-01-31' });
    expect(gen.statusCode, gen.body).toBe(201);
    expect(gen.json().items.map((x: any) => [x.instalment, x.amount, x.dueDate, x.status])).toEqual([
      [1, '3333.34', '2026-01-31', expect.any(String)], [2, '3333.33', '2026-02-28', expect.any(String)], [3, '3333.33', '2026-03-31', expect.any(String)],
    ]);
    const over = await org.rep1.client.post(`${api}/payment-plans`, { contractId: c, amount: '0.01', dueDate: '2026-05-01' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'PLANS_EXCEED_CONTRACT', details: { field: 'amount', available: '0.00' } });
    const explicit = await org.rep1.client.post(`${api}/contracts/${c}/payment-plans/generate`, { instalments: [{ amount: '1', dueDate: '2026-06-01' }] });
    expect(explicit.statusCode).toBe(409);
    // shrink one, then the room appears
    const [p1] = await plansOf(c);
    expect((await org.rep1.client.patch(`${api}/payment-plans/${p1.id}`, { amount: '3000' })).statusCode).toBe(200);
    const added = await org.rep1.client.post(`${api}/payment-plans`, { contractId: c, amount: '333.34', dueDate: '2026-06-30' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ instalment: 4, number: expect.stringMatching(/-4$/) });
    // money against plan 1 → partial; then no more amount/date edits
    const pay = await org.rep1.client.post(`${api}/payments`, { contractId: c, planId: p1.id, amount: '1000', paidOn: '2026-01-05', method: 'cash' });
    expect(pay.statusCode, pay.body).toBe(201);
    await approval(env, org.admin.tenantId, 'payment', pay.json().id, ['pending', 'approved']);
    const partial = (await org.rep1.client.get(`${api}/payment-plans/${p1.id}`)).json();
    expect(partial).toMatchObject({ receivedAmount: '1000.00', outstanding: '2000.00' });
    const locked = await org.rep1.client.patch(`${api}/payment-plans/${p1.id}`, { dueDate: '2026-12-31' });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('PLAN_RECEIVED');
    expect((await org.rep1.client.patch(`${api}/payment-plans/${p1.id}`, { remark: '客户承诺月底付清' })).statusCode).toBe(200);
    expect((await org.rep1.client.delete(`${api}/payment-plans/${p1.id}`)).statusCode).toBe(409);
    // bad input names the field
    for (const [body, field] of [[{ amount: '-1' }, 'amount'], [{ dueDate: '2026-13-01' }, 'dueDate'], [{ remindDaysBefore: 999 }, 'remindDaysBefore']] as const) {
      const res = await org.rep1.client.patch(`${api}/payment-plans/${(await plansOf(c))[1]!.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
  });

  it('a contract-level payment fills the plans in order and a full payment marks them received', async () => {
    const c = await contract(env, org, '900.00');
    await org.rep1.client.post(`${api}/contracts/${c}/payment-plans/generate`, { instalments: [{ amount: '300', dueDate: '2030-01-10' }, { amount: '600', dueDate: '2030-02-10' }] });
    const pay = await org.rep1.client.post(`${api}/payments`, { contractId: c, amount: '500', paidOn: '2026-01-05', method: 'wechatPay' });
    await approval(env, org.admin.tenantId, 'payment', pay.json().id, ['pending', 'approved']);
    expect((await plansOf(c)).map((x) => [x.status, x.receivedAmount])).toEqual([['received', '300.00'], ['partial', '200.00']]);
    const rest = await org.rep1.client.post(`${api}/payments`, { contractId: c, amount: '400', paidOn: '2026-01-06', method: 'cheque' });
    await approval(env, org.admin.tenantId, 'payment', rest.json().id, ['pending', 'approved']);
    expect((await plansOf(c)).map((x) => [x.status, x.outstanding])).toEqual([['received', '0.00'], ['received', '0.00']]);
  });

  it('turns plans overdue on the tenant\'s day, notifies owner and finance once, and reminds before the due date', async () => {
    const c = await contract(env, org, '5000.00');
    await org.rep1.client.post(`${api}/contracts/${c}/payment-plans/generate`, {
      instalments: [{ amount: '1000', dueDate: '2031-03-10' }, { amount: '2000', dueDate: '2031-03-20', remindDaysBefore: 5 }],
    });
    // 2031-03-10 16:30 UTC is 03-11 00:30 in Shanghai: the first plan's due day has passed there
    const beforeMidnight = new Date('2031-03-10T15:30:00Z');
    await runPaymentPlanJob(ctx(), beforeMidnight);
    expect((await plansOf(c))[0]!.status).toBe('pending');
    const after = new Date('2031-03-10T16:30:00Z');
    await runPaymentPlanJob(ctx(), after);
    const [p1, p2] = await plansOf(c);
    expect(p1!.status).toBe('overdue');
    expect(p2!.status).toBe('pending');
    const ownerNotes = (await notices(org.rep1.userId, 'paymentOverdue')).filter((n) => n.link === `/payment-plans/${p1!.id}`);
    const financeNotes = (await notices(org.finance.userId, 'paymentOverdue')).filter((n) => n.link === `/payment-plans/${p1!.id}`);
    expect([ownerNotes.length, financeNotes.length]).toEqual([1, 1]);
    // running again (or later) does not notify twice
    await runPaymentPlanJob(ctx(), new Date('2031-03-12T02:00:00Z'));
    expect((await notices(org.rep1.userId, 'paymentOverdue')).filter((n) => n.link === `/payment-plans/${p1!.id}`)).toHaveLength(1);
    // plan 2 is due 03-20 with a 5-day reminder: 03-12 in Shanghai is too early, 03-15 reminds once
    expect((await notices(org.rep1.userId, 'paymentDue')).filter((n) => n.link === `/payment-plans/${p2!.id}`)).toHaveLength(0);
    await runPaymentPlanJob(ctx(), new Date('2031-03-15T01:00:00Z'));
    await runPaymentPlanJob(ctx(), new Date('2031-03-16T01:00:00Z'));
    expect((await notices(org.rep1.userId, 'paymentDue')).filter((n) => n.link === `/payment-plans/${p2!.id}`)).toHaveLength(1);
    // to-do centre: the overdue plan shows for its owner
    const todo = (await org.rep1.client.get(`${api}/todo`)).json();
    const group = (todo.groups ?? todo.items ?? []).find((g: { key: string }) => g.key === 'payments.overdue');
    expect(group?.items.map((x: { id: string }) => x.id)).toContain(p1!.id);
    // paying the overdue plan in full marks it received
    const pay = await org.rep1.client.post(`${api}/payments`, { contractId: c, planId: p1!.id, amount: '1000', paidOn: '2026-01-05', method: 'bankTransfer' });
    await approval(env, org.admin.tenantId, 'payment', pay.json().id, ['pending', 'approved']);
    expect((await plansOf(c))[0]!.status).toBe('received');
  });

  it('voids a plan without receipts; a void plan no longer counts toward the planned total', async () => {
    const c = await contract(env, org, '100.00');
    const p = (await org.rep1.client.post(`${api}/payment-plans`, { contractId: c, amount: '100', dueDate: '2030-01-01' })).json();
    expect((await org.rep1.client.post(`${api}/payment-plans/${p.id}/void`, {})).statusCode).toBe(403); // reps may not void
    const v = await org.finance.client.post(`${api}/payment-plans/${p.id}/void`, {});
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ status: 'void', outstanding: '0.00' });
    expect((await org.rep1.client.post(`${api}/payment-plans`, { contractId: c, amount: '100', dueDate: '2030-02-01' })).statusCode).toBe(201);
  });
});
