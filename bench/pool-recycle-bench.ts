/**
 * Public-pool recycle benchmark (issue 4), recorded in docs/benchmarks.md: one tenant with
 * 1,000,000 customers owned by 100 reps in a pool with per-grade rules (no follow-up 30 days,
 * 60 for grade A; not closed in 400 days; warn 3 days before), 10 % closed deals and 2 % locked
 * (exempt). Follow-up ages are shaped so ~2 % are overdue and ~3 % inside the warning window.
 *   run 1 at T        — first run: every overdue or nearly due record is warned (no return without notice)
 *   run 2 at T + 3 d  — the warned records go back to the pool, the next days' records are warned
 *   run 3 at T + 3 d  — again: nothing left to do (the cost of the scan alone)
 * plus the to-do centre query for one rep. Each run is runRecycle(): the set-based statement per record
 * type in one transaction, then one notification and one e-mail (outbox) per owner.
 *
 *   npx tsx bench/pool-recycle-bench.ts
 * Knobs: BENCH_POOL_ROWS (default 1000000), BENCH_PG_URL (server on which ll_bench_pool is recreated).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openDatabase } from '../apps/server/src/platform/db/client.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { rows } from '../apps/server/src/platform/db/query.ts';
import { createMailer } from '../apps/server/src/platform/mail/mailer.ts';
import { createNotifier } from '../apps/server/src/platform/notifications/notifier.ts';
import { runRecycle, type RecycleRunResult } from '../apps/server/src/modules/publicPool/recycle.ts';
import { returningSoon } from '../apps/server/src/modules/publicPool/todo.ts';
import { mergeRoles } from '../apps/server/src/platform/permissions/effective.ts';

const ROWS = Number(process.env.BENCH_POOL_ROWS ?? 1_000_000);
const REPS = 100;
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'll_bench_pool';
const DAY = 86_400_000;
const log = (m: string) => console.log(m);
const secs = (t0: number) => Number(((performance.now() - t0) / 1000).toFixed(2));

async function admin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => l.toFixed(1)).join(' ') };
}

/** Tenant, two departments, 100 reps, the pool with its rules — and the customers, generated inside PostgreSQL. */
async function load(owner: pg.Client, now: Date): Promise<{ tenantId: string; repIds: string[] }> {
  const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await owner.query<T>(text, values)).rows;
  const [t] = await q<{ id: string }>(`INSERT INTO tenants (name, slug) VALUES ('回收基准', 'bench-pool') RETURNING id`);
  const tenantId = t!.id;
  const depts = await q<{ id: string }>(`INSERT INTO departments (tenant_id, name) VALUES ($1, '销售一部'), ($1, '销售二部') RETURNING id`, [tenantId]);
  const reps = await q<{ id: string }>(`INSERT INTO users (tenant_id, name, email, department_id)
    SELECT $1, 'rep' || i, 'rep' || i || '@bench.example.com', CASE WHEN i % 2 = 0 THEN $2::uuid ELSE $3::uuid END FROM generate_series(1, ${REPS}) i RETURNING id`,
    [tenantId, depts[0]!.id, depts[1]!.id]);
  const [pool] = await q<{ id: string }>(`INSERT INTO pools (tenant_id, name, record_types, warn_days_before) VALUES ($1, '华东公海', ARRAY['customer'], 3) RETURNING id`, [tenantId]);
  await q(`INSERT INTO pool_members (tenant_id, pool_id, department_id) SELECT $1, $2, id FROM departments WHERE tenant_id = $1`, [tenantId, pool!.id]);
  await q(`INSERT INTO pool_recycle_rules (tenant_id, pool_id, record_type, grade, no_followup_days, not_closed_days)
    VALUES ($1, $2, 'customer', '*', 30, 400), ($1, $2, 'customer', 'A', 60, 400)`, [tenantId, pool!.id]);
  const t0 = performance.now();
  // h spreads the rows: 2 % last followed up 31–90 days ago (overdue for B/C; A only past 60), 3 % 27–30 days
  // ago (inside the warning window), the rest within 25 days. Owners since 300 days ago.
  await q('SELECT setseed(0.42)'); // random() below: independent attributes, the same data every run
  await q(`INSERT INTO customers (tenant_id, number, name, grade, deal_status, locked, owner_id, owner_since, last_followup_at, created_at, phone)
    SELECT $1, 'KH' || lpad(i::text, 8, '0'), '基准客户' || i, (ARRAY['A', 'B', 'C', 'B', 'C'])[1 + g.grade],
      CASE WHEN g.won THEN 'won' ELSE 'none' END, g.locked, owners[1 + g.o],
      $2::timestamptz - interval '300 days',
      $2::timestamptz - CASE WHEN h < 200 THEN (31 + h % 60) * interval '1 day'
                             WHEN h < 500 THEN (27 + h % 3) * interval '1 day' + (h % 24) * interval '1 hour'
                             ELSE (h % 25) * interval '1 day' + (h % 24) * interval '1 hour' END,
      $2::timestamptz - interval '300 days', '139' || lpad((i % 100000000)::text, 8, '0')
    FROM (SELECT i, floor(random() * 10000)::int AS h, floor(random() * ${REPS})::int AS o, floor(random() * 5)::int AS grade,
            random() < 0.1 AS won, random() < 0.02 AS locked
          FROM generate_series(1, ${ROWS}) i) g,
      (SELECT array_agg(id ORDER BY name) AS owners FROM users WHERE tenant_id = $1) o`, [tenantId, now.toISOString()]);
  log(`  ${ROWS.toLocaleString()} customers in ${secs(t0)} s`);
  const t1 = performance.now();
  await q('VACUUM (ANALYZE) customers');
  log(`  vacuum analyze ${secs(t1)} s`);
  return { tenantId, repIds: reps.map((r) => r.id) };
}

