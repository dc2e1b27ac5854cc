/**
 * Opportunity benchmark (issue 6), recorded in docs/benchmarks.md. On PostgreSQL, the real server in
 * this process over HTTP (API key, as an integration would call it):
 *   1. kanban load: GET /opportunities/board for a pipeline with 10,000 open opportunities (5 stages,
 *      totals per column + the first 20 cards of each) — p50/p95 as an admin (all) and as a rep
 *      (data scope "self", ~1/6 of them);
 *   2. forecast: GET /opportunities/forecast over a tenant with 1,000,000 opportunities (expected
 *      close dates over 36 months, 6 owners in 2 departments), 12 months by owner and by department,
 *      p50/p95, plus the plan's access path of the aggregation.
 *
 *   npx tsx bench/opportunity-bench.ts
 * Knobs: BENCH_PG_URL (server to create ll_bench_opps on), BENCH_OPP_BOARD (default 10000),
 * BENCH_OPP_FORECAST (default 1000000), BENCH_OPP_RUNS (default 50).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../apps/server/src/platform/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openFreshDatabase, latencyStats } from './lib/freshDb.ts';
import { addUser, signUp } from '../apps/server/src/test/harness.ts';

const int = (name: string, d: number) => Number(process.env[name] ?? d);
const BOARD = int('BENCH_OPP_BOARD', 10_000);
const FORECAST = int('BENCH_OPP_FORECAST', 1_000_000);
const RUNS = int('BENCH_OPP_RUNS', 50);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'll_bench_opps';
const log = (m: string) => console.log(m);

const stats = latencyStats;

const openBench = () => openFreshDatabase(PG_URL, DB_NAME);

async function run() {
  const { db, url, dataDir, drop } = await openBench();
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, JOBS_ENABLED: 'false', DATABASE_URL: url } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { db, jobs: false });
  await app.ready();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const q = (text: string, params: unknown[] = []) => db.owner.query(text, params) as Promise<{ rows: Record<string, any>[] }>;
  try {
    const admin = await signUp(app);
    const t = admin.tenantId;
    const dept = async (name: string) => (await admin.client.post('/api/v1/departments', { name })).json().id as string;
    const east = await dept('华东销售部');
    const south = await dept('华南销售部');
    const reps: { userId: string; client: typeof admin.client }[] = [];
    for (let i = 0; i < 5; i++) reps.push(await addUser({ app }, admin.client, { name: `rep${i}`, email: `rep${i}-${crypto.randomBytes(3).toString('hex')}@bench.example.com`, roleKeys: ['salesRep'], departmentId: i < 3 ? east : south }));
    const owners = [admin.userId, ...reps.map((r) => r.userId)];
    const roles = (await admin.client.get('/api/v1/roles')).json().items as { id: string; key: string }[];
    const adminKey = (await admin.client.post('/api/v1/admin/api-keys', { name: 'bench', roleId: roles.find((r) => r.key === 'admin')!.id })).json().key as string;
    const repKey = (await admin.client.post('/api/v1/admin/api-keys', { name: 'bench-rep', roleId: roles.find((r) => r.key === 'salesRep')!.id })).json().key as string | undefined;
    const call = async (key: string, p: string) => {
      const s = performance.now();
      const res = await fetch(`${address}${p}`, { headers: { authorization: `Bearer ${key}` } });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`GET ${p}: ${res.status} ${text.slice(0, 300)}`);
      return { ms: performance.now() - s, body: JSON.parse(text) };
    };
    const pipeline = async (name: string) => (await admin.client.post('/api/v1/pipelines', {
      name, stages: [10, 30, 50, 70, 90].map((p, i) => ({ name: `阶段${i + 1}`, probability: p })),
    })).json() as { id: string; stages: { id: string }[] };
    const boardPipe = await pipeline('看板流程');
    const bulkPipe = await pipeline('预测流程');

    // customers: 1,000 over the owners
    await q(`INSERT INTO customers (tenant_id, number, name, owner_id) SELECT $1, 'KH' || g, '基准客户' || g, ($2::uuid[])[1 + g % $3] FROM generate_series(1, 1000) g`, [t, owners, owners.length]);
    const insertOpps = async (pipe: { id: string; stages: { id: string }[] }, from: number, n: number, allOpen: boolean) => {
      await q(`INSERT INTO opportunities (tenant_id, number, name, customer_id, pipeline_id, stage_id, probability, amount, expected_close_date, status, loss_reason, forecast_category, owner_id, created_at, updated_at, stage_entered_at)
        SELECT $1, 'SJ' || g, '基准商机' || g, c.id, $2, ($3::uuid[])[1 + g % 5], (ARRAY[10,30,50,70,90])[1 + g % 5],
               ((g::bigint * 7919) % 10000000) / 100.0 + 1000, date '2026-01-01' + (g % 1095),
               CASE WHEN $5 THEN 'open' WHEN g % 10 < 6 THEN 'open' WHEN g % 10 < 8 THEN 'won' WHEN g % 10 = 8 THEN 'lost' ELSE 'invalid' END,
               CASE WHEN NOT $5 AND g % 10 = 8 THEN '价格' END,
               (ARRAY['pipeline','bestCase','commit','omitted'])[1 + g % 4], ($4::uuid[])[1 + g % 6],
               now() - (g % 500) * interval '1 hour', now() - (g % 997) * interval '1 minute', now()
          FROM generate_series($6::int, $7::int) g JOIN customers c ON c.tenant_id = $1 AND c.number = 'KH' || (1 + g % 1000)`,
        [t, pipe.id, pipe.stages.map((s) => s.id), owners, allOpen, from, from + n - 1]);
    };
    let t0 = performance.now();
    await insertOpps(boardPipe, 1, BOARD, true);
    for (let i = 0; i < FORECAST - BOARD; i += 200_000) await insertOpps(bulkPipe, BOARD + 1 + i, Math.min(200_000, FORECAST - BOARD - i), false);
    await q('VACUUM ANALYZE opportunities');
    const loadSec = ((performance.now() - t0) / 1000).toFixed(1);
    const [{ n }] = (await q('SELECT count(*)::int AS n FROM opportunities WHERE tenant_id = $1', [t])).rows as [{ n: number }];
    log(`data: ${n} opportunities (${BOARD} open in the board pipeline) loaded in ${loadSec} s`);

    // ---------------------------------------------------------------- 1. kanban
    const boardUrl = `/api/v1/opportunities/board?pipelineId=${boardPipe.id}`;
    for (let i = 0; i < 5; i++) await call(adminKey, boardUrl);
    const boardAdmin: number[] = [];
    let sample: any;
    for (let i = 0; i < RUNS; i++) {
      const r = await call(adminKey, boardUrl);
      boardAdmin.push(r.ms);
      sample = r.body;
    }
    const total = sample.columns.reduce((s: number, c: { count: number }) => s + c.count, 0);
    log(`1. GET /opportunities/board (${total} open, ${sample.columns.length} columns × ${sample.columns[0].cards.length} cards), admin: ${JSON.stringify(stats(boardAdmin))} ms`);
    let boardRep: ReturnType<typeof stats> | null = null;
    if (repKey) {
      const ms: number[] = [];
      for (let i = 0; i < 5; i++) await call(repKey, boardUrl);
      for (let i = 0; i < RUNS; i++) ms.push((await call(repKey, boardUrl)).ms);
      boardRep = stats(ms);
      log(`   as a rep (role salesRep, data scope self: the key creator’s ~1/6): ${JSON.stringify(boardRep)} ms`);
    }

    // ---------------------------------------------------------------- 2. forecast
    const fc = async (groupBy: string) => {
      const u = `/api/v1/opportunities/forecast?from=2026-07&to=2027-06&groupBy=${groupBy}`;
      for (let i = 0; i < 3; i++) await call(adminKey, u);
      const ms: number[] = [];
      let body: any;
      for (let i = 0; i < Math.max(10, Math.round(RUNS / 2)); i++) {
        const r = await call(adminKey, u);
        ms.push(r.ms);
        body = r.body;
      }
      return { stats: stats(ms), rows: body.cells.length, open: body.total.count, won: body.total.wonCount };
    };
    const byOwner = await fc('owner');
    log(`2. GET /opportunities/forecast 12 months × owner over ${n} opportunities: ${JSON.stringify(byOwner.stats)} ms (${byOwner.rows} cells, ${byOwner.open} open + ${byOwner.won} won counted)`);
    const byDept = await fc('department');
    log(`   by department: ${JSON.stringify(byDept.stats)} ms`);
    const plan = (await q(`EXPLAIN SELECT count(*), sum(amount) FROM opportunities WHERE tenant_id = $1 AND deleted_at IS NULL
        AND expected_close_date >= '2026-07-01' AND expected_close_date < '2027-07-01' AND status IN ('open','won')`, [t])).rows.map((r) => r['QUERY PLAN'] as string);
    const access = plan.find((l) => /Scan/.test(l))?.trim() ?? plan[0];
    log(`   access path: ${access}`);
    return { opportunities: n, loadSeconds: Number(loadSec), board: { open: total, admin: stats(boardAdmin), rep: boardRep }, forecast: { byOwner, byDepartment: byDept, access } };
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
const out = { started: started.toISOString(), machine: machine(), boardSize: BOARD, forecastSize: FORECAST, runs: RUNS, ...result };
fs.mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(path.resolve(import.meta.dirname, 'results/opportunity-latest.json'), JSON.stringify(out, null, 2));
process.exit(0);
