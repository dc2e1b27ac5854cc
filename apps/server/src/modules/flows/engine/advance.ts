/**
 * The execution state machine: one event in, one transition out. Pure.
 *
 * - start: the trigger node's step is done, its successors pending.
 * - planned: continue → done (+ successors along the chosen branch, or every edge); wait → waiting
 *   (wakeAt / signalKey); end → done, the path stops.
 * - failed: the step fails and so does the execution (error shown); retry makes it pending again.
 * - cancel: every live step is cancelled with the reason.
 * - Join (OR-join by reachability): the first arrival creates the join step as `waiting`; further
 *   arrivals only move its fromStepId (the last arrival). It becomes `pending` (then planned like
 *   any node) once no other live step can still reach the join node.
 * - The execution is running while a step is pending, waiting while only waiting steps are left,
 *   completed when no live step is left. Terminal executions ignore everything except a retry of a
 *   failed one; events for steps that are not pending/waiting are ignored (so a step is planned and
 *   its effects applied at most once, however often the event is delivered).
 */
import type { FlowExecutionStatus, FlowStepStatus } from '@loopline/shared';
import { flowGraph, successors, type FlowGraph } from './graph.ts';
import type { AdvanceFn, ExecutionState, StepState, Transition } from './types.ts';

type Update = Transition['updates'][number];
type Patch = Omit<Update, 'stepId'>;

const LIVE: ReadonlySet<FlowStepStatus> = new Set(['pending', 'waiting']);
const TERMINAL: ReadonlySet<FlowExecutionStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isLiveStep(s: { status: FlowStepStatus }): boolean {
  return LIVE.has(s.status);
}
export function isTerminalExecution(status: FlowExecutionStatus): boolean {
  return TERMINAL.has(status);
}
/** A join step still collecting arrivals (not to be planned by the runtime). */
export function isCollectingJoin(s: StepState): boolean {
  return s.nodeType === 'join' && s.status === 'waiting';
}

/** The steps of one execution being changed by one event. */
class Work {
  readonly steps: StepState[];
  private readonly created = new Set<string>();
  private readonly patches = new Map<string, Patch>();

  constructor(
    private readonly g: FlowGraph,
    state: ExecutionState,
    private readonly newId: () => string,
  ) {
    this.steps = state.steps.map((s) => ({ ...s }));
  }

  update(step: StepState, patch: Patch): void {
    step.status = patch.status;
    if (patch.branch !== undefined) step.branch = patch.branch;
    if (patch.fromStepId !== undefined) step.fromStepId = patch.fromStepId;
    if (this.created.has(step.id)) return; // a new row is written with its final state
    this.patches.set(step.id, { ...this.patches.get(step.id), ...patch });
  }

  create(nodeId: string, status: FlowStepStatus, fromStepId: string | null): StepState {
    const node = this.g.nodes.get(nodeId)!;
    const step: StepState = { id: this.newId(), nodeId, nodeType: node.type, status, fromStepId, branch: null };
    this.steps.push(step);
    this.created.add(step.id);
    return step;
  }

  /** `from` is done: its successors along `branch` (every edge when undefined) get steps. */
  continueFrom(from: StepState, branch: string | undefined): void {
    for (const target of successors(this.g, from.nodeId, branch)) {
      const node = this.g.nodes.get(target)!;
      if (node.type !== 'join') {
        this.create(target, 'pending', from.id);
        continue;
      }
      const open = this.steps.find((s) => s.nodeId === target && isLiveStep(s));
      if (open) this.update(open, { status: open.status, fromStepId: from.id });
      else this.create(target, 'waiting', from.id);
    }
  }

  /** Joins that no other live step can reach any more become pending. */
  settleJoins(): void {
    const joins = this.steps.filter(isCollectingJoin);
    if (joins.length === 0) return;
    const blockers = this.steps.filter((s) => isLiveStep(s) && !isCollectingJoin(s));
    const free = joins.filter((j) => !blockers.some((b) => this.g.reachable(b.nodeId).has(j.nodeId)));
    // a join that another firing join leads to waits for it (nested joins fire in order) …
    let fire = free.filter((j) => !free.some((k) => k !== j && this.g.reachable(k.nodeId).has(j.nodeId)));
    // … unless they lead to each other (joins in a loop): then all fire rather than wait forever
    if (fire.length === 0) fire = free;
    for (const j of fire) this.update(j, { status: 'pending' });
  }

