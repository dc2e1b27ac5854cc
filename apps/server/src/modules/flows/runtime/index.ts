/**
 * The flow runtime (I/O): executions and steps as committed rows, worked in the background by every
 * app instance, with timers in the job queue and external effects through an outbox.
 */
import type { FlowDefinition, FlowDryRunResult } from '@loopline/shared';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { TriggerInfo } from '../engine/types.ts';
import { announceOwnerships } from '../../assignment/announce.ts';
import { announceTasks } from '../../tasks/notices.ts';
import { SYSTEM_ACTOR_NAME } from '../../../platform/auth/systemActor.ts';
import { cancelLiveExecutions, retryFailedStep, signalStep, startExecution, wakeDueSteps } from './control.ts';
import { deliverDue } from './deliveries.ts';
import { dryRunFlow } from './dryRun.ts';
import type { PostCommit } from './effects.ts';
import { FLOW_JOBS } from './jobs.ts';
import { drainExecution, drainSteps, runExecutionIn, type WorkerDeps } from './worker.ts';
import { emptyPost } from './effects.ts';

export interface StartArgs {
  tenantId: string;
  flowId: string;
  /** one execution per (flow, triggerKey): an event id, a schedule slot, a webhook idempotency key */
  triggerKey: string;
  trigger: TriggerInfo;
  recordType: string | null;
  recordId: string | null;
  /** 0 for people and the clock; the causing execution's depth + 1 for changes made by a flow */
  depth: number;
  startedBy: string | null;
}

/** Test seams: a controlled clock and crash points (kill-and-restart tests). */
export interface RuntimeOptions {
  clock?: () => Date;
  /** throwing here simulates the process dying at that point */
  faults?: { beforeCommit?(stepId: string): void; afterCommit?(stepId: string): void; beforeDeliver?(deliveryId: string): void };
  /** outgoing webhook timeout (default 10 s; tests shorten it) */
  webhookTimeoutMs?: number;
}

export interface FlowRuntime {
  /** inside the caller's transaction: starts the flow's published version; an existing (flowId, triggerKey) answers created: false */
  start(tx: Db, args: StartArgs): Promise<{ executionId: string; created: boolean }>;
  /** after the caller's commit: makes sure a worker picks up pending steps soon */
  kick(): void;
  /** works pending steps (all tenants) until none are left or `limit` steps are done; answers how many */
  drain(opts?: { limit?: number }): Promise<number>;
  /** works the pending steps of one execution until it waits or ends (after the caller's commit); answers how many */
  drainExecution(tenantId: string, executionId: string): Promise<number>;
  /**
   * works the pending steps of one execution inside the caller's transaction (they commit with it);
   * their after-commit work (live notification pushes, timer jobs) is left to the minute sweep
   */
  runInline(tx: Db, tenantId: string, executionId: string): Promise<number>;
  /** waiting steps whose timer is due at `now` continue; answers how many */
  wakeDue(now?: Date): Promise<number>;
  /** pending outbox deliveries (email, webhook) due at `now`; answers how many were attempted */
  deliverDue(now?: Date): Promise<number>;
  /** a waiting step with this signal key continues with the payload (approval decisions); false if none waits */
  signal(tx: Db, tenantId: string, signalKey: string, payload: unknown): Promise<boolean>;
  /** a failed step runs again from where it failed */
  retryStep(tx: Db, tenantId: string, stepId: string): Promise<void>;
  /** every running/waiting execution of the flow is cancelled with the reason (flow disabled) */
  cancelFlowExecutions(tx: Db, tenantId: string, flowId: string, reason: string): Promise<number>;
  /** what a definition would do on a record, without doing it */
  dryRun(db: Db, tenantId: string, def: FlowDefinition, record: { recordType: string; recordId: string } | null, userId: string): Promise<FlowDryRunResult>;
  clock(): Date;
}

/**
 * The runtime of one app instance. Workers of every instance share the work through row locks
 * (FOR UPDATE SKIP LOCKED on executions), so any number may run.
 */
export function createFlowRuntime(ctx: AppContext, opts: RuntimeOptions = {}): FlowRuntime {
  const clock = opts.clock ?? (() => new Date());
  const jobsOn = () => ctx.jobs.isRunning() || ctx.config.JOBS_ENABLED;
  const send = (name: string, startAfter?: Date, singletonKey?: string) => {
    if (!jobsOn()) return;
    ctx.jobs.send(name, {}, { ...(startAfter ? { startAfter } : {}), ...(singletonKey ? { singletonKey } : {}) })
      // after shutdown a late kick has nothing to wake: the steps stay pending in the database and the
      // next start's minute sweep picks them up, so that case is not worth a warning
      .catch((err: Error) => (err.message === 'job queue is stopped' ? ctx.log.debug({ job: name }, 'flow job not queued: queue stopped') : ctx.log.warn({ err, job: name }, 'flow job not queued')));
  };

  // Bursts (an import starting thousands of executions) coalesce into one queued drain job.
  let kickTimer: NodeJS.Timeout | null = null;
  const kick = () => {
    if (kickTimer || !jobsOn()) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      send(FLOW_JOBS.drain, undefined, FLOW_JOBS.drain);
    }, 20);
    kickTimer.unref?.();
  };

  async function afterCommit(tenantId: string, post: PostCommit): Promise<void> {
    for (const n of post.notifications) await ctx.notifier.notify(n).catch((err) => ctx.log.warn({ err }, 'flow notification failed'));
    if (post.announce.length) await announceOwnerships(ctx, tenantId, post.announce);
    if (post.tasks.length) await announceTasks(ctx, tenantId, post.tasks, { userId: null, name: SYSTEM_ACTOR_NAME });
    if (post.deliveries) send(FLOW_JOBS.deliver, undefined, FLOW_JOBS.deliver);
    // a timer job per wake-up second (a burst of equal delays shares one); the minute sweep catches a lost one
    for (const at of post.wakeAt) {
      const second = new Date(Math.ceil(at.getTime() / 1000) * 1000);
      send(FLOW_JOBS.wake, second, `${FLOW_JOBS.wake}:${second.toISOString()}`);
    }
  }

  const worker: WorkerDeps = { ctx, clock, faults: opts.faults, afterCommit };

  return {
    clock,
    kick,
    start: (tx, args) => startExecution(tx, args, clock()),
    drain: (o = {}) => drainSteps(worker, o),
    drainExecution: (tenantId, executionId) => drainExecution(worker, tenantId, executionId),
    runInline: (tx, tenantId, executionId) => runExecutionIn(worker, tx, tenantId, executionId, { post: emptyPost() }),
    wakeDue: (now = clock()) => wakeDueSteps(ctx.db, now),
    deliverDue: (now = clock()) => deliverDue({ ctx, faults: opts.faults, webhookTimeoutMs: opts.webhookTimeoutMs }, now),
    signal: (tx, tenantId, signalKey, payload) => signalStep(tx, tenantId, signalKey, payload),
    retryStep: async (tx, tenantId, stepId) => {
      await retryFailedStep(tx, tenantId, stepId, clock());
    },
    cancelFlowExecutions: (tx, tenantId, flowId, reason) => cancelLiveExecutions(tx, tenantId, flowId, reason, clock()),
    dryRun: (db, tenantId, def, record, userId) => dryRunFlow(db, tenantId, def, record, userId, clock()),
  };
}

const runtimes = new WeakMap<AppContext, FlowRuntime>();
/** The app's runtime (one per AppContext). */
export function flowRuntime(ctx: AppContext): FlowRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) runtimes.set(ctx, (rt = createFlowRuntime(ctx)));
  return rt;
}
