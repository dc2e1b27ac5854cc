import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, usingPostgres, type TestEnv } from '../../test/harness.ts';
import { rows } from './query.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('tenant wall in the database', () => {
  it.runIf(usingPostgres)('row-level security hides other tenants even from a query that forgets tenant_id', async () => {
    const a = await signUp(env.app);
    const b = await signUp(env.app);
    const seen = await env.db.forTenant(a.tenantId, (db) => rows<{ tenant_id: string }>(db, sql`SELECT DISTINCT tenant_id FROM users`));
    expect(seen.map((r) => r.tenant_id)).toEqual([a.tenantId]);
    const tenantsSeen = await env.db.forTenant(b.tenantId, (db) => rows<{ id: string }>(db, sql`SELECT id FROM tenants`));
    expect(tenantsSeen.map((r) => r.id)).toEqual([b.tenantId]);
    // writing a row into another tenant is refused by the policy's WITH CHECK
    const err = await env.db.forTenant(a.tenantId, (db) => db.execute(sql`INSERT INTO departments (tenant_id, name) VALUES (${b.tenantId}, 'intruder')`)).catch((e: Error & { cause?: Error }) => e);
    expect(String((err as Error & { cause?: Error }).cause?.message ?? err)).toMatch(/row-level security/);
    // the app does not run as a role that bypasses the policies
    const [who] = await env.db.forTenant(a.tenantId, (db) => rows<{ bypass: boolean }>(db, sql`SELECT (rolsuper OR rolbypassrls) AS bypass FROM pg_roles WHERE rolname = current_user`));
    expect(who!.bypass).toBe(false);
  });

  it('the audit trail cannot be edited or deleted', async () => {
    const a = await signUp(env.app);
    await expect(env.db.owner.query(`UPDATE audit_logs SET action = 'forged' WHERE tenant_id = $1`, [a.tenantId])).rejects.toThrow(/append-only/);
    await expect(env.db.owner.query(`DELETE FROM audit_logs WHERE tenant_id = $1`, [a.tenantId])).rejects.toThrow(/append-only/);
  });
});