  liveStatus(): FlowExecutionStatus {
    if (this.steps.some((s) => s.status === 'pending')) return 'running';
    if (this.steps.some((s) => s.status === 'waiting')) return 'waiting';
    return 'completed';
  }

  finish(status: FlowExecutionStatus, error: string | null): Transition {
    return {
      execution: { status, error },
      updates: [...this.patches].map(([stepId, p]) => ({ stepId, ...p })),
      created: this.steps.filter((s) => this.created.has(s.id)),
      ignored: false,
    };
  }
}

export const advance: AdvanceFn = (def, state, event, newId) => {
  const ignored: Transition = { execution: { status: state.status, error: state.error }, updates: [], created: [], ignored: true };
  const g = flowGraph(def);
  const w = new Work(g, state, newId);
  const stepOf = (id: string) => w.steps.find((s) => s.id === id);

  switch (event.type) {
    case 'start': {
      if (state.steps.length > 0 || isTerminalExecution(state.status)) return ignored;
      if (!g.trigger) return w.finish('failed', '流程没有触发节点');
      const first = w.create(g.trigger.id, 'done', null);
      w.continueFrom(first, undefined);
      w.settleJoins();
      return w.finish(w.liveStatus(), null);
    }
    case 'planned': {
      const step = stepOf(event.stepId);
      if (isTerminalExecution(state.status) || !step || !isLiveStep(step) || isCollectingJoin(step)) return ignored;
      const plan = event.plan;
      if (plan.kind === 'wait') {
        w.update(step, { status: 'waiting', wakeAt: plan.until ?? null, signalKey: plan.signal ?? null });
      } else if (plan.kind === 'end') {
        w.update(step, { status: 'done', wakeAt: null, signalKey: null });
      } else if (plan.goto !== undefined) {
        // back to an earlier node: a new visit of it (its own step), this step is done
        if (!g.nodes.has(plan.goto)) {
          w.update(step, { status: 'failed', error: `节点 ${plan.goto} 不在流程中` });
          return w.finish('failed', `节点「${g.nodes.get(step.nodeId)?.label || step.nodeId}」失败：要退回的节点 ${plan.goto} 不在流程中`);
        }
        w.update(step, { status: 'done', branch: plan.branch ?? null, wakeAt: null, signalKey: null });
        w.create(plan.goto, 'pending', step.id);
      } else {
        w.update(step, { status: 'done', branch: plan.branch ?? null, wakeAt: null, signalKey: null });
        w.continueFrom(step, plan.branch);
      }
      w.settleJoins();
      return w.finish(w.liveStatus(), null);
    }
    case 'failed': {
      const step = stepOf(event.stepId);
      if (isTerminalExecution(state.status) || !step || !isLiveStep(step) || isCollectingJoin(step)) return ignored;
      w.update(step, { status: 'failed', error: event.error });
      const label = g.nodes.get(step.nodeId)?.label || step.nodeId;
      return w.finish('failed', `节点「${label}」失败：${event.error}`);
    }
    case 'retry': {
      const step = stepOf(event.stepId);
      if (state.status !== 'failed' || !step || step.status !== 'failed') return ignored;
      w.update(step, { status: 'pending', error: null });
      w.settleJoins();
      return w.finish(w.liveStatus(), null);
    }
    case 'cancel': {
      if (isTerminalExecution(state.status)) return ignored;
      for (const s of w.steps) if (isLiveStep(s)) w.update(s, { status: 'cancelled', error: event.reason });
      return w.finish('cancelled', event.reason);
    }
  }
};

/** The state after a transition (what the runtime's rows look like once it is written). */
export function applyTransition(state: ExecutionState, t: Transition): ExecutionState {
  if (t.ignored) return state;
  const byId = new Map(t.updates.map((u) => [u.stepId, u]));
  const steps = state.steps.map((s) => {
    const u = byId.get(s.id);
    if (!u) return s;
    return { ...s, status: u.status, ...(u.branch !== undefined ? { branch: u.branch } : {}), ...(u.fromStepId !== undefined ? { fromStepId: u.fromStepId } : {}) };
  });
  return { status: t.execution.status, error: t.execution.error, steps: [...steps, ...t.created.map((s) => ({ ...s }))] };
}
