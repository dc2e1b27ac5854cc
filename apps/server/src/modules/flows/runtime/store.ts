/**
 * Executions and steps as rows: loading them (locked), and writing one engine Transition. Every
 * write here runs inside the caller's transaction; nothing commits on its own.
 */
import { sql } from 'drizzle-orm';
import type { FlowDefinition, FlowExecutionStatus, FlowStepStatus } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import type { ExecutionState, StepState, Transition, TriggerInfo } from '../engine/types.ts';

export interface ExecutionRow {
  id: string;
  tenant_id: string;
  flow_id: string;
  version_id: string;
  version: number;
  record_type: string | null;
  record_id: string | null;
  status: FlowExecutionStatus;
  trigger_key: string;
  trigger: TriggerInfo;
  depth: number;
  started_by: string | null;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

export interface StepRow {
  id: string;
  tenant_id: string;
  execution_id: string;
  flow_id: string;
  node_id: string;
  node_type: string;
  status: FlowStepStatus;
  from_step_id: string | null;
  branch: string | null;
  input: unknown;
  output: unknown;
  decision: unknown;
  error: string | null;
  attempts: number;
  wake_at: Date | string | null;
  signal_key: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const TERMINAL_EXECUTION: FlowExecutionStatus[] = ['completed', 'failed', 'cancelled'];
const TERMINAL_STEP: FlowStepStatus[] = ['done', 'failed', 'cancelled'];
export const isTerminalExecution = (s: FlowExecutionStatus) => TERMINAL_EXECUTION.includes(s);

export const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const json = (v: unknown) => (v === undefined ? sql`NULL` : sql`${JSON.stringify(v)}::jsonb`);

/** The execution row, locked FOR UPDATE (one transition at a time); skipLocked answers undefined when another worker has it. */
export async function lockExecution(tx: Db, tenantId: string, id: string, opts: { skipLocked?: boolean } = {}): Promise<ExecutionRow | undefined> {
  const mode = opts.skipLocked ? sql`FOR UPDATE SKIP LOCKED` : sql`FOR UPDATE`;
  return one<ExecutionRow>(tx, sql`SELECT * FROM flow_executions WHERE id = ${id} AND tenant_id = ${tenantId} ${mode}`);
}

export async function loadExecution(db: Db, tenantId: string, id: string): Promise<ExecutionRow | undefined> {
  return one<ExecutionRow>(db, sql`SELECT * FROM flow_executions WHERE id = ${id} AND tenant_id = ${tenantId}`);
}

export async function loadSteps(db: Db, executionId: string): Promise<StepRow[]> {
  return rows<StepRow>(db, sql`SELECT * FROM flow_steps WHERE execution_id = ${executionId} ORDER BY created_at, id`);
}

export function toState(exec: Pick<ExecutionRow, 'status' | 'error'>, steps: StepRow[]): ExecutionState {
  return {
    status: exec.status,
    error: exec.error,
    steps: steps.map((s): StepState => ({ id: s.id, nodeId: s.node_id, nodeType: s.node_type, status: s.status, fromStepId: s.from_step_id, branch: s.branch })),
  };
}

// Published versions never change, so their definitions are cached by id for the process's life.
const definitions = new Map<string, FlowDefinition>();
export async function loadDefinition(db: Db, versionId: string): Promise<FlowDefinition> {
  const hit = definitions.get(versionId);
  if (hit) return hit;
  const row = await one<{ definition: FlowDefinition | string }>(db, sql`SELECT definition FROM flow_versions WHERE id = ${versionId}`);
  if (!row) throw new Error(`flow version ${versionId} not found`);
  const def = typeof row.definition === 'string' ? (JSON.parse(row.definition) as FlowDefinition) : row.definition;
  if (definitions.size > 500) definitions.clear();
  definitions.set(versionId, def);
  return def;
}

/** What the worker records on the step it ran, besides the engine's status change. */
export interface StepRecord {
  input?: unknown;
  output?: unknown;
  decision?: unknown;
  /** one more attempt */
  attempted?: boolean;
}

/**
 * Writes exactly what the engine decided: the execution's status, each step update, the new steps;
 * `records` adds input/output/decision of the step(s) the worker ran.
 */
export async function writeTransition(tx: Db, exec: Pick<ExecutionRow, 'id' | 'tenant_id' | 'flow_id'>, t: Transition, now: Date, records: Map<string, StepRecord> = new Map()): Promise<void> {
  const terminal = isTerminalExecution(t.execution.status);
  await tx.execute(sql`UPDATE flow_executions SET status = ${t.execution.status}, error = ${t.execution.error}, updated_at = ${at(now)},
      finished_at = ${terminal ? sql`coalesce(finished_at, ${at(now)})` : sql`NULL`}
    WHERE id = ${exec.id}`);
  const updated = new Set<string>();
  for (const u of t.updates) {
    updated.add(u.stepId);
    const r = records.get(u.stepId);
    const sets = [sql`status = ${u.status}`];
    if (u.branch !== undefined) sets.push(sql`branch = ${u.branch}`);
    if (u.wakeAt !== undefined) sets.push(sql`wake_at = ${u.wakeAt}::timestamptz`);
    if (u.signalKey !== undefined) sets.push(sql`signal_key = ${u.signalKey}`);
    // a later branch arriving at a join: the path drawn in the run history follows the last arrival
    if (u.fromStepId !== undefined) sets.push(sql`from_step_id = ${u.fromStepId}::uuid`);
    if (u.error !== undefined) sets.push(sql`error = ${u.error}`);
    sets.push(TERMINAL_STEP.includes(u.status) ? sql`finished_at = ${at(now)}` : sql`finished_at = NULL`);
    if (r) sets.push(...recordSets(r, now));
    await tx.execute(sql`UPDATE flow_steps SET ${sql.join(sets, sql`, `)} WHERE id = ${u.stepId} AND execution_id = ${exec.id}`);
  }
  for (const [stepId, r] of records) {
    if (updated.has(stepId)) continue;
    await tx.execute(sql`UPDATE flow_steps SET ${sql.join(recordSets(r, now), sql`, `)} WHERE id = ${stepId} AND execution_id = ${exec.id}`);
  }
  if (t.created.length) {
    const created = t.created.map((s) => ({
      id: s.id, node_id: s.nodeId, node_type: s.nodeType, status: s.status, from_step_id: s.fromStepId, branch: s.branch,
      finished_at: TERMINAL_STEP.includes(s.status) ? now.toISOString() : null,
    }));
    await tx.execute(sql`INSERT INTO flow_steps (id, tenant_id, execution_id, flow_id, node_id, node_type, status, from_step_id, branch, created_at, finished_at)
      SELECT r.id, ${exec.tenant_id}::uuid, ${exec.id}::uuid, ${exec.flow_id}::uuid, r.node_id, r.node_type, r.status, r.from_step_id, r.branch,
             base.t + (r.ord * interval '1 microsecond'), r.finished_at
        -- after every earlier step of the execution, even when the (test) clock stands still: the path stays in order
        FROM (SELECT greatest(${at(now)}, (SELECT max(created_at) + interval '1 microsecond' FROM flow_steps WHERE execution_id = ${exec.id})) AS t) AS base,
             jsonb_to_recordset(${JSON.stringify(created.map((c, ord) => ({ ...c, ord })))}::jsonb)
          AS r(id uuid, node_id text, node_type text, status text, from_step_id uuid, branch text, finished_at timestamptz, ord int)`);
  }
}

function recordSets(r: StepRecord, now: Date) {
  const sets = [];
  if (r.input !== undefined) sets.push(sql`input = ${json(r.input)}`);
  if (r.output !== undefined) sets.push(sql`output = ${json(r.output)}`);
  if (r.decision !== undefined) sets.push(sql`decision = ${json(r.decision)}`);
  if (r.attempted) sets.push(sql`attempts = attempts + 1`, sql`started_at = coalesce(started_at, ${at(now)})`);
  if (!sets.length) sets.push(sql`id = id`);
  return sets;
}
