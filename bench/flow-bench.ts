/**
 * Flow engine benchmark (issue 5), recorded in docs/benchmarks.md. On PostgreSQL, the real server in
 * this process over HTTP, with its job queue running (the dispatcher and the step workers are
 * pg-boss jobs, as in production):
 *   1. executions completed per second for a durable 3-node flow (trigger → createTask → notify → end):
 *      N executions started in one transaction, then worked by the background workers plus one
 *      in-process drain loop (two workers, as two app instances would);
 *   2. a 10,000-row import (POST /leads/batch, 10 × 1,000) with a recordCreated flow on leads: time
 *      until every row's execution has completed (events dispatched from the audit path, steps
 *      worked), and GET /leads p50/p95 meanwhile, against the same list when idle;
 *   3. added latency of PATCH /customers/:id with 0 vs 20 active flows listening on customers.
 *
 *   npx tsx bench/flow-bench.ts
 * Knobs: BENCH_PG_URL (server to create ll_bench_flows on), BENCH_FLOW_EXECUTIONS (default 2000),
 * BENCH_FLOW_IMPORT (default 10000), BENCH_FLOW_PATCHES (default 200).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FlowDefinition, FlowTrigger } from '@loopline/shared';
import { buildApp } from '../apps/server/src/platform/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openFreshDatabase, latencyStats } from './lib/freshDb.ts';
import { inTransaction } from '../apps/server/src/platform/db/transaction.ts';
import { flowRuntime } from '../apps/server/src/modules/flows/runtime/index.ts';
import { publishTestFlow } from '../apps/server/src/modules/flows/triggers/testFlows.ts';
import { signUp } from '../apps/server/src/test/harness.ts';

const int = (name: string, d: number) => Number(process.env[name] ?? d);
const EXECUTIONS = int('BENCH_FLOW_EXECUTIONS', 2_000);
const IMPORT = int('BENCH_FLOW_IMPORT', 10_000);
const PATCHES = int('BENCH_FLOW_PATCHES', 200);
const BATCH = 1_000;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'll_bench_flows';
const log = (m: string) => console.log(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** trigger → createTask → notify → end */
function threeNodes(trigger: FlowTrigger): FlowDefinition {
  const pos = (y: number) => ({ x: 0, y: y * 100 });
  return {
    trigger,
    nodes: [
      { id: 'start', type: 'trigger', config: {}, position: pos(0) },
      { id: 'task', type: 'createTask', config: { title: '首次电话联系 {{record.name}}', assignee: { kind: 'owner' }, due: { days: 1 } }, position: pos(1) },
      { id: 'tell', type: 'notify', config: { to: [{ kind: 'owner' }], title: '新线索：{{record.name}}' }, position: pos(2) },
      { id: 'end', type: 'end', config: {}, position: pos(3) },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'task' }, { id: 'e2', source: 'task', target: 'tell' }, { id: 'e3', source: 'tell', target: 'end' }],
  };
}

const lead = (i: number, run: string) => ({ name: `客户${run}${i}`, company: `${run}${i} 科技有限公司`, mobile: `13${String(100_000_000 + ((i * 7919 + run.length * 1_000_003) % 900_000_000))}`, email: `${run}-${i}@bench.example.com` });

const stats = latencyStats;

const openBench = () => openFreshDatabase(PG_URL, DB_NAME);

