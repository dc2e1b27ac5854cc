/**
 * Getting-started state of an organization, computed from real data (no "done" flags to drift out
 * of sync), plus "load sample data" for an empty organization.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict } from '../../platform/http/errors.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import { seedSampleCustomers } from '../customers/demo.ts';

/** Only steps a user can finish today; later modules (leads import, pipeline) add theirs here. */
export const STEP_KEYS = ['invite', 'departments', 'customers'] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const DISMISS_KEY = 'onboarding.dismissed';

export interface OnboardingState {
  steps: { key: StepKey; done: boolean }[];
  counts: { activeUsers: number; invitedUsers: number; users: number; departments: number; customers: number };
  dismissed: boolean;
  sampleDataLoaded: boolean;
}

interface CountRow {
  active: number; invited: number; users: number; departments: number; customers: number;
  sample: string | null; demo: boolean; dismissed: boolean;
}

export async function onboardingState(db: Db, tenantId: string, userId: string): Promise<OnboardingState> {
  // One round trip; every count is filtered by tenant explicitly as well as by row-level security.
  const r = (await one<CountRow>(db, sql`SELECT
      (SELECT count(*)::int FROM users WHERE tenant_id = ${tenantId} AND status = 'active') AS active,
      (SELECT count(*)::int FROM users WHERE tenant_id = ${tenantId} AND status = 'invited') AS invited,
      (SELECT count(*)::int FROM users WHERE tenant_id = ${tenantId}) AS users,
      (SELECT greatest(count(*)::int - 1, 0) FROM departments WHERE tenant_id = ${tenantId}) AS departments,
      (SELECT count(*)::int FROM customers WHERE tenant_id = ${tenantId} AND deleted_at IS NULL) AS customers,
      t.settings->>'sampleDataLoadedAt' AS sample, t.is_demo AS demo,
      EXISTS (SELECT 1 FROM user_preferences p WHERE p.tenant_id = ${tenantId} AND p.user_id = ${userId}
              AND p.key = ${DISMISS_KEY} AND p.value = 'true'::jsonb) AS dismissed
    FROM tenants t WHERE t.id = ${tenantId}`))!;
  // The organization's own root department is not counted: "set up departments" means at least one more.
  const done: Record<StepKey, boolean> = { invite: r.users > 1, departments: r.departments > 0, customers: r.customers > 0 };
  return {
    steps: STEP_KEYS.map((key) => ({ key, done: done[key] })),
    counts: { activeUsers: r.active, invitedUsers: r.invited, users: r.users, departments: r.departments, customers: r.customers },
    dismissed: r.dismissed,
    sampleDataLoaded: Boolean(r.sample) || r.demo,
  };
}

export async function setDismissed(db: Db, tenantId: string, userId: string, dismissed: boolean): Promise<void> {
  await db.execute(sql`INSERT INTO user_preferences (tenant_id, user_id, key, value)
    VALUES (${tenantId}, ${userId}, ${DISMISS_KEY}, ${JSON.stringify(dismissed)}::jsonb)
    ON CONFLICT (tenant_id, user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
}

/**
 * Adds the sample customers to this organization, owned by the admin who asked. Once per
 * organization: the tenant row is locked so two clicks cannot both pass the check.
 */
export async function loadSampleData(tx: Db, src: AuditSource & { actorId: string }): Promise<{ customers: number }> {
  const t = await one<{ sample: string | null; demo: boolean; timeZone: string }>(tx,
    sql`SELECT settings->>'sampleDataLoadedAt' AS sample, is_demo AS demo, time_zone AS "timeZone" FROM tenants WHERE id = ${src.tenantId} FOR UPDATE`);
  if (!t) throw conflict('NOT_FOUND', 'organization not found');
  if (t.sample || t.demo) throw conflict('SAMPLE_DATA_LOADED', 'sample data has already been loaded into this organization');
  const created = await seedSampleCustomers(tx, { tenantId: src.tenantId, ownerIds: [src.actorId], timeZone: t.timeZone });
  // jsonb_set keeps the rest of settings (SMTP, logo, …) as they are.
  await tx.execute(sql`UPDATE tenants SET settings = jsonb_set(settings, '{sampleDataLoadedAt}', to_jsonb(now()::text)) WHERE id = ${src.tenantId}`);
  await recordAudit(tx, src, { action: 'import', recordType: 'customer', data: { sampleData: true, count: created } });
  return { customers: created };
}