const started = new Date();
log(`machine: ${JSON.stringify(machine())}`);
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DB_NAME}`);
const url = new URL(PG_URL);
url.pathname = `/${DB_NAME}`;
const db = await openDatabase({ url: url.toString(), dataDir: null, poolSize: 4 });
await migrate(db);
const owner = new pg.Client({ connectionString: url.toString() });
await owner.connect();
const version = (await owner.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '';
const T = new Date();
log('loading…');
const { tenantId, repIds } = await load(owner, T);
const [{ mb } = { mb: 0 }] = (await owner.query<{ mb: number }>(`SELECT round(pg_total_relation_size('customers') / 1048576.0)::int AS mb`)).rows;

const logger = pino({ level: 'warn' });
const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-pool-bench-')), DATABASE_URL: url.toString() } as NodeJS.ProcessEnv);
// time spent telling owners (one notification + one outbox e-mail per owner), apart from the SQL run
let noticeMs = 0;
const timedCall = <A extends unknown[]>(fn: (...a: A) => Promise<void>) => async (...a: A) => {
  const t0 = performance.now();
  try { await fn(...a); } finally { noticeMs += performance.now() - t0; }
};
const notifier = createNotifier(db, logger);
const mailer = createMailer(config, db, logger);
const ctx = { db, log: logger, notifier: { ...notifier, notify: timedCall(notifier.notify) }, mailer: { ...mailer, send: timedCall(mailer.send) } } as never;

const runs: { label: string; clock: string; seconds: number; noticeSeconds: number; returned: number; warned: number }[] = [];
async function timed(label: string, clock: Date) {
  noticeMs = 0;
  const t0 = performance.now();
  const r: RecycleRunResult = await runRecycle(ctx, tenantId, { now: clock, trigger: 'manual' });
  const out = { label, clock: clock.toISOString(), seconds: secs(t0), noticeSeconds: Number((noticeMs / 1000).toFixed(2)), returned: r.returned, warned: r.warned };
  runs.push(out);
  log(`${label}: ${out.seconds} s (of which notices ${out.noticeSeconds} s) — returned ${r.returned.toLocaleString()}, warned ${r.warned.toLocaleString()} (${((100 * (r.returned + r.warned)) / ROWS).toFixed(2)} % of rows)`);
}
await timed('run 1 (T): first warnings', T);
await timed('run 2 (T+3d): returns + next warnings', new Date(T.getTime() + 3 * DAY));
await timed('run 3 (T+3d again): nothing to do', new Date(T.getTime() + 3 * DAY));

// The to-do centre for one rep (~10,000 customers), as GET /todo computes it.
const actor = { kind: 'user', tenantId, userId: repIds[0]!, userName: 'rep1', departmentId: null, roleIds: [], timeZone: 'Asia/Shanghai', locale: 'zh-CN',
  perms: mergeRoles([{ dataScope: 'self', objects: { customer: ['view'], lead: ['view'] } }]) } as never;
const todoMs: number[] = [];
let todoItems = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  todoItems = (await db.forTenant(tenantId, (d) => returningSoon(d, actor, new Date(T.getTime() + 4 * DAY)))).length;
  todoMs.push(performance.now() - t0);
}
const todoMedianMs = Math.round([...todoMs].sort((a, b) => a - b)[2]!);
log(`to-do for one rep: ${todoMedianMs} ms median (${todoItems} items)`);
const [{ n: owned } = { n: 0 }] = await db.forTenant(tenantId, (d) => rows<{ n: number }>(d, sql`SELECT count(*)::int AS n FROM customers WHERE owner_id = ${repIds[0]!}`));

const result = { started: started.toISOString(), machine: machine(), postgres: version, rows: ROWS, reps: REPS, tableMb: mb, runs, todo: { medianMs: todoMedianMs, items: todoItems, ownedByRep: owned } };
fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(path.join(import.meta.dirname, 'results', 'pool-recycle-latest.json'), JSON.stringify(result, null, 2));
log(JSON.stringify(result, null, 2));
await owner.end();
await db.close();
await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
