import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { formatNumber, periodKey } from './numbering.ts';
import { zonedDate } from '@loopline/shared';

describe('number format', () => {
  it('formats prefix + date + padded sequence and keys periods by reset', () => {
    const rule = { prefix: 'KH', dateFormat: 'YYYYMMDD' as const, sequenceLength: 4 };
    expect(formatNumber(rule, '2025-01-15', 7)).toBe('KH202501150007');
    expect(formatNumber({ ...rule, dateFormat: 'YYYYMM' }, '2025-01-15', 12345)).toBe('KH20250112345');
    expect(formatNumber({ ...rule, dateFormat: 'none', prefix: '' }, '2025-01-15', 1)).toBe('0001');
    expect(periodKey({ reset: 'daily' }, '2025-01-15')).toBe('d:20250115');
    expect(periodKey({ reset: 'monthly' }, '2025-01-15')).toBe('m:202501');
    expect(periodKey({ reset: 'yearly' }, '2025-01-15')).toBe('y:2025');
    expect(periodKey({ reset: 'never' }, '2025-01-15')).toBe('all');
  });

  it('uses the tenant time zone for the date', () => {
    const now = new Date('2024-12-31T16:30:00Z');
    expect(zonedDate(now, 'Asia/Shanghai')).toBe('2025-01-01');
    expect(zonedDate(now, 'UTC')).toBe('2024-12-31');
  });
});

describe('nextNumber in the customer create transaction', () => {
  let env: TestEnv;
  let admin: SignedUp;
  beforeAll(async () => {
    env = await createTestApp();
    admin = await signUp(env.app);
  });
  afterAll(async () => {
    await env?.close();
  });

  it('50 concurrent creates get 50 distinct consecutive numbers; a failed create leaves no gap', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => admin.client.post('/api/v1/customers', { name: `并发客户${i}`, duplicatePolicy: 'create' })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => Number((r.json().number as string).slice(-4))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const prefix = (results[0]!.json().number as string).slice(0, -4);
    expect(prefix).toMatch(/^KH\d{8}$/);

    const dup = await admin.client.post('/api/v1/customers', { name: '并发客户0' }); // fails after nothing was committed
    expect(dup.statusCode).toBe(409);
    const field = await admin.client.post('/api/v1/custom-fields', { recordType: 'customer', key: 'taxNo', label: '税号', type: 'text', unique: true });
    expect(field.statusCode, field.body).toBe(201);
    expect((await admin.client.post('/api/v1/customers', { name: '税号一', custom: { taxNo: 'T1' }, duplicatePolicy: 'create' })).json().number).toBe(`${prefix}0051`);
    // the unique check runs inside the transaction; its failure must roll the number back too
    const late = await admin.client.post('/api/v1/customers', { name: '税号二', custom: { taxNo: 'T1' }, duplicatePolicy: 'create' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details.field).toBe('custom.taxNo');
    expect((await admin.client.post('/api/v1/customers', { name: '税号三', duplicatePolicy: 'create' })).json().number).toBe(`${prefix}0052`);
  });

  it('follows a configured rule', async () => {
    const put = await admin.client.put('/api/v1/numbering-rules/customer', { prefix: 'C-', dateFormat: 'YYYY', sequenceLength: 3, reset: 'yearly' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().next).toMatch(/^C-\d{4}001$/);
    const c = (await admin.client.post('/api/v1/customers', { name: '规则客户' })).json();
    expect(c.number).toBe(put.json().next);
    expect((await admin.client.get('/api/v1/numbering-rules/customer/preview')).json().next).toMatch(/^C-\d{4}002$/);
  });
});
