/**
 * Approval timeouts: a minute job over approval_tasks_due (pending tasks past due_at). Each task is
 * handled once — the node's timeout action (remind / escalate / autoApprove / autoReject) runs in the
 * transaction that sets its reminded_at — across instances and restarts; a decided node's flow then
 * continues. Tests pass their clock.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import type { FlowRuntime } from '../flows/runtime/index.ts';
import { handleTimeout } from './service.ts';

export const APPROVAL_TIMEOUT_JOB = 'approvals.timeouts';

export async function runApprovalTimeouts(ctx: Pick<AppContext, 'db' | 'log'>, runtime: Pick<FlowRuntime, 'drainExecution'>, now: Date): Promise<number> {
  const due = await ctx.db.asSystem((db) => rows<{ id: string; tenant_id: string }>(db, sql`SELECT id::text AS id, tenant_id::text AS tenant_id FROM approval_tasks
    WHERE status = 'pending' AND due_at IS NOT NULL AND due_at <= ${now.toISOString()}::timestamptz AND reminded_at IS NULL ORDER BY due_at LIMIT 500`));
  let handled = 0;
  for (const t of due) {
    try {
      const r = await ctx.db.forTenant(t.tenant_id, (db) => inTransaction(db, (tx) => handleTimeout(tx, t.tenant_id, t.id, now), t.tenant_id));
      if (!r) continue;
      handled += 1;
      if (r.signalled && r.executionId) await runtime.drainExecution(t.tenant_id, r.executionId);
    } catch (err) {
      ctx.log.warn({ err, taskId: t.id }, 'approval timeout failed');
    }
  }
  return handled;
}

export async function registerApprovalTimeoutJob(ctx: AppContext, runtime: FlowRuntime): Promise<void> {
  await ctx.jobs.work(APPROVAL_TIMEOUT_JOB, async () => {
    await runApprovalTimeouts(ctx, runtime, runtime.clock());
  });
  await ctx.jobs.schedule(APPROVAL_TIMEOUT_JOB, '* * * * *');
}
