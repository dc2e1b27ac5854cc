/**
 * Demo organization: every built-in SOP, published and active, created by the demo admin. Seeded
 * last (demo/seed.ts), so the demo's own leads and follow-ups do not start them.
 */
import type { AuditSource } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { createFlow, publishFlow } from './store.ts';
import { FLOW_TEMPLATES } from './templates.ts';

export async function seedDemoFlows(db: Db, org: DemoOrg): Promise<void> {
  const src: AuditSource = { tenantId: org.tenantId, actorId: org.usersByKey.admin ?? null, actorType: 'user' };
  for (const t of FLOW_TEMPLATES) {
    const id = await createFlow(db, src, { name: t.name, templateKey: t.key });
    try {
      await publishFlow(db, src, id);
    } catch (err) {
      // a template the validator rejects stays a draft (the templates test fails loudly instead);
      // validation runs before any write, so the seeding transaction is unharmed
      if (!(err instanceof AppError && err.code === 'FLOW_INVALID')) throw err;
    }
  }
}
