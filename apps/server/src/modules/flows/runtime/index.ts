/**
 * The flow runtime (I/O): executions and steps as committed rows, worked in the background by every
 * app instance, with timers in the job queue and external effects through an outbox.
 */
import type { FlowDefinition, FlowDryRunResult } from '@loopline/shared';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { TriggerInfo } from '../engine/types.ts';

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
}

export interface FlowRuntime {
  /** inside the caller's transaction: starts the flow's published version; an existing (flowId, triggerKey) answers created: false */
  start(tx: Db, args: StartArgs): Promise<{ executionId: string; created: boolean }>;
  /** after the caller's commit: makes sure a worker picks up pending steps soon */
  kick(): void;
  /** works pending steps (all tenants) until none are left or `limit` steps are done; answers how many */
  drain(opts?: { limit?: number }): Promise<number>;
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

// PLACEHOLDER: runtime owner implements createFlowRuntime and flowRuntime.
export function createFlowRuntime(_ctx: AppContext, _opts: RuntimeOptions = {}): FlowRuntime {
  throw new Error('flow runtime: not implemented');
}

const runtimes = new WeakMap<AppContext, FlowRuntime>();
/** The app's runtime (one per AppContext). */
export function flowRuntime(ctx: AppContext): FlowRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) runtimes.set(ctx, (rt = createFlowRuntime(ctx)));
  return rt;
}
