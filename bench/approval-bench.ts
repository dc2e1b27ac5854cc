/**
 * Approvals benchmark (issue 6), recorded in docs/benchmarks.md: approvals decided per second on
 * PostgreSQL. A single-node approval flow on customers (any-of, one approver); N records submitted
 * (each starting its flow and creating its task); then every task approved through the service the
 * way POST /approval-tasks/:id/approve does it — one decision transaction (locks, task update, node
 * outcome, signal), then the flow continued to its end (step transactions, final status, onStatus,
 * audit) — one after another on one connection path.
 *
 *   npx tsx bench/approval-bench.ts
 * Knobs: BENCH_PG_URL (server to create ll_bench_approvals on), BENCH_APPROVALS (default 1000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FlowDefinition } from '@loopline/shared';
import { buildApp } from '../apps/server/src/platform/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openDatabase } from '../apps/server/src/platform/db/client.ts';
import { rows } from '../apps/server/src/platform/db/query.ts';
import { inTransaction } from '../apps/server/src/platform/db/transaction.ts';
import { systemActor } from '../apps/server/src/platform/auth/systemActor.ts';
import { flowRuntime } from '../apps/server/src/modules/flows/runtime/index.ts';
import { decideTask, submitForApproval } from '../apps/server/src/modules/approvals/service.ts';
import { signUp } from '../apps/server/src/test/harness.ts';

const N = Number(process.env.BENCH_APPROVALS ?? 1_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'll_bench_approvals';

async function run() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-approval-bench-'));
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${DB_NAME}`;
  const db = await openDatabase({ url: url.toString(), dataDir: null, poolSize: 10 });
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, JOBS_ENABLED: 'false', DATABASE_URL: url.toString() } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { db, jobs: false });
  await app.ready();
  try {
    const org = await signUp(app);
    const def: FlowDefinition = {
      trigger: { type: 'approvalSubmitted', recordType: 'customer' },
      nodes: [
        { id: 'start', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
        { id: 'a', type: 'approval', label: '审批', config: { approvers: { kind: 'users', userIds: [org.userId] }, mode: 'anyOf', whenApproverIsSubmitter: 'decide' }, position: { x: 0, y: 100 } },
        { id: 'end', type: 'end', config: {}, position: { x: 0, y: 200 } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'a' }, { id: 'e2', source: 'a', target: 'end', sourceHandle: 'approved' }],
    };
    const flow = await org.client.post('/api/v1/flows', { name: '审批基准', draft: def });
    await org.client.post(`/api/v1/flows/${flow.json().id}/publish`);
    const t0 = performance.now();
    const ids = await db.forTenant(org.tenantId, (d) => rows<{ id: string }>(d, sql`INSERT INTO customers (tenant_id, name, owner_id, created_by)
      SELECT ${org.tenantId}, '基准客户' || g, ${org.userId}, ${org.userId} FROM generate_series(1, ${N}) g RETURNING id::text AS id`));
    const rt = flowRuntime(app.ctx);
    const actor = await db.forTenant(org.tenantId, (d) => systemActor(d, org.tenantId, { userId: org.userId, name: '管理员' }));
    const src = { tenantId: org.tenantId, actorId: org.userId };
    for (const { id } of ids) {
      await db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => submitForApproval(tx, actor, src, { recordType: 'customer', recordId: id }, { runtime: rt })));
    }
    const submitted = performance.now() - t0;
    const tasks = await db.forTenant(org.tenantId, (d) => rows<{ id: string }>(d, sql`SELECT id::text AS id FROM approval_tasks WHERE tenant_id = ${org.tenantId} AND status = 'pending'`));
    const t1 = performance.now();
    for (const { id } of tasks) {
      const r = await db.forTenant(org.tenantId, (d) => inTransaction(d, (tx) => decideTask(tx, { actor, src }, org.tenantId, id, 'approved', {}, new Date()), org.tenantId));
      if (r.signalled && r.executionId) await rt.drainExecution(org.tenantId, r.executionId);
    }
    const decided = performance.now() - t1;
    const [done] = await db.forTenant(org.tenantId, (d) => rows<{ n: number }>(d, sql`SELECT count(*)::int AS n FROM approval_instances WHERE tenant_id = ${org.tenantId} AND status = 'approved'`));
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
    console.log(`submitted ${N} approvals in ${(submitted / 1000).toFixed(1)} s (${(N / (submitted / 1000)).toFixed(0)}/s, flow started + task created in the submit transaction)`);
    console.log(`decided ${tasks.length} approvals in ${(decided / 1000).toFixed(1)} s → ${(tasks.length / (decided / 1000)).toFixed(0)} approvals decided/s (decision transaction + flow continued to its end); approved: ${done!.n}`);
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.end();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
