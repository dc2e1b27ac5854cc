/**
 * `npm run bench`: the customers list endpoint under load, on PostgreSQL and PGlite in one run.
 *
 *   1. generate data in SQL (1M-row tenant, a 100k-row tenant, 100 small tenants) — lib/datagen.ts
 *   2. start the real server as a child process, log in, hit the list endpoint with autocannon
 *      (10 connections), sampling RSS, event-loop delay and a no-database probe — lib/load.ts
 *   3. replay the SQL the server sent for the same request through a plain driver — lib/raw.ts
 *   4. print a table and write bench/results/latest.{json,md}
 *
 * Knobs: BENCH_ROWS, BENCH_DB=postgres|pglite|both, BENCH_DURATION (see docs/benchmarks.md).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { ADMIN_EMAIL, BAR_ADMIN_EMAIL, BENCH_PASSWORD, REPO_ROOT, REP_EMAIL, env, type DbKind } from './lib/env.ts';
import { preparePglite, preparePostgres, type Prepared } from './lib/databases.ts';
import { ServerProcess } from './lib/server.ts';
import { cpuCost, httpLoad, postgresTicks, rawLoad, type CpuCost, type HttpResult, type LatencyStats } from './lib/load.ts';
import { listStatements, pgliteTarget, postgresTarget, type RawTarget } from './lib/raw.ts';
import { renderMarkdown } from './lib/report.ts';
import type { CapturedQuery } from './lib/server-probe.ts';

const started = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const FILTER = { and: [{ field: 'grade', op: 'eq', value: 'A' }, { field: 'createdAt', op: 'between', value: { relative: 'lastNDays', n: 365 } }] };

interface Scenario {
  id: string;
  title: string;
  login: 'admin' | 'rep' | 'barAdmin';
  query: Record<string, string>;
}

const listQs = (q: Record<string, string>) => `/api/v1/customers?${new URLSearchParams(q).toString()}`;
const filtered = { filter: JSON.stringify(FILTER), sort: '-createdAt', page: '1', pageSize: '50' };

const SCENARIOS: Scenario[] = [
  { id: 'admin-exact', title: 'admin · grade A + last 365 days · -createdAt · count=exact', login: 'admin', query: { ...filtered, count: 'exact' } },
  { id: 'rep-exact', title: 'salesRep (scope self) · same filter · count=exact', login: 'rep', query: { ...filtered, count: 'exact' } },
  { id: 'admin-hasmore', title: 'admin · same filter · count=hasMore', login: 'admin', query: { ...filtered, count: 'hasMore' } },
  { id: 'bar-100k', title: 'perf bar · 100k-row tenant · no filter · -createdAt · count=exact', login: 'barAdmin', query: { sort: '-createdAt', page: '1', pageSize: '50', count: 'exact' } },
  { id: 'bar-100k-hasmore', title: 'perf bar without the count (what a cached total would cost) · count=hasMore', login: 'barAdmin', query: { sort: '-createdAt', page: '1', pageSize: '50', count: 'hasMore' } },
].filter((s) => !env.only.length || env.only.includes(s.id)) as Scenario[];

export interface ScenarioResult {
  id: string;
  title: string;
  rows: number;
  total?: number;
  hasMore?: boolean;
  items: number;
  statements: { text: string; params: unknown[] }[];
  api: HttpResult;
  apiYield?: HttpResult;
  raw?: LatencyStats & { cost: CpuCost };
  raw1?: LatencyStats & { cost: CpuCost };
  raw1NoRls?: LatencyStats & { cost: CpuCost };
  explain?: string[];
  ratioP50?: number;
  ratioP95?: number;
}

export interface DbResult {
  kind: DbKind;
  bigRows: number;
  customers: number;
  tableMb?: number;
  extraSql: string[];
  generateSeconds: Record<string, number>;
  idleRssMb: number;
  scenarios: ScenarioResult[];
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let postgres = 'n/a';
  try {
    postgres = execFileSync('psql', ['--version']).toString().trim();
  } catch {
    /* the server version is read below */
  }
  return { nproc: os.availableParallelism(), cpu, memGb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, postgresClient: postgres, os: `${os.type()} ${os.release()}` };
}

/** Which code was measured: the commit and a hash of the list-path files as they were in the work tree. */
function codeState() {
  const files = [
    'apps/server/src/platform/records/listQuery.ts', 'apps/server/src/platform/records/catalog.ts', 'apps/server/src/platform/filters/compile.ts',
    'apps/server/src/platform/permissions/recordAccess.ts', 'apps/server/src/platform/db/client.ts', 'apps/server/src/modules/customers/service.ts',
    'apps/server/src/modules/customers/fields.ts',
  ];
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(fs.existsSync(path.join(REPO_ROOT, f)) ? fs.readFileSync(path.join(REPO_ROOT, f)) : '');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
  } catch {
    /* not a git checkout */
  }
  const migrations = fs.readdirSync(path.join(REPO_ROOT, 'apps/server/migrations')).filter((f) => f.endsWith('.sql')).sort();
  return { commit, listPathSha256: hash.digest('hex').slice(0, 12), migrations };
}

