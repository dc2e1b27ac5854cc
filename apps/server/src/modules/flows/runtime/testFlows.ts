/**
 * Test helpers of the runtime tests: flows and versions written straight into flows/flow_versions,
 * small definitions, starting an execution the way the dispatcher does, and reading results.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FlowDefinition, FlowTrigger } from '@loopline/shared';
import type { Database } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { inTransaction } from '../../../platform/db/transaction.ts';
import type { FlowRuntime, StartArgs } from './index.ts';

type Node = FlowDefinition['nodes'][number];

const pos = (i: number) => ({ x: 0, y: i * 100 });

/** trigger → nodes… (a chain) → end */
export function chain(trigger: FlowTrigger, nodes: { id: string; type: string; config: Record<string, unknown>; label?: string }[]): FlowDefinition {
  const all: Node[] = [
    { id: 'start', type: 'trigger', config: {}, position: pos(0) },
    ...nodes.map((n, i) => ({ ...n, position: pos(i + 1) })),
    { id: 'end', type: 'end', config: {}, position: pos(nodes.length + 1) },
  ];
  const edges = all.slice(1).map((n, i) => ({ id: `e${i}`, source: all[i]!.id, target: n.id }));
  return { trigger, nodes: all, edges };
}

export const manualLead: FlowTrigger = { type: 'manual', recordType: 'lead' };

export const taskNode = (title = '首次电话联系 {{record.name}}', assignee: Record<string, unknown> = { kind: 'owner' }) => ({
  id: 'task', type: 'createTask', config: { title, assignee, due: { days: 1 } },
});

export async function insertFlow(db: Database, tenantId: string, def: FlowDefinition, name = '测试流程'): Promise<{ flowId: string; versionId: string }> {
  return db.forTenant(tenantId, async (d) => {
    const flow = await one<{ id: string }>(d, sql`INSERT INTO flows (tenant_id, name, status, draft, published_version, record_type, trigger_type)
      VALUES (${tenantId}, ${name}, 'active', ${JSON.stringify(def)}::jsonb, 1, ${def.trigger.recordType ?? null}, ${def.trigger.type}) RETURNING id::text AS id`);
    const v = await one<{ id: string }>(d, sql`INSERT INTO flow_versions (tenant_id, flow_id, version, definition)
      VALUES (${tenantId}, ${flow!.id}, 1, ${JSON.stringify(def)}::jsonb) RETURNING id::text AS id`);
    return { flowId: flow!.id, versionId: v!.id };
  });
}

/** Publishes the next version of a flow (what new executions will run). */
export async function publishVersion(db: Database, tenantId: string, flowId: string, def: FlowDefinition): Promise<number> {
  return db.forTenant(tenantId, async (d) => {
    const next = await one<{ v: number }>(d, sql`SELECT coalesce(max(version), 0) + 1 AS v FROM flow_versions WHERE flow_id = ${flowId}`);
    await d.execute(sql`INSERT INTO flow_versions (tenant_id, flow_id, version, definition) VALUES (${tenantId}, ${flowId}, ${next!.v}, ${JSON.stringify(def)}::jsonb)`);
    await d.execute(sql`UPDATE flows SET published_version = ${next!.v}, draft = ${JSON.stringify(def)}::jsonb WHERE id = ${flowId}`);
    return Number(next!.v);
  });
}

/** Starts an execution in its own transaction, as the dispatcher does for an event. */
export async function startFlow(db: Database, rt: FlowRuntime, args: Omit<StartArgs, 'triggerKey' | 'trigger' | 'depth' | 'startedBy'> & Partial<StartArgs>) {
  return db.forTenant(args.tenantId, (d) => inTransaction(d, (tx) => rt.start(tx, {
    triggerKey: `manual:${crypto.randomUUID()}`,
    trigger: { type: 'manual', userId: null, at: rt.clock().toISOString() },
    depth: 0,
    startedBy: null,
    ...args,
  })));
}

export interface ExecRow { id: string; status: string; error: string | null; version: number; depth: number }
export interface StepRowLite { id: string; node_id: string; status: string; error: string | null; attempts: number; output: unknown; wake_at: Date | string | null; from_step_id: string | null }

export async function execution(db: Database, tenantId: string, id: string) {
  return db.forTenant(tenantId, async (d) => ({
    exec: (await one<ExecRow>(d, sql`SELECT id::text AS id, status, error, version, depth FROM flow_executions WHERE id = ${id}`))!,
    steps: await rows<StepRowLite>(d, sql`SELECT id::text AS id, node_id, status, error, attempts, output, wake_at, from_step_id::text AS from_step_id
      FROM flow_steps WHERE execution_id = ${id} ORDER BY created_at, id`),
  }));
}

export async function tasksOf(db: Database, tenantId: string, recordId: string) {
  return db.forTenant(tenantId, (d) => rows<{ id: string; title: string; assignee_id: string; source_step_id: string | null }>(d,
    sql`SELECT id::text AS id, title, assignee_id::text AS assignee_id, source_step_id::text AS source_step_id FROM tasks WHERE record_id = ${recordId} ORDER BY created_at`));
}

/** A clock tests move by hand. */
export function testClock(start = new Date('2026-03-02T01:00:00.000Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}
