import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { approval, contract, contractRow, setupPayOrg, type PayOrg } from './testFixture.ts';

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

const pay = (contractId: string, amount: string, extra: Record<string, unknown> = {}) =>
  org.rep1.client.post(`${api}/payments`, { contractId, amount, paidOn: '2026-01-15', method: 'bankTransfer', payerName: '福州闽江机电', ...extra });
const created = async (res: Awaited<ReturnType<typeof pay>>) => {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Record<string, any>;
};

/** Sum of confirmed records straight from the table. */
async function confirmedSum(contractId: string): Promise<string> {
  const [r] = await env.db.asSystem((db) => rows<{ s: string }>(db, sql`SELECT COALESCE(sum(amount), 0)::numeric(14,2)::text AS s FROM payment_records WHERE contract_id = ${contractId} AND status = 'confirmed' AND deleted_at IS NULL`));
  return r!.s;
}

describe('payment records', () => {
  it('registers a payment, confirms it through approval and keeps received/outstanding equal to the confirmed sum', async () => {
    const c = await contract(env, org, '10000.00');
    const p = await created(await pay(c, '3000.5'));
    expect(p).toMatchObject({ contractId: c, amount: '3000.50', status: 'draft', method: 'bankTransfer', customerId: org.customerId, ownerId: org.rep1.userId });
    expect(p.number).toMatch(/^HK\d{12}$/);
    expect((await contractRow(env, c))!.received_amount).toBe('0.00'); // a draft counts for nothing
    await approval(env, org.admin.tenantId, 'payment', p.id, ['pending']);
    expect((await org.rep1.client.get(`${api}/payments/${p.id}`)).json().status).toBe('inReview');
    await approval(env, org.admin.tenantId, 'payment', p.id, ['approved']);
    const after = (await org.rep1.client.get(`${api}/payments/${p.id}`)).json();
    expect(after.status).toBe('confirmed');
    expect(after.confirmedAt).toBeTruthy();
    expect(await contractRow(env, c)).toMatchObject({ received_amount: '3000.50', amount: '10000.00' });
    const summary = (await org.rep1.client.get(`${api}/contracts/${c}/payment-summary`)).json();
    expect(summary).toMatchObject({ amount: '10000.00', received: '3000.50', outstanding: '6999.50', available: '6999.50' });
    // a confirmed record can no longer be edited or deleted
    const edit = await org.rep1.client.patch(`${api}/payments/${p.id}`, { amount: '1.00' });
    expect(edit.statusCode).toBe(409);
    expect((await org.rep1.client.delete(`${api}/payments/${p.id}`)).statusCode).toBe(409);
    // finance voids it: received goes back
    expect((await org.rep1.client.post(`${api}/payments/${p.id}/void`, {})).statusCode).toBe(403);
    const voided = await org.finance.client.post(`${api}/payments/${p.id}/void`, { reason: '退票' });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json().status).toBe('void');
    expect((await contractRow(env, c))!.received_amount).toBe('0.00');
    const hist = (await org.finance.client.get(`${api}/payments/${p.id}/history`)).json().items;
    expect(hist.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['create', 'void']));
  });

  it('refuses an over-payment with a clear message naming the amount and the outstanding value, writing nothing', async () => {
    const c = await contract(env, org, '5000.00');
    const first = await created(await pay(c, '4000'));
    await approval(env, org.admin.tenantId, 'payment', first.id, ['pending', 'approved']);
    const before = (await org.admin.client.get(`${api}/payments?pageSize=200`)).json().total;
    const res = await pay(c, '1000.01');
    expect(res.statusCode).toBe(409);
    const err = res.json().error;
    expect(err.code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
    expect(err.message).toContain('¥1,000.01');
    expect(err.message).toContain('¥1,000.00');
    expect(err.details).toMatchObject({ field: 'amount', amount: '1000.01', outstanding: '1000.00' });
    expect((await org.admin.client.get(`${api}/payments?pageSize=200`)).json().total).toBe(before);
    expect((await contractRow(env, c))!.received_amount).toBe('4000.00');
    // exactly the outstanding amount fits
    const last = await created(await pay(c, '1000.00'));
    await approval(env, org.admin.tenantId, 'payment', last.id, ['pending', 'approved']);
    expect((await contractRow(env, c))!.received_amount).toBe('5000.00');
    expect((await pay(c, '0.01')).json().error.code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
  });

  it('money in review is reserved: a second submission beyond the rest is refused', async () => {
    const c = await contract(env, org, '1000.00');
    const a = await created(await pay(c, '600'));
    const b = await created(await pay(c, '600')); // drafts reserve nothing
    await approval(env, org.admin.tenantId, 'payment', a.id, ['pending']);
    await expect(approval(env, org.admin.tenantId, 'payment', b.id, ['pending'])).rejects.toMatchObject({ code: 'PAYMENT_EXCEEDS_OUTSTANDING' });
    expect((await org.rep1.client.get(`${api}/payments/${b.id}`)).json().status).toBe('draft');
    // rejection frees the reservation
    await approval(env, org.admin.tenantId, 'payment', a.id, ['rejected']);
    expect((await org.rep1.client.get(`${api}/payments/${a.id}`)).json().status).toBe('rejected');
    await approval(env, org.admin.tenantId, 'payment', b.id, ['pending', 'approved']);
    expect((await contractRow(env, c))!.received_amount).toBe('600.00');
  });

  it('keeps received ≤ amount under 10 concurrent confirmations: exactly the fitting ones succeed', async () => {
    const c = await contract(env, org, '10000.00');
    const drafts = await Promise.all(Array.from({ length: 10 }, async () => created(await pay(c, '3000.00'))));
    const results = await Promise.allSettled(drafts.map((d) => approval(env, org.admin.tenantId, 'payment', d.id, ['pending', 'approved'])));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'PAYMENT_EXCEEDS_OUTSTANDING' });
    expect((await contractRow(env, c))!.received_amount).toBe('9000.00');
    expect(await confirmedSum(c)).toBe('9000.00');
    const statuses = (await org.rep1.client.get(`${api}/payments?pageSize=200&filter=${encodeURIComponent(JSON.stringify({ field: 'contractId', op: 'eq', value: c }))}`)).json().items.map((x: { status: string }) => x.status).sort();
    expect(statuses).toEqual([...Array(3).fill('confirmed'), ...Array(7).fill('draft')]);
  });

  it('concurrent approvals of records already in review never over-collect', async () => {
    const c = await contract(env, org, '1000.00');
    const a = await created(await pay(c, '700'));
    await approval(env, org.admin.tenantId, 'payment', a.id, ['pending']);
    // a later edit of the contract amount is the contracts module's business; here: a second record
    // was put in review before the first was (e.g. amount reserved elsewhere was voided meanwhile)
    const b = await created(await pay(c, '300'));
    await approval(env, org.admin.tenantId, 'payment', b.id, ['pending']);
    const results = await Promise.allSettled([a, b].map((x) => approval(env, org.admin.tenantId, 'payment', x.id, ['approved'])));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await contractRow(env, c))!.received_amount).toBe('1000.00');
    expect(await confirmedSum(c)).toBe('1000.00');
  });

  it('refuses payments on a contract that is not approved, and against another contract\'s plan', async () => {
    const draft = await contract(env, org, '1000.00', { status: 'draft' });
    const res = await pay(draft, '10');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONTRACT_NOT_APPROVED');
    const c1 = await contract(env, org, '1000.00');
    const c2 = await contract(env, org, '1000.00');
    const plan = (await org.rep1.client.post(`${api}/payment-plans`, { contractId: c2, amount: '500', dueDate: '2026-06-30' })).json();
    const wrong = await pay(c1, '10', { planId: plan.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('planId');
  });

  it('refuses over-payment against a plan\'s outstanding amount', async () => {
    const c = await contract(env, org, '9000.00');
    const plans = (await org.rep1.client.post(`${api}/contracts/${c}/payment-plans/generate`, { count: 3, firstDueDate: '2026-03-31' })).json().items;
    const res = await pay(c, '3000.01', { planId: plans[0].id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'PAYMENT_EXCEEDS_OUTSTANDING', details: { outstanding: '3000.00', planId: plans[0].id } });
    expect(res.json().error.message).toContain('回款计划');
  });

  it('answers bad input with 4xx naming the field', async () => {
    const c = await contract(env, org, '1000.00');
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: '-5' }, 'amount'],
      [{ amount: '0' }, 'amount'],
      [{ amount: '12.345' }, 'amount'],
      [{ amount: 'abc' }, 'amount'],
      [{ amount: '1e5' }, 'amount'],
      [{ method: 'bitcoin' }, 'method'],
      [{ paidOn: '2026-02-30' }, 'paidOn'],
      [{ paidOn: '15/01/2026' }, 'paidOn'],
      [{ paidOn: '2099-12-31' }, 'paidOn'], // in the future
      [{ contractId: 'nope' }, 'contractId'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [patch, field] of cases) {
      const res = await pay(c, '10', patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(JSON.stringify(res.json().error.details), JSON.stringify(patch)).toContain(field);
    }
    const unknown = await pay('00000000-0000-4000-8000-000000000000', '10');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields[0].field).toBe('contractId');
  });

  it('lets reps see only their own payments; the list filters, sorts and exports', async () => {
    const c = await contract(env, org, '800.00', { ownerId: org.rep2.userId });
    const res = await org.rep2.client.post(`${api}/payments`, { contractId: c, amount: '100', paidOn: '2026-01-10', method: 'alipay' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect((await org.rep1.client.get(`${api}/payments/${id}`)).statusCode).toBe(404);
    expect((await org.rep1.client.post(`${api}/payments`, { contractId: c, amount: '1', paidOn: '2026-01-10', method: 'cash' })).statusCode).toBe(400); // rep1 cannot see rep2's contract
    const listed = (await org.finance.client.get(`${api}/payments?filter=${encodeURIComponent(JSON.stringify({ field: 'method', op: 'eq', value: 'alipay' }))}`)).json().items;
    expect(listed.map((x: { id: string }) => x.id)).toContain(id);
    const fields = (await org.finance.client.get(`${api}/payments/fields`)).json().items.map((f: { key: string }) => f.key);
    expect(fields).toEqual(expect.arrayContaining(['amount', 'method', 'status', 'paidOn', 'contractId']));
    const xlsx = await org.finance.client.get(`${api}/payments/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
  });
});

describe('payment records through the approvals API', () => {
  it('without an approval flow, submitting confirms at once; 10 concurrent submissions confirm exactly the fitting ones', async () => {
    const c = await contract(env, org, '1000.00');
    const drafts = await Promise.all(Array.from({ length: 10 }, async () => created(await pay(c, '250.00'))));
    // finance (or whoever may edit the record) submits; with no 回款确认 flow published it is approved at once
    const results = await Promise.all(drafts.map((d) => org.finance.client.post(`${api}/approvals`, { recordType: 'payment', recordId: d.id })));
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok.length, results.map((r) => r.body).join('\n')).toBe(4);
    for (const r of results) if (r.statusCode !== 201) expect(r.json().error.code).toBe('PAYMENT_EXCEEDS_OUTSTANDING');
    expect((await contractRow(env, c))!.received_amount).toBe('1000.00');
    expect(await confirmedSum(c)).toBe('1000.00');
  });
});

describe('payment owners', () => {
  it('finance transfers a payment to another owner; a rep may not', async () => {
    const c = await contract(env, org, '100.00');
    const p = await created(await pay(c, '10'));
    expect((await org.rep1.client.patch(`${api}/payments/${p.id}/owner`, { ownerId: org.rep2.userId })).statusCode).toBe(403);
    const moved = await org.finance.client.patch(`${api}/payments/${p.id}/owner`, { ownerId: org.rep2.userId, reason: '交接' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().ownerId).toBe(org.rep2.userId);
    expect((await org.rep2.client.get(`${api}/payments/${p.id}`)).statusCode).toBe(200);
    expect((await org.finance.client.patch(`${api}/payments/${p.id}/owner`, { ownerId: '00000000-0000-4000-8000-000000000000' })).json().error.details.fields[0].field).toBe('ownerId');
  });
});
