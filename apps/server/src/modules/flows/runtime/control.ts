/**
 * Changes to executions made from outside the worker, each inside the caller's transaction and under
 * the execution row's lock: start, retry, cancel, and continuing waiting steps (timer, signal).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { MAX_FLOW_DEPTH } from '@loopline/shared';
import type { Database, Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { conflict, notFound } from '../../../platform/http/errors.ts';
import { advance } from '../engine/advance.ts';
import type { StartArgs } from './index.ts';
import { loadDefinition, loadSteps, lockExecution, toState, writeTransition } from './store.ts';
import { executionEnded } from './hooks.ts';

export const FLOW_DEPTH_EXCEEDED = 'FLOW_DEPTH_EXCEEDED';
export const FLOW_DEPTH_MESSAGE = `流程触发层级超过 ${MAX_FLOW_DEPTH} 层，已停止`;

/** The flow's published version (what new executions run). */
async function publishedVersion(tx: Db, tenantId: string, flowId: string) {
  return one<{ id: string; version: number }>(tx, sql`SELECT v.id::text AS id, v.version FROM flows f
    JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.published_version
   WHERE f.id = ${flowId} AND f.tenant_id = ${tenantId}`);
}

export async function startExecution(tx: Db, args: StartArgs, now: Date): Promise<{ executionId: string; created: boolean }> {
  const existing = await one<{ id: string }>(tx, sql`SELECT id::text AS id FROM flow_executions WHERE flow_id = ${args.flowId} AND trigger_key = ${args.triggerKey}`);
  if (existing) return { executionId: existing.id, created: false };
  const version = await publishedVersion(tx, args.tenantId, args.flowId);
  if (!version) throw conflict('FLOW_NOT_PUBLISHED', '流程尚未发布，不能运行');
  const tooDeep = args.depth > MAX_FLOW_DEPTH;
  const id = randomUUID();
  const at = now.toISOString();
  // ON CONFLICT: two transactions starting the same trigger at once → one execution
  const inserted = await one<{ id: string }>(tx, sql`INSERT INTO flow_executions
      (id, tenant_id, flow_id, version_id, version, record_type, record_id, status, trigger_key, trigger, depth, started_by, error, started_at, updated_at, finished_at)
    VALUES (${id}, ${args.tenantId}, ${args.flowId}, ${version.id}, ${version.version}, ${args.recordType}, ${args.recordId},
      ${tooDeep ? 'failed' : 'running'}, ${args.triggerKey}, ${JSON.stringify({ ...args.trigger, ...(tooDeep ? { errorCode: FLOW_DEPTH_EXCEEDED } : {}) })}::jsonb,
      ${args.depth}, ${args.startedBy}, ${tooDeep ? FLOW_DEPTH_MESSAGE : null}, ${at}::timestamptz, ${at}::timestamptz, ${tooDeep ? sql`${at}::timestamptz` : sql`NULL`})
    ON CONFLICT (flow_id, trigger_key) DO NOTHING RETURNING id::text AS id`);
  if (!inserted) {
    const again = await one<{ id: string }>(tx, sql`SELECT id::text AS id FROM flow_executions WHERE flow_id = ${args.flowId} AND trigger_key = ${args.triggerKey}`);
    return { executionId: again!.id, created: false };
  }
  if (tooDeep) return { executionId: id, created: true };
  const def = await loadDefinition(tx, version.id);
  const t = advance(def, { status: 'running', error: null, steps: [] }, { type: 'start' }, randomUUID);
  await writeTransition(tx, { id, tenant_id: args.tenantId, flow_id: args.flowId }, t, now);
  return { executionId: id, created: true };
}

export async function retryFailedStep(tx: Db, tenantId: string, stepId: string, now: Date): Promise<string> {
  const step = await one<{ execution_id: string }>(tx, sql`SELECT execution_id::text AS execution_id FROM flow_steps WHERE id = ${stepId} AND tenant_id = ${tenantId}`);
  if (!step) throw notFound('flow step');
  const exec = await lockExecution(tx, tenantId, step.execution_id);
  if (!exec) throw notFound('flow execution');
  const t = advance(await loadDefinition(tx, exec.version_id), toState(exec, await loadSteps(tx, exec.id)), { type: 'retry', stepId }, randomUUID);
  if (t.ignored) throw conflict('NOT_FAILED', '只有失败的执行可以从失败的步骤重试');
  await writeTransition(tx, exec, t, now);
  return exec.id;
}

/** Retries an execution from its (last) failed step. */
export async function retryExecution(tx: Db, tenantId: string, executionId: string, now: Date): Promise<void> {
  const failed = await one<{ id: string }>(tx, sql`SELECT id::text AS id FROM flow_steps WHERE execution_id = ${executionId} AND tenant_id = ${tenantId} AND status = 'failed'
    ORDER BY finished_at DESC NULLS LAST, created_at DESC LIMIT 1`);
  if (!failed) throw conflict('NOT_FAILED', '只有失败的执行可以从失败的步骤重试');
  await retryFailedStep(tx, tenantId, failed.id, now);
}

