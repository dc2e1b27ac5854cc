/**
 * Background work of the runtime in the job queue (pg-boss), so every app instance takes part:
 * `flows.drain` works pending steps, `flows.wake` continues delays whose time came, `flows.deliver`
 * sends the outbox, and a minute sweep catches anything a lost job or a restart missed.
 */
import type { AppContext } from '../../../platform/context.ts';
import type { FlowRuntime } from './index.ts';

export const FLOW_JOBS = {
  drain: 'flows.drain',
  wake: 'flows.wake',
  deliver: 'flows.deliver',
  sweep: 'flows.sweep',
} as const;

/** Steps per drain job: a long backlog is worked in chunks, each job sending the next. */
export const DRAIN_CHUNK = 1000;

export async function registerFlowJobs(ctx: AppContext, runtime: FlowRuntime): Promise<void> {
  const drain = async () => {
    const n = await runtime.drain({ limit: DRAIN_CHUNK });
    if (n >= DRAIN_CHUNK) runtime.kick();
  };
  await ctx.jobs.work(FLOW_JOBS.drain, drain);
  await ctx.jobs.work(FLOW_JOBS.wake, async () => {
    if ((await runtime.wakeDue()) > 0) await drain();
  });
  await ctx.jobs.work(FLOW_JOBS.deliver, async () => {
    await runtime.deliverDue();
  });
  await ctx.jobs.work(FLOW_JOBS.sweep, async () => {
    await runtime.wakeDue();
    await drain();
    await runtime.deliverDue();
  });
  await ctx.jobs.schedule(FLOW_JOBS.sweep, '* * * * *');
}
