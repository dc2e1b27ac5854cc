/**
 * Works pending steps: one transaction per step, holding the execution row's lock, in which the
 * node is planned, its database effects are applied and the engine's transition is written. A crash
 * before the commit leaves the step pending (it runs again, its effects rolled back with it); after
 * the commit it is done and never runs again.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import { rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import { systemActor, systemSource } from '../../../platform/auth/systemActor.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { advance } from '../engine/advance.ts';
import { findNodeType } from '../engine/nodes.ts';
import type { EngineEvent, NodePlan } from '../engine/types.ts';
import { bareNodeInput, buildNodeInput, inputSnapshot } from './context.ts';
import { applyEffects, emptyPost, FlowStepError, stepErrorMessage, type PostCommit } from './effects.ts';
import { loadDefinition, loadSteps, lockExecution, toState, writeTransition, type StepRecord } from './store.ts';
import { executionEnded, findNodeLoader } from './hooks.ts';

/** A crash point of RuntimeOptions.faults fired: the "process" dies here, nothing after it runs. */
export class SimulatedCrash extends Error {
  constructor(public cause: unknown) {
    super(`simulated crash: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function crashPoint(fn: ((id: string) => void) | undefined, id: string): void {
  if (!fn) return;
  try {
    fn(id);
  } catch (err) {
    throw new SimulatedCrash(err);
  }
}

export interface WorkerDeps {
  ctx: AppContext;
  clock(): Date;
  faults?: { beforeCommit?(stepId: string): void; afterCommit?(stepId: string): void };
  /** after commit: notifications, announcements, delivery and timer jobs */
  afterCommit(tenantId: string, post: PostCommit): Promise<void>;
}

export interface Candidate { id: string; execution_id: string; tenant_id: string }

/** Pending steps of live executions, oldest first, across tenants. */
export async function pendingSteps(db: Db, limit: number, skip: string[]): Promise<Candidate[]> {
  return rows<Candidate>(db, sql`SELECT s.id::text AS id, s.execution_id::text AS execution_id, s.tenant_id::text AS tenant_id
    FROM flow_steps s JOIN flow_executions e ON e.id = s.execution_id
   WHERE s.status = 'pending' AND e.status IN ('running', 'waiting')
     ${skip.length ? sql`AND s.id <> ALL(${sql.param(skip)}::uuid[])` : sql``}
   ORDER BY s.created_at, s.id LIMIT ${limit}`);
}

/** Nodes that only route (they read neither record nor people): no context is loaded for them. */
const STRUCTURAL = new Set(['end', 'parallel', 'join']);

/** A waiting step continued by a timer or a signal carries this in its input (see wakeDue/signal). */
type Resume = { kind: 'timer' } | { kind: 'signal'; payload: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The step's output: the plan's own, plus what each effect produced (ids of tasks, deliveries…). */
function stepOutput(plan: NodePlan, results: Record<string, unknown>[]): unknown {
  if (!results.length) return plan.output ?? null;
  const base = isObject(plan.output) ? plan.output : plan.output === undefined ? {} : { value: plan.output };
  const merged = Object.assign({}, ...results.map(({ type: _t, ...r }) => r)) as Record<string, unknown>;
  return { ...base, ...merged, ...(results.length > 1 ? { effects: results } : {}) };
}

export type StepOutcome = 'done' | 'busy' | 'gone';

/** One pending step in one transaction. */
export async function runStep(deps: WorkerDeps, c: Candidate): Promise<StepOutcome> {
  const { ctx } = deps;
  const box = { post: emptyPost() };
  const outcome = await ctx.db.forTenant(c.tenant_id, (db) => inTransaction(db, (tx) => runStepIn(deps, tx, c, box), c.tenant_id));
  if (outcome === 'done') {
    crashPoint(deps.faults?.afterCommit, c.id);
    await deps.afterCommit(c.tenant_id, box.post).catch((err) => ctx.log.error({ err, stepId: c.id }, 'flow step post-commit work failed'));
  }
  return outcome;
}

/**
 * One pending step inside the caller's transaction (runStep's body; also used to run an approval
 * flow's first steps inside the transaction that submits it). `box.post` collects the after-commit work.
 */
export async function runStepIn(deps: Pick<WorkerDeps, 'ctx' | 'clock' | 'faults'>, tx: Db, c: Candidate, box: { post: PostCommit }): Promise<StepOutcome> {
  const { ctx } = deps;
  let post = box.post;
  const exec = await lockExecution(tx, c.tenant_id, c.execution_id, { skipLocked: true });
  if (!exec) return 'busy';
  if (exec.status !== 'running' && exec.status !== 'waiting') return 'gone';
  const steps = await loadSteps(tx, exec.id);
  const step = steps.find((s) => s.id === c.id);
  if (!step || step.status !== 'pending') return 'gone';
  const def = await loadDefinition(tx, exec.version_id);
  const now = deps.clock();
  const resume = isObject(step.input) && isObject(step.input.$resume) ? (step.input.$resume as Resume) : null;
  const record: StepRecord = { attempted: true };
  let event: EngineEvent;
  try {
    // a savepoint: a failing effect rolls back what the step did so far, the failure is still recorded
    const { plan, results } = await tx.transaction(async (sp) => {
      const node = def.nodes.find((n) => n.id === step.node_id);
      if (!node) throw new FlowStepError(`节点「${step.node_id}」不在流程第 ${exec.version} 版中`);
      const spec = findNodeType(node.type);
      if (!spec) throw new FlowStepError(`未知的节点类型「${node.type}」`);
      const config = spec.config.parse(node.config ?? {});
      const target = { tenantId: exec.tenant_id, recordType: exec.record_type, recordId: exec.record_id, trigger: exec.trigger };
      const input = STRUCTURAL.has(node.type) ? await bareNodeInput(sp as unknown as Db, target, now) : await buildNodeInput(sp as unknown as Db, target, now, steps);
      input.stepId = step.id;
      input.node = { id: node.id, label: node.label?.trim() || node.id };
      const loader = findNodeLoader(node.type);
      // a resumed step only leaves (its people were resolved when it started waiting)
      if (loader && !resume) input.nodeData = await loader({ tx: sp as unknown as Db, exec, stepId: step.id, node, config, input });
      if (!STRUCTURAL.has(node.type)) record.input = { ...inputSnapshot(input), ...(resume ? { $resume: resume } : {}) };
      const plan: NodePlan = resume ? (spec.resume ? spec.resume(config, input, resume) : { kind: 'continue', effects: [] }) : spec.plan(config, input);
      let actor: Actor | null = null;
      const results = plan.kind === 'end' ? [] : await applyEffects({
        tx: sp as unknown as Db, tenantId: exec.tenant_id, flowId: exec.flow_id, executionId: exec.id, stepId: step.id, input, now,
        src: systemSource(exec.tenant_id, { executionId: exec.id, depth: exec.depth }),
        actor: async () => (actor ??= await systemActor(sp as unknown as Db, exec.tenant_id, { userId: exec.started_by })),
        post,
      }, plan.effects);
      return { plan, results };
    });
    record.output = stepOutput(plan, results);
    if (plan.kind !== 'end' && plan.decision !== undefined) record.decision = plan.decision;
    event = { type: 'planned', stepId: step.id, plan };
  } catch (err) {
    if (err instanceof SimulatedCrash) throw err;
    post = emptyPost(); // rolled back with the savepoint: nothing to announce
    const message = stepErrorMessage(err);
    if (!(err instanceof FlowStepError)) ctx.log.warn({ err, stepId: step.id, executionId: exec.id }, 'flow step failed');
    event = { type: 'failed', stepId: step.id, error: message };
  }
  const t = advance(def, toState(exec, steps), event, randomUUID);
  if (t.ignored) {
    // the engine refused (should not happen for a pending step of a live execution): fail it visibly
    // rather than leaving it pending for ever
    const failed = advance(def, toState(exec, steps), { type: 'failed', stepId: step.id, error: '流程引擎拒绝了此步骤' }, randomUUID);
    await writeTransition(tx, exec, failed, now, new Map([[step.id, record]]));
  } else {
    await writeTransition(tx, exec, t, now, new Map([[step.id, record]]));
    for (const u of t.updates) if (u.wakeAt) post.wakeAt.push(new Date(u.wakeAt));
  }
  const status = t.ignored ? 'failed' : t.execution.status;
  if (status === 'completed' || status === 'failed' || status === 'cancelled') await executionEnded({ tx, exec, status, now, post });
  box.post = post;
  crashPoint(deps.faults?.beforeCommit, step.id);
  return 'done';
}

/** Runs the pending steps of one execution inside the caller's transaction until it waits or ends. */
export async function runExecutionIn(deps: Pick<WorkerDeps, 'ctx' | 'clock' | 'faults'>, tx: Db, tenantId: string, executionId: string, box: { post: PostCommit }, limit = 200): Promise<number> {
  let done = 0;
  while (done < limit) {
    const [next] = await rows<Candidate>(tx, sql`SELECT s.id::text AS id, s.execution_id::text AS execution_id, s.tenant_id::text AS tenant_id
        FROM flow_steps s JOIN flow_executions e ON e.id = s.execution_id
       WHERE s.execution_id = ${executionId} AND s.tenant_id = ${tenantId} AND s.status = 'pending' AND e.status IN ('running', 'waiting')
       ORDER BY s.created_at, s.id LIMIT 1`);
    if (!next || (await runStepIn(deps, tx, next, box)) !== 'done') break;
    done += 1;
  }
  return done;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Works the pending steps of one execution until it waits or ends (an approval decision continues its
 * flow right after its own commit, so the person sees where it went). Each step is its own
 * transaction, exactly as in drainSteps; a step another worker holds is left to it.
 */
export async function drainExecution(deps: WorkerDeps, tenantId: string, executionId: string, limit = 200): Promise<number> {
  let done = 0;
  let busy = 0;
  while (done < limit) {
    const next = await deps.ctx.db.forTenant(tenantId, (db) => rows<Candidate>(db, sql`SELECT s.id::text AS id, s.execution_id::text AS execution_id, s.tenant_id::text AS tenant_id
        FROM flow_steps s JOIN flow_executions e ON e.id = s.execution_id
       WHERE s.execution_id = ${executionId} AND s.status = 'pending' AND e.status IN ('running', 'waiting')
       ORDER BY s.created_at, s.id LIMIT 1`));
    if (!next.length) break;
    const outcome = await runStep(deps, next[0]!);
    // Another transaction holds the execution (a concurrent decision that is about to answer 409, or a
    // worker's step): both are short, so wait a moment and go on, rather than leave the caller's own
    // decision to the next sweep while it answers "still pending".
    if (outcome === 'busy' && busy < 40) {
      busy += 1;
      await new Promise((r) => setTimeout(r, 25));
      continue;
    }
    if (outcome !== 'done') break;
    busy = 0;
    done += 1;
  }
  return done;
}

/**
 * Works pending steps until none is left or `limit` are done. Steps whose execution another worker
 * holds are left to it (it drains again after its step); a step that errors outside its own
 * failure handling is logged and skipped for this round. Yields to the event loop between steps.
 */
export async function drainSteps(deps: WorkerDeps, opts: { limit?: number; batch?: number } = {}): Promise<number> {
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const batch = opts.batch ?? 100;
  const skip: string[] = [];
  let done = 0;
  while (done < limit) {
    const candidates = await deps.ctx.db.asSystem((db) => pendingSteps(db, Math.min(batch, limit - done), skip));
    if (!candidates.length) break;
    for (const c of candidates) {
      if (done >= limit) break;
      let outcome: StepOutcome;
      try {
        outcome = await runStep(deps, c);
      } catch (err) {
        if (err instanceof SimulatedCrash) throw err;
        deps.ctx.log.error({ err, stepId: c.id }, 'flow step could not be worked');
        skip.push(c.id);
        continue;
      }
      if (outcome === 'done') {
        done += 1;
      } else if (outcome === 'busy') {
        skip.push(c.id);
      }
      await tick();
    }
  }
  return done;
}