/** One execution, cancelled by an admin: its live steps are cancelled with the reason. */
export async function cancelExecution(tx: Db, tenantId: string, executionId: string, reason: string, now: Date, opts: { quiet?: boolean } = {}): Promise<boolean> {
  const exec = await lockExecution(tx, tenantId, executionId);
  if (!exec) throw notFound('flow execution');
  const t = advance(await loadDefinition(tx, exec.version_id), toState(exec, await loadSteps(tx, exec.id)), { type: 'cancel', reason }, randomUUID);
  if (t.ignored) return false;
  await writeTransition(tx, exec, t, now);
  if (!opts.quiet) await executionEnded({ tx, exec, status: 'cancelled', now, post: null });
  return true;
}

/**
 * Every live execution of a flow (it is being disabled): the engine's cancel transition — live
 * steps and the execution cancelled with the reason — written for all of them in three statements,
 * so disabling a flow with thousands of waiting executions stays one quick transaction.
 */
export async function cancelLiveExecutions(tx: Db, tenantId: string, flowId: string, reason: string, now: Date): Promise<number> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const live = await rows<{ id: string }>(tx, sql`SELECT id::text AS id FROM flow_executions
    WHERE tenant_id = ${tenantId} AND flow_id = ${flowId} AND status IN ('running', 'waiting') ORDER BY id FOR UPDATE`);
  if (!live.length) return 0;
  const ids = sql`${sql.param(live.map((l) => l.id))}::uuid[]`;
  await tx.execute(sql`UPDATE flow_steps SET status = 'cancelled', error = ${reason}, finished_at = ${at}
    WHERE tenant_id = ${tenantId} AND execution_id = ANY(${ids}) AND status IN ('pending', 'waiting')`);
  await tx.execute(sql`UPDATE flow_executions SET status = 'cancelled', error = ${reason}, finished_at = ${at}, updated_at = ${at}
    WHERE tenant_id = ${tenantId} AND id = ANY(${ids})`);
  for (const l of live) await executionEnded({ tx, exec: { id: l.id, tenant_id: tenantId, flow_id: flowId }, status: 'cancelled', now, post: null });
  return live.length;
}

const resumeJson = (resume: unknown) => sql`coalesce(CASE WHEN jsonb_typeof(input) = 'object' THEN input END, '{}'::jsonb) || jsonb_build_object('$resume', ${JSON.stringify(resume)}::jsonb)`;

/**
 * Waiting steps whose timer is due become pending again, marked as resumed by the timer: the worker
 * then calls the node's `resume` in the usual one-transaction step (so effects stay exactly once).
 * A step cancelled or already resumed meanwhile no longer matches `status = 'waiting'`.
 */
export async function wakeDueSteps(db: Database, now: Date, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const woken = await db.asSystem((d) => rows<{ id: string }>(d, sql`UPDATE flow_steps SET status = 'pending', input = ${resumeJson({ kind: 'timer' })}
      WHERE id IN (SELECT s.id FROM flow_steps s JOIN flow_executions e ON e.id = s.execution_id
                    WHERE s.status = 'waiting' AND s.wake_at IS NOT NULL AND s.wake_at <= ${now.toISOString()}::timestamptz
                      AND e.status IN ('running', 'waiting')
                    ORDER BY s.wake_at LIMIT ${batch} FOR UPDATE OF s SKIP LOCKED)
        AND status = 'waiting'
      RETURNING id::text AS id`));
    total += woken.length;
    if (woken.length < batch) return total;
  }
}

/** A waiting step with this signal key continues with the payload (approval decisions). */
export async function signalStep(tx: Db, tenantId: string, signalKey: string, payload: unknown): Promise<boolean> {
  const waiting = await rows<{ id: string; execution_id: string }>(tx, sql`SELECT id::text AS id, execution_id::text AS execution_id FROM flow_steps
    WHERE tenant_id = ${tenantId} AND signal_key = ${signalKey} AND status = 'waiting'`);
  let any = false;
  for (const w of waiting) {
    const exec = await lockExecution(tx, tenantId, w.execution_id);
    if (!exec || (exec.status !== 'running' && exec.status !== 'waiting')) continue;
    const changed = await rows(tx, sql`UPDATE flow_steps SET status = 'pending', input = ${resumeJson({ kind: 'signal', payload })}
      WHERE id = ${w.id} AND status = 'waiting' RETURNING id`);
    if (changed.length) {
      any = true;
      await tx.execute(sql`UPDATE flow_executions SET status = 'running', updated_at = now() WHERE id = ${exec.id}`);
    }
  }
  return any;
}
