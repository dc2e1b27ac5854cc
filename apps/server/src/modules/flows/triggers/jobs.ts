/**
 * The trigger jobs: `flows.dispatch` turns committed flow events into executions (sent by the
 * listener on every change, and every minute as a safety net); `flows.schedule` runs the clock's
 * triggers every minute and prunes the trigger-check log. Both are idempotent (events are deleted
 * with the executions they start; schedule slots and date keys fire once).
 */
import type { AppContext } from '../../../platform/context.ts';
import { flowRuntime, type FlowRuntime } from '../runtime/index.ts';
import { dispatchFlowEvents } from './dispatch.ts';
import { createFlowEventListener } from './listener.ts';
import { pruneTriggerChecks, runScheduledTriggers } from './schedule.ts';

const chosen = new WeakMap<AppContext, FlowRuntime>();
/** The runtime the trigger routes and jobs start executions with: the app's, or one a test chose (its own clock). */
export function triggerRuntime(ctx: AppContext): FlowRuntime {
  return chosen.get(ctx) ?? flowRuntime(ctx);
}
export function useTriggerRuntime(ctx: AppContext, runtime: FlowRuntime): void {
  chosen.set(ctx, runtime);
}

export const FLOW_DISPATCH_JOB = 'flows.dispatch';
export const FLOW_SCHEDULE_JOB = 'flows.schedule';

/** Registers the workers and schedules; answers the listener (started/stopped with the app). */
export async function registerTriggerJobs(ctx: AppContext) {
  await ctx.jobs.work(FLOW_DISPATCH_JOB, async () => {
    await dispatchFlowEvents(ctx, triggerRuntime(ctx));
  });
  await ctx.jobs.schedule(FLOW_DISPATCH_JOB, '* * * * *');
  await ctx.jobs.work(FLOW_SCHEDULE_JOB, async () => {
    const runtime = triggerRuntime(ctx);
    const now = runtime.clock();
    await runScheduledTriggers(ctx, runtime, now);
    await pruneTriggerChecks(ctx, now);
  });
  await ctx.jobs.schedule(FLOW_SCHEDULE_JOB, '* * * * *');
  // Only an instance that works jobs asks for one: elsewhere (JOBS_ENABLED=false, tests) a send
  // would only add a row that a worker instance's own listener already asked for.
  return createFlowEventListener(ctx, async () => {
    if (ctx.jobs.isRunning()) await ctx.jobs.send(FLOW_DISPATCH_JOB, {}, { singletonKey: FLOW_DISPATCH_JOB });
  });
}