async function postgresVersion(): Promise<string> {
  const c = new pg.Client({ connectionString: env.pgAdminUrl });
  await c.connect();
  try {
    const r = await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    return r.rows[0]!.v;
  } finally {
    await c.end();
  }
}

async function fetchJson(server: ServerProcess, url: string, cookie: string): Promise<{ items: unknown[]; total?: number; hasMore: boolean }> {
  const res = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as never;
}

async function measure(prep: Prepared): Promise<DbResult> {
  const rowsOf = (s: Scenario) => (s.login === 'barAdmin' ? env.barRows : prep.bigRows);
  const serverOpts = prep.kind === 'postgres' ? { databaseUrl: prep.url } : { dataDir: prep.dataDir };
  log(`${prep.kind}: starting the server`);
  let server = await ServerProcess.start(serverOpts);
  await new Promise((r) => setTimeout(r, 1000));
  const idleRssMb = Math.round(server.rss().rssKb / 1024);
  const cookies: Record<Scenario['login'], string> = {
    admin: await server.login(ADMIN_EMAIL, BENCH_PASSWORD),
    rep: await server.login(REP_EMAIL, BENCH_PASSWORD),
    barAdmin: await server.login(BAR_ADMIN_EMAIL, BENCH_PASSWORD),
  };
  const tenantOf: Record<Scenario['login'], string> = { admin: '', rep: '', barAdmin: '' };
  for (const k of Object.keys(cookies) as Scenario['login'][]) {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { cookie: cookies[k] } });
    tenantOf[k] = ((await res.json()) as { tenant: { id: string } }).tenant.id;
  }

  const results: ScenarioResult[] = [];
  const captured = new Map<string, CapturedQuery[]>();
  for (const sc of SCENARIOS) {
    const url = listQs(sc.query);
    const first = await fetchJson(server, url, cookies[sc.login]);
    let got = await server.capture(async () => void (await fetchJson(server, url, cookies[sc.login])));
    if (listStatements(got).length > 2) got = await server.capture(async () => void (await fetchJson(server, url, cookies[sc.login])));
    if (listStatements(got).length > 2) throw new Error(`${sc.id}: captured statements of other requests; is the server idle?`);
    captured.set(sc.id, listStatements(got));
    log(`${prep.kind} ${sc.id}: total=${first.total ?? '—'} hasMore=${first.hasMore} items=${first.items.length}; ${got.length} statements per request (${captured.get(sc.id)!.length} on customers); HTTP load ${env.duration} s`);
    const api = await httpLoad(server, url, cookies[sc.login], { ...env, pgDatabase: prep.kind === 'postgres' ? env.pgDatabase : undefined });
    log(`  API  p50 ${api.p50} ms  p95 ${api.p95} ms  p99 ${api.p99} ms  ${api.rps} req/s  peak RSS ${api.peakRssMb} MB  event-loop p99 ${api.eventLoop.p99} ms max ${api.eventLoop.max} ms  probe p50 ${api.probe.p50} ms p99 ${api.probe.p99} ms  CPU/request: server ${api.cost.serverMs} ms + postgres ${api.cost.postgresMs} ms (load generator ${api.cost.loadgenMs} ms)  CPU: machine ${api.cpu.machineBusyPct}% server ${api.cpu.serverPct}% of a core, load ${api.cpu.loadavg}${api.non2xx ? `  NON-2XX ${api.non2xx}` : ''}${api.errors ? `  ERRORS ${api.errors}` : ''}`);
    results.push({
      id: sc.id, title: sc.title, rows: rowsOf(sc), total: first.total, hasMore: first.hasMore, items: first.items.length,
      statements: captured.get(sc.id)!.map((q) => ({ text: q.text, params: q.params })), api,
    });
  }
  await server.stop();

  if (prep.kind === 'pglite' && env.pgliteYieldExperiment) {
    log('pglite: experiment — every PGlite query first yields to the event loop (BENCH_PGLITE_YIELD=1)');
    server = await ServerProcess.start({ ...serverOpts, extraEnv: { BENCH_PGLITE_YIELD: '1' } });
    for (const r of results) {
      const sc = SCENARIOS.find((s) => s.id === r.id)!;
      if (sc.id !== 'admin-exact' && sc.id !== 'bar-100k') continue;
      const cookie = await server.login(sc.login === 'barAdmin' ? BAR_ADMIN_EMAIL : ADMIN_EMAIL, BENCH_PASSWORD);
      r.apiYield = await httpLoad(server, listQs(sc.query), cookie, env);
      log(`  ${sc.id} with yield: p50 ${r.apiYield.p50} ms p95 ${r.apiYield.p95} ms ${r.apiYield.rps} req/s  event-loop p99 ${r.apiYield.eventLoop.p99} ms max ${r.apiYield.eventLoop.max} ms  probe p50 ${r.apiYield.probe.p50} ms p99 ${r.apiYield.probe.p99} ms`);
    }
    await server.stop();
  }

  // Raw SQL after the server is gone (PGlite: one process may hold the data directory at a time).
  const target: RawTarget = prep.kind === 'postgres' ? await postgresTarget(prep.url!) : await pgliteTarget(prep.dataDir!);
  try {
    const rawSeconds = Math.min(env.duration, env.rawDuration);
    for (const r of results) {
      const sc = SCENARIOS.find((s) => s.id === r.id)!;
      const stmts = captured.get(sc.id)!;
      const tenantId = tenantOf[sc.login];
      const measureRaw = async (n: number, seconds: number, rls: boolean) => {
        const runners = await target.runners(n, stmts, { tenantId, rls });
        for (const w of runners) await w.run(); // warm
        const before = { server: 0, pg: prep.kind === 'postgres' ? postgresTicks(env.pgDatabase) : 0, self: process.cpuUsage() };
        const out = await rawLoad(runners.map((w) => w.run), seconds);
        const after = { server: 0, pg: prep.kind === 'postgres' ? postgresTicks(env.pgDatabase) : 0, self: process.cpuUsage() };
        await Promise.all(runners.map((w) => w.close()));
        return { ...out, cost: cpuCost(before, after, out.requests) };
      };
      r.raw = await measureRaw(env.connections, rawSeconds, true);
      r.raw1 = await measureRaw(1, 3, true);
      if (prep.kind === 'postgres') r.raw1NoRls = await measureRaw(1, 3, false);
      r.explain = await target.explain(stmts, tenantId);
      r.ratioP50 = +(r.api.p50 / r.raw.p50).toFixed(2);
      r.ratioP95 = +(r.api.p95 / r.raw.p95).toFixed(2);
      log(`${prep.kind} ${sc.id} raw (${env.connections} callers): p50 ${r.raw.p50} ms p95 ${r.raw.p95} ms ${r.raw.rps}/s; 1 caller p50 ${r.raw1.p50} ms${r.raw1NoRls ? ` (no RLS ${r.raw1NoRls.p50} ms)` : ''}; API/raw p50 ${r.ratioP50} p95 ${r.ratioP95}; raw CPU/iteration: postgres ${r.raw.cost.postgresMs} ms, driver process ${r.raw.cost.loadgenMs} ms`);
    }
  } finally {
    await target.close();
  }
  return { kind: prep.kind, bigRows: prep.bigRows, customers: prep.customers, tableMb: prep.tableMb, extraSql: prep.extraSql, generateSeconds: prep.seconds, idleRssMb, scenarios: results };
}

