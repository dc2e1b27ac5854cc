/** Run history as the API shows it: executions (per flow, per record), their steps, live node counts. */
import { sql, type SQL } from 'drizzle-orm';
import type { FlowExecutionStatus, FlowExecutionView, FlowNodeCounts, FlowStepView } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { findRecordType } from '../../../platform/records/registry.ts';
import { iso, type ExecutionRow, type StepRow } from './store.ts';

type ExecRow = ExecutionRow & { flow_name: string };

const EXEC_COLUMNS = sql`e.id::text AS id, e.tenant_id::text AS tenant_id, e.flow_id::text AS flow_id, e.version_id::text AS version_id, e.version,
  e.record_type, e.record_id::text AS record_id, e.status, e.trigger_key, e.trigger, e.depth, e.started_by::text AS started_by, e.error,
  e.started_at, e.finished_at, f.name AS flow_name`;

/** Display names of the records executions ran on, by type (one query per type). */
async function recordNames(db: Db, tenantId: string, execs: Pick<ExecRow, 'record_type' | 'record_id'>[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const byType = new Map<string, string[]>();
  for (const e of execs) if (e.record_type && e.record_id) byType.set(e.record_type, [...(byType.get(e.record_type) ?? []), e.record_id]);
  for (const [type, ids] of byType) {
    const def = findRecordType(type);
    const nameField = def?.standardFields.find((f) => f.key === 'name') ?? def?.standardFields.find((f) => f.key === 'title');
    if (!def || !nameField) continue;
    const found = await rows<{ id: string; name: string | null }>(db, sql`SELECT ${def.table.id}::text AS id, ${nameField.sql} AS name FROM ${def.table}
      WHERE ${def.table.tenantId} = ${tenantId} AND ${def.table.id} = ANY(${sql.param([...new Set(ids)])}::uuid[])`);
    for (const r of found) if (r.name) names.set(`${type}:${r.id}`, r.name);
  }
  return names;
}

const parse = (v: unknown) => (typeof v === 'string' ? (() => { try { return JSON.parse(v); } catch { return v; } })() : v);

function toStepView(s: StepRow): FlowStepView {
  return {
    id: s.id, nodeId: s.node_id, nodeType: s.node_type, status: s.status, fromStepId: s.from_step_id, branch: s.branch,
    input: parse(s.input) ?? null, output: parse(s.output) ?? null, decision: parse(s.decision) ?? null, error: s.error, attempts: s.attempts,
    wakeAt: iso(s.wake_at), createdAt: iso(s.created_at)!, finishedAt: iso(s.finished_at),
  };
}

function toView(e: ExecRow, names: Map<string, string>): FlowExecutionView {
  return {
    id: e.id, flowId: e.flow_id, flowName: e.flow_name, version: e.version, recordType: e.record_type, recordId: e.record_id,
    recordName: e.record_type && e.record_id ? (names.get(`${e.record_type}:${e.record_id}`) ?? null) : null,
    status: e.status, trigger: parse(e.trigger), depth: e.depth, error: e.error, startedAt: iso(e.started_at)!, finishedAt: iso(e.finished_at),
  };
}

async function listWhere(db: Db, tenantId: string, where: SQL, page: { limit: number; offset: number }): Promise<FlowExecutionView[]> {
  const found = await rows<ExecRow>(db, sql`SELECT ${EXEC_COLUMNS} FROM flow_executions e JOIN flows f ON f.id = e.flow_id
    WHERE e.tenant_id = ${tenantId} AND ${where} ORDER BY e.started_at DESC, e.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`);
  const names = await recordNames(db, tenantId, found);
  return found.map((e) => toView(e, names));
}

export async function flowExecutions(db: Db, tenantId: string, flowId: string, q: { status?: FlowExecutionStatus; page: number; pageSize: number }) {
  const where = sql`e.flow_id = ${flowId} ${q.status ? sql`AND e.status = ${q.status}` : sql``}`;
  const items = await listWhere(db, tenantId, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const total = await one<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM flow_executions e WHERE e.tenant_id = ${tenantId} AND ${where}`);
  return { items, total: Number(total?.n ?? 0) };
}

export async function recordExecutions(db: Db, tenantId: string, recordType: string, recordId: string): Promise<FlowExecutionView[]> {
  return listWhere(db, tenantId, sql`e.record_type = ${recordType} AND e.record_id = ${recordId}::uuid`, { limit: 100, offset: 0 });
}

/** One execution with its steps (in the order they were created), or undefined. */
export async function executionDetail(db: Db, tenantId: string, id: string): Promise<(FlowExecutionView & { steps: FlowStepView[] }) | undefined> {
  const e = await one<ExecRow>(db, sql`SELECT ${EXEC_COLUMNS} FROM flow_executions e JOIN flows f ON f.id = e.flow_id WHERE e.tenant_id = ${tenantId} AND e.id = ${id}`);
  if (!e) return undefined;
  const steps = await rows<StepRow>(db, sql`SELECT id::text AS id, execution_id::text AS execution_id, node_id, node_type, status, from_step_id::text AS from_step_id,
      branch, input, output, decision, error, attempts, wake_at, created_at, finished_at
    FROM flow_steps WHERE execution_id = ${id} ORDER BY created_at, id`);
  return { ...toView(e, await recordNames(db, tenantId, [e])), steps: steps.map(toStepView) };
}

/** Per node of one version: steps done, live (waiting or about to run) and failed, over the last 30 days. */
export async function nodeCounts(db: Db, tenantId: string, flowId: string, version: number, now: Date): Promise<FlowNodeCounts> {
  const since = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const found = await rows<{ node_id: string; passed: number | string; waiting: number | string; failed: number | string }>(db, sql`
    SELECT s.node_id, count(*) FILTER (WHERE s.status = 'done') AS passed,
           count(*) FILTER (WHERE s.status IN ('pending', 'waiting')) AS waiting,
           count(*) FILTER (WHERE s.status = 'failed') AS failed
      FROM flow_steps s JOIN flow_executions e ON e.id = s.execution_id
     WHERE s.tenant_id = ${tenantId} AND s.flow_id = ${flowId} AND s.created_at >= ${since}::timestamptz AND e.version = ${version}
     GROUP BY s.node_id`);
  return Object.fromEntries(found.map((r) => [r.node_id, { passed: Number(r.passed), waiting: Number(r.waiting), failed: Number(r.failed) }]));
}
