import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestEnv } from '../../test/harness.ts';
import { backfillCustomerKeys } from './keysBackfill.ts';

describe('查重 keys of customers created before they existed', () => {
  let t: TestEnv;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('are filled in, so the duplicate check finds old customers', async () => {
    const { client } = await signUp(t.app);
    const created = await client.post('/api/v1/customers', { name: '杭州老客户科技有限公司', phone: '0571-88886666', duplicatePolicy: 'create' });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    // as a row written before migration 0005 would look
    await t.db.asSystem((db) => db.execute(sql`UPDATE customers SET name_norm = NULL, phone_norm = NULL WHERE id = ${id}`));

    expect(await backfillCustomerKeys(t.db, 1)).toBe(1);
    const [row] = (await t.db.asSystem((db) => db.execute(sql`SELECT name_norm, phone_norm FROM customers WHERE id = ${id}`))).rows as { name_norm: string | null; phone_norm: string | null }[];
    expect(row!.name_norm).toBeTruthy();
    expect(row!.phone_norm).toBeTruthy();
    const dup = await client.post('/api/v1/customers', { name: '杭州老客户科技有限责任公司' });
    expect(dup.statusCode).toBe(409);
    expect(await backfillCustomerKeys(t.db)).toBe(0);
  });
});
