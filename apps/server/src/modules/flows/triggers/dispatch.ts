/**
 * Turns flow events (written by the audit path) into executions: for each event, every active flow
 * listening to its record type is matched, and the verdict — started, or why not — is logged.
 */
import type { AppContext } from '../../../platform/context.ts';
import type { FlowRuntime } from '../runtime/index.ts';

// PLACEHOLDER: triggers owner implements.
export async function dispatchFlowEvents(_ctx: AppContext, _runtime: FlowRuntime, _opts: { limit?: number } = {}): Promise<number> {
  return 0;
}

/** scheduled (cron) and dateRelative triggers due at `now`; idempotent per slot */
export async function runScheduledTriggers(_ctx: AppContext, _runtime: FlowRuntime, _now: Date): Promise<number> {
  return 0;
}
