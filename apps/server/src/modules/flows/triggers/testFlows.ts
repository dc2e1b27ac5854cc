/**
 * Test helpers of the trigger tests: a published flow written straight into flows + flow_versions
 * (the columns publish sets: listens_on, record_type, trigger_type, webhook_key), and the runtime
 * the trigger tests start executions with.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type FlowDefinition, type FlowTrigger } from '@loopline/shared';
import type { AppContext } from '../../../platform/context.ts';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { createFlowRuntime, type FlowRuntime } from '../runtime/index.ts';
import { listensOn } from '../store.ts';

/** trigger → end, the smallest flow that runs. */
export function triggerOnly(trigger: FlowTrigger): FlowDefinition {
  return {
    trigger,
    nodes: [
      { id: 'start', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', config: {}, position: { x: 0, y: 100 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'end' }],
  };
}

export interface TestFlow { id: string; webhookKey: string | null; versionId: string }

/** An active flow with version 1 = `def` (or trigger → end). */
export async function publishTestFlow(db: Db, tenantId: string, opts: { name?: string; trigger: FlowTrigger; definition?: FlowDefinition; status?: 'active' | 'disabled'; createdBy?: string | null; publishedAt?: Date }): Promise<TestFlow> {
  const def = opts.definition ?? triggerOnly(opts.trigger);
  const webhookKey = def.trigger.type === 'webhook' ? crypto.randomBytes(16).toString('hex') : null;
  const flow = await one<{ id: string }>(db, sql`INSERT INTO flows (tenant_id, name, status, draft, published_version, record_type, trigger_type, listens_on, webhook_key, created_by)
    VALUES (${tenantId}, ${opts.name ?? `流程 ${def.trigger.type}`}, ${opts.status ?? 'active'}, ${JSON.stringify(def)}::jsonb, 1, ${def.trigger.recordType ?? null},
      ${def.trigger.type}, ${`{${listensOn(def.trigger).join(',')}}`}::text[], ${webhookKey}, ${opts.createdBy ?? null})
    RETURNING id::text AS id`);
  const version = await one<{ id: string }>(db, sql`INSERT INTO flow_versions (tenant_id, flow_id, version, definition, published_at)
    VALUES (${tenantId}, ${flow!.id}, 1, ${JSON.stringify(def)}::jsonb, ${(opts.publishedAt ?? new Date()).toISOString()}::timestamptz) RETURNING id::text AS id`);
  return { id: flow!.id, webhookKey, versionId: version!.id };
}

/** The real runtime, optionally on a controlled clock; kick() does nothing: tests drain on purpose. */
export function runtimeForTests(ctx: AppContext, clock?: () => Date): FlowRuntime {
  return { ...createFlowRuntime(ctx, clock ? { clock } : {}), kick() {} };
}

export interface ExecutionRow { id: string; flow_id: string; record_type: string | null; record_id: string | null; status: string; trigger_key: string; depth: number; error: string | null; trigger: Record<string, unknown> }

export async function executionsOf(db: Db, flowId: string): Promise<ExecutionRow[]> {
  return rows<ExecutionRow>(db, sql`SELECT id::text AS id, flow_id::text AS flow_id, record_type, record_id::text AS record_id, status, trigger_key, depth, error, trigger
    FROM flow_executions WHERE flow_id = ${flowId} ORDER BY started_at, id`);
}
