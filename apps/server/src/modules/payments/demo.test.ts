import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidTaxNumber } from '@loopline/shared';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';
import { demoTaxNumber } from './demo.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp(process.env.DEMO_DEBUG ? { LOG_LEVEL: 'error' } : {});
});
afterAll(async () => env?.close());

describe('demo payments and invoices', () => {
  it('makes valid tax numbers', () => {
    for (let i = 0; i < 50; i++) expect(isValidTaxNumber(demoTaxNumber(i)), demoTaxNumber(i)).toBe(true);
  });

  it('seeds plans (some overdue, some received), confirmed history consistent with contracts, payments waiting for finance and invoices', async () => {
    const seeded = await new TestClient(env.app).post('/api/v1/demo');
    expect(seeded.statusCode, seeded.body).toBe(201);
    const demo = seeded.json();
    const finance = new TestClient(env.app);
    expect((await finance.post('/api/v1/auth/login', { identifier: 'finance@demo.loopline.cn', password: demo.password })).statusCode).toBe(200);
    const plans = (await finance.get('/api/v1/payment-plans?pageSize=200')).json().items as { status: string }[];
    expect(plans.length).toBeGreaterThan(50);
    const by = (s: string) => plans.filter((p) => p.status === s).length;
    expect(by('overdue')).toBeGreaterThan(0);
    expect(by('received')).toBeGreaterThan(0);
    expect(by('partial') + by('pending')).toBeGreaterThan(0);
    // received always equals the confirmed sum
    const off = await env.db.asSystem((db) => rows<{ id: string }>(db, sql`SELECT c.id FROM contracts c WHERE c.received_amount <> (SELECT COALESCE(sum(amount), 0) FROM payment_records r
      WHERE r.contract_id = c.id AND r.status = 'confirmed' AND r.deleted_at IS NULL)`));
    expect(off).toEqual([]);
    const payments = (await finance.get('/api/v1/payments?pageSize=200')).json().items as { status: string }[];
    expect(payments.filter((p) => p.status === 'confirmed').length).toBeGreaterThan(5);
    expect(payments.filter((p) => p.status === 'inReview' || p.status === 'confirmed').length).toBeGreaterThan(payments.filter((p) => p.status === 'confirmed').length); // two submitted to finance (or confirmed at once without a flow)
    const invoices = (await finance.get('/api/v1/invoices?pageSize=200')).json().items as { status: string }[];
    expect(new Set(invoices.map((v) => v.status)).size).toBeGreaterThanOrEqual(3);
    expect(invoices.some((v) => v.status === 'issued')).toBe(true);
  });
});
