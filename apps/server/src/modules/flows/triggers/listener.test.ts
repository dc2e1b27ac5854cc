/** A committed change that a flow listens to wakes the dispatcher (PostgreSQL LISTEN / PGlite listen); a rolled-back one does not. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../../test/harness.ts';
import { createFlowEventListener } from './listener.ts';
import { publishTestFlow } from './testFlows.ts';

let env: TestEnv;
let admin: SignedUp;
beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app);
}, 240_000);
afterAll(async () => env?.close(), 60_000);

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

it('wakes once per burst of committed events, never for a rollback', async () => {
  let woken = 0;
  const listener = createFlowEventListener(env.app.ctx, async () => void woken++, { coalesceMs: 100 });
  await listener.start();
  try {
    await env.db.forTenant(admin.tenantId, (d) => publishTestFlow(d, admin.tenantId, { trigger: { type: 'recordUpdated', recordType: 'lead' } }));
    const change = (fail = false) => env.db.forTenant(admin.tenantId, (d) => inTransaction(d, async (tx) => {
      await recordAudit(tx, { tenantId: admin.tenantId, actorId: admin.userId }, { action: 'update', recordType: 'lead', recordId: crypto.randomUUID(), before: { name: 'a' }, after: { name: 'b' } });
      if (fail) throw new Error('rolled back');
    }));
    await expect(change(true)).rejects.toThrow('rolled back');
    await new Promise((r) => setTimeout(r, 300));
    expect(woken).toBe(0);
    await Promise.all([change(), change(), change()]);
    expect(await until(() => woken > 0)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(woken).toBeLessThanOrEqual(2); // coalesced
    // a change no flow listens to sends nothing
    const before = woken;
    await env.db.forTenant(admin.tenantId, (d) => inTransaction(d, (tx) => recordAudit(tx, { tenantId: admin.tenantId, actorId: admin.userId }, { action: 'update', recordType: 'customer', recordId: crypto.randomUUID(), before: { name: 'a' }, after: { name: 'b' } })));
    await new Promise((r) => setTimeout(r, 300));
    expect(woken).toBe(before);
  } finally {
    await listener.stop();
  }
});