async function run() {
  const { db, url, dataDir, drop } = await openBench();
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, JOBS_ENABLED: 'true', DATABASE_URL: url } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { db, jobs: true });
  await app.ready();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const ctx = app.ctx;
  const runtime = flowRuntime(ctx);
  try {
    const admin = await signUp(app);
    const tenantId = admin.tenantId;
    const roles = (await admin.client.get('/api/v1/roles')).json().items as { id: string; key: string }[];
    const key = (await admin.client.post('/api/v1/admin/api-keys', { name: 'bench', roleId: roles.find((r) => r.key === 'admin')!.id })).json().key as string;
    const call = async (method: string, p: string, body?: unknown) => {
      const s = performance.now();
      const res = await fetch(`${address}${p}`, {
        method, ...(body ? { body: JSON.stringify(body) } : {}),
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}) },
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
      return { ms: performance.now() - s, body: text ? JSON.parse(text) : null };
    };
    const importLeads = async (n: number, run: string) => {
      for (let b = 0; b < n / BATCH; b++) {
        const items = Array.from({ length: Math.min(BATCH, n - b * BATCH) }, (_, i) => lead(b * BATCH + i, run));
        const r = await call('POST', '/api/v1/leads/batch', { items, assign: 'me', duplicatePolicy: 'create' });
        if (r.body.created !== items.length) throw new Error(`batch created ${r.body.created}`);
        await db.owner.query('ANALYZE leads'); // what autovacuum would do (the test server runs without it)
      }
    };
    const counts = (flowId: string) => db.forTenant(tenantId, async (d) => {
      const r = await d.execute(sql`SELECT count(*) FILTER (WHERE status = 'completed')::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed, count(*)::int AS total,
        (SELECT count(*)::int FROM flow_events WHERE tenant_id = ${tenantId}) AS events FROM flow_executions WHERE flow_id = ${flowId}`);
      return (r as unknown as { rows: { done: number; failed: number; total: number; events: number }[] }).rows[0]!;
    });
    const waitFor = async (flowId: string, want: number, limitMs = 30 * 60_000) => {
      const end = Date.now() + limitMs;
      for (;;) {
        const c = await counts(flowId);
        if (c.done + c.failed >= want) return c;
        if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(c)}`);
        await sleep(100);
      }
    };

    // ---------------------------------------------------------------- 1. executions per second
    await importLeads(EXECUTIONS, 'x');
    const ids = await db.forTenant(tenantId, async (d) => {
      const r = await d.execute(sql`SELECT id::text AS id FROM leads WHERE tenant_id = ${tenantId} AND email LIKE 'x-%'`);
      return (r as unknown as { rows: { id: string }[] }).rows.map((x) => x.id);
    });
    const manual = await db.forTenant(tenantId, (d) => publishTestFlow(d, tenantId, { name: '三节点', trigger: { type: 'manual', recordType: 'lead' }, definition: threeNodes({ type: 'manual', recordType: 'lead' }) }));
    let t0 = performance.now();
    await db.forTenant(tenantId, (d) => inTransaction(d, async (tx) => {
      for (const id of ids) {
        await runtime.start(tx, { tenantId, flowId: manual.id, triggerKey: `manual:${crypto.randomUUID()}`, trigger: { type: 'manual', userId: admin.userId, at: new Date().toISOString() }, recordType: 'lead', recordId: id, depth: 0, startedBy: admin.userId });
      }
    }));
    const startMs = performance.now() - t0;
    t0 = performance.now();
    runtime.kick();
    const drainLoop = (async () => { while ((await runtime.drain({ limit: 500 })) > 0); })();
    const c1 = await waitFor(manual.id, ids.length);
    const workSec = (performance.now() - t0) / 1000;
    await drainLoop;
    const throughput = { executions: ids.length, startMs: Math.round(startMs), seconds: Number(workSec.toFixed(1)), perSec: Math.round(ids.length / workSec), completed: c1.done, failed: c1.failed };
    log(`1. ${ids.length} executions of trigger → createTask → notify → end: started in ${throughput.startMs} ms (one transaction), worked in ${throughput.seconds} s = ${throughput.perSec} executions/s (${c1.done} completed, ${c1.failed} failed)`);
    await db.forTenant(tenantId, (d) => d.execute(sql`UPDATE flows SET status = 'disabled' WHERE id = ${manual.id}`));

    // ---------------------------------------------------------------- 2. import backlog
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push((await call('GET', '/api/v1/leads?pageSize=20')).ms);
    const perRow = await db.forTenant(tenantId, (d) => publishTestFlow(d, tenantId, { name: '新线索 SOP', trigger: { type: 'recordCreated', recordType: 'lead' }, definition: threeNodes({ type: 'recordCreated', recordType: 'lead' }) }));
    const during: number[] = [];
    let importing = true;
    const prober = (async () => {
      while (importing) {
        during.push((await call('GET', '/api/v1/leads?pageSize=20')).ms);
        await sleep(200);
      }
    })();
    t0 = performance.now();
    await importLeads(IMPORT, 'imp');
    const importSec = (performance.now() - t0) / 1000;
    const c2 = await waitFor(perRow.id, IMPORT);
    const drainSec = (performance.now() - t0) / 1000;
    importing = false;
    await prober;
    const backlog = { rows: IMPORT, importSeconds: Number(importSec.toFixed(1)), allCompletedSeconds: Number(drainSec.toFixed(1)), afterImportSeconds: Number((drainSec - importSec).toFixed(1)), completed: c2.done, failed: c2.failed, listIdle: stats(idle), listDuring: stats(during) };
    log(`2. ${IMPORT} rows imported in ${backlog.importSeconds} s; every row's execution completed ${backlog.allCompletedSeconds} s after the first batch (${backlog.afterImportSeconds} s after the import) — ${c2.done} completed, ${c2.failed} failed`);
    log(`   GET /leads idle ${JSON.stringify(backlog.listIdle)} ms; during import + drain ${JSON.stringify(backlog.listDuring)} ms`);
    await db.forTenant(tenantId, (d) => d.execute(sql`UPDATE flows SET status = 'disabled' WHERE id = ${perRow.id}`));

    // ---------------------------------------------------------------- 3. PATCH latency, 0 vs 20 flows
    const customer = (await call('POST', '/api/v1/customers', { name: '基准客户有限公司', duplicatePolicy: 'create' })).body.id as string;
    const patch = async (n: number, tag: string) => {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) ms.push((await call('PATCH', `/api/v1/customers/${customer}`, { remark: `${tag} ${i}` })).ms);
      return stats(ms);
    };
    await patch(20, 'warm');
    const without = await patch(PATCHES, 'a');
    for (let i = 0; i < 20; i++) {
      await db.forTenant(tenantId, (d) => publishTestFlow(d, tenantId, { name: `客户流程 ${i}`, trigger: { type: 'recordUpdated', recordType: 'customer', fields: [i % 2 ? 'remark' : 'grade'], condition: { field: 'name', op: 'contains', value: '公司' } } }));
    }
    const withFlows = await patch(PATCHES, 'b');
    const patchBench = { without, with20: withFlows, addedP50: Math.round((withFlows.p50 - without.p50) * 10) / 10 };
    log(`3. PATCH /customers/:id with 0 flows ${JSON.stringify(without)} ms; with 20 flows listening on customers ${JSON.stringify(withFlows)} ms; p50 +${patchBench.addedP50} ms`);
    return { throughput, backlog, patch: patchBench };
  } finally {
    await app.close();
    await db.close();
    await drop();
  }
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => l.toFixed(1)).join(' ') };
}

const started = new Date();
log(`machine: ${JSON.stringify(machine())}`);
const result = await run();
const out = { started: started.toISOString(), machine: machine(), executions: EXECUTIONS, import: IMPORT, patches: PATCHES, ...result };
fs.mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(path.resolve(import.meta.dirname, 'results/flow-latest.json'), JSON.stringify(out, null, 2));
process.exit(0);