async function main() {
  const m = { ...machine(), postgresServer: env.databases.includes('postgres') ? await postgresVersion() : 'n/a' };
  const code = codeState();
  const codeAtStart = code;
  log(`code: ${code.commit} + work tree, list path ${code.listPathSha256}, migrations ${code.migrations.join(' ')}`);
  log(`machine: ${m.nproc} × ${m.cpu}, ${m.memGb} GB, Node ${m.node}, PostgreSQL ${m.postgresServer}`);
  log(`knobs: BENCH_ROWS=${env.rows} BENCH_PGLITE_ROWS=${env.pgliteRows} BENCH_DB=${env.databases.join('+')} BENCH_DURATION=${env.duration} s, ${env.connections} connections`);
  const out: DbResult[] = [];
  for (const kind of env.databases) {
    log(`${kind}: generating data (${kind === 'postgres' ? env.rows : env.pgliteRows} rows in the big tenant)`);
    const t0 = Date.now();
    const prep = kind === 'postgres' ? await preparePostgres(log) : await preparePglite(log);
    log(`${kind}: ${prep.customers} customers ready in ${((Date.now() - t0) / 1000).toFixed(0)} s (customers table + indexes ${prep.tableMb} MB)`);
    out.push(await measure(prep));
    if (kind === 'pglite' && !env.keepData) fs.rmSync(env.pgliteDir, { recursive: true, force: true });
  }
  // The tree may change while a long run goes on (others work in it): both ends are recorded.
  const report = { date: new Date().toISOString(), machine: m, code: { atStart: codeAtStart, atEnd: codeState() }, knobs: { ...env, databases: env.databases }, totalSeconds: Math.round((Date.now() - started) / 1000), results: out };
  fs.mkdirSync(env.resultsDir, { recursive: true });
  const variant = env.extraSql.length ? '-proposed' : '';
  const base = env.only.length || env.databases.length < 2 ? `partial-${env.databases.join('-')}${variant}` : `latest${variant}`;
  fs.writeFileSync(path.join(env.resultsDir, `${base}.json`), JSON.stringify(report, null, 2));
  const md = renderMarkdown(report);
  fs.writeFileSync(path.join(env.resultsDir, `${base}.md`), md);
  console.log(`\n${md}`);
  log(`done; results in bench/results/${base}.{json,md}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
