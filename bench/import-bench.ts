/**
 * Import benchmark (issue 4): a 100,000-row .xlsx of leads imported into a tenant that already has
 * 1,000,000 leads, with duplicate checking (查重) and assignment rules, on PostgreSQL, through the
 * app's own code path: POST /imports (multipart upload + parse), PUT /imports/:id (mapping +
 * trial-run preview), POST /imports/:id/run, then the job handler `runImport` in this process.
 *
 *   npx tsx bench/import-bench.ts
 *
 * Knobs: BENCH_IMPORT_EXISTING (1,000,000), BENCH_IMPORT_ROWS (100,000), BENCH_IMPORT_DUP_EVERY
 * (10: every 10th row repeats an existing lead's mobile), BENCH_PG_URL (server, default
 * postgres://postgres@127.0.0.1:5432/test; the database ll_bench_import is recreated each run).
 * Writes bench/results/import-latest.json; docs/benchmarks.md has the results and how to read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../apps/server/src/platform/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { runImport } from '../apps/server/src/modules/imports/run.ts';
import { FILE_HEADERS, generateLeads, writeLeadFile } from './lib/importData.ts';
import { REPO_ROOT } from './lib/env.ts';
import { postgresTicks } from './lib/load.ts';

const TICK_MS = 10; // USER_HZ = 100 (lib/load.ts)

const num = (name: string, dflt: number) => Number((process.env[name] ?? String(dflt)).replace(/_/g, ''));
const EXISTING = num('BENCH_IMPORT_EXISTING', 1_000_000);
const ROWS = num('BENCH_IMPORT_ROWS', 100_000);
const DUP_EVERY = num('BENCH_IMPORT_DUP_EVERY', 10);
const REPS = 20;
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB_NAME = 'll_bench_import';
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
const secs = (ms: number) => Math.round(ms / 100) / 10;

async function admin(text: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try { await c.query(text); } finally { await c.end(); }
}

function multipart(recordType: string, name: string, content: Buffer) {
  const b = `----bench${Date.now()}`;
  const payload = Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="recordType"\r\n\r\n${recordType}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    content, Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${b}` };
}

async function main() {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-import-bench-'));
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const config = loadConfig({ DATABASE_URL: url.toString(), DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', DEMO_ENABLED: 'false' } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { jobs: false });
  await app.ready();
  const inject = (method: string, u: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: method as 'GET', url: `/api/v1${u}`, payload: body as never, headers: { cookie, 'x-csrf-token': csrf, ...headers } });
  let cookie = '';
  let csrf = '';

  // 1. the organisation: an admin (signs up), 20 reps in a round-robin rule, 1M leads
  const email = `bench-${Date.now()}@import.bench.example`;
  const signup = await app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { organizationName: '导入基准公司', name: '管理员', email, password: 'Bench-Loopline-2026' } });
  if (signup.statusCode !== 201) throw new Error(`signup: ${signup.body}`);
  const tenantId = (signup.json() as { tenant: { id: string } }).tenant.id;
  const jar = Object.fromEntries((signup.cookies as { name: string; value: string }[]).map((c) => [c.name, c.value]));
  cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  csrf = jar.ll_csrf ?? '';
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  const reps = await c.query<{ id: string }>(
    `INSERT INTO users (tenant_id, name, email) SELECT $1, '销售' || k, 'rep' || k || '@import.bench.example' FROM generate_series(1, ${REPS}) k RETURNING id`, [tenantId]);
  await c.query(`INSERT INTO user_roles (tenant_id, user_id, role_id) SELECT $1, u, (SELECT id FROM roles WHERE tenant_id = $1 AND key = 'salesRep') FROM unnest($2::uuid[]) u`, [tenantId, reps.rows.map((r) => r.id)]);
  const rule = await inject('POST', '/assignment-rules', { name: '全部线索轮流分配', target: { kind: 'roundRobin', userIds: reps.rows.map((r) => r.id) } });
  if (rule.statusCode !== 201) throw new Error(`rule: ${rule.body}`);
  let t = performance.now();
  log(`generating ${EXISTING.toLocaleString()} existing leads`);
  await generateLeads(c, tenantId, reps.rows.map((r) => r.id), EXISTING, log);
  const generateSeconds = secs(performance.now() - t);

  // 2. the file
  const file = path.join(dataDir, 'leads.xlsx');
  t = performance.now();
  const { duplicates } = await writeLeadFile(file, ROWS, EXISTING, DUP_EVERY);
  const content = fs.readFileSync(file);
  log(`wrote ${ROWS.toLocaleString()} rows (${duplicates.toLocaleString()} repeat an existing mobile), ${(content.length / 1e6).toFixed(1)} MB, in ${secs(performance.now() - t)} s`);

  // 3. the import, timed step by step; RSS sampled from the upload on
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  let peakRss = baseRss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  const cpu0 = { node: process.cpuUsage(), pg: postgresTicks(DB_NAME) };
  const t0 = performance.now();
  const { payload, contentType } = multipart('lead', '展会线索.xlsx', content);
  const up = await inject('POST', '/imports', payload, { 'content-type': contentType });
  if (up.statusCode !== 201) throw new Error(`upload: ${up.body}`);
  const { id, mapping } = up.json() as { id: string; mapping: Record<string, string | null> };
  const tUpload = performance.now();
  const peakUpload = peakRss;
  global.gc?.();
  peakRss = process.memoryUsage().rss;
  const put = await inject('PUT', `/imports/${id}`, { mapping, duplicatePolicy: 'skip' });
  if (put.statusCode !== 200) throw new Error(`mapping: ${put.body}`);
  const tPreview = performance.now();
  const run = await inject('POST', `/imports/${id}/run`);
  if (run.statusCode !== 202) throw new Error(`run: ${run.body}`);
  const chunkMs: number[] = [];
  let last = performance.now();
  await runImport(app.ctx, { tenantId, importId: id }, {
    afterChunk: (done) => {
      const now = performance.now();
      chunkMs.push(now - last);
      last = now;
      if (done % 20_000 === 0) log(`  ${done.toLocaleString()} rows, ${Math.round(((done / (now - tPreview)) * 1000))} rows/s so far`);
    },
  });
  const tDone = performance.now();
  const cpu1 = { node: process.cpuUsage(cpu0.node), pg: postgresTicks(DB_NAME) };
  clearInterval(sampler);
  const result = (await inject('GET', `/imports/${id}`)).json() as { status: string; counts: Record<string, number>; failure: string | null };
  if (result.status !== 'completed') throw new Error(`import ${result.status}: ${result.failure}`);
  const spread = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1 AND source_detail->>'importId' = $2 GROUP BY owner_id ORDER BY n`, [tenantId, id]);
  await c.end();
  await app.close();

  const sorted = [...chunkMs].sort((a, b) => a - b);
  // CPU used from upload to commit: this process (the app's code, incl. GC threads) and the database's
  // backends. When other work shares the cores, these say what the import itself cost.
  const nodeCpu = (cpu1.node.user + cpu1.node.system) / 1e6;
  const pgCpu = ((cpu1.pg - cpu0.pg) * TICK_MS) / 1000;
  const out = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => l.toFixed(1)).join(' ') },
    existingLeads: EXISTING, rows: ROWS, duplicatesInFile: duplicates, fileMb: Math.round(content.length / 1e5) / 10, generateSeconds,
    headers: FILE_HEADERS, mapping,
    seconds: {
      uploadAndParse: secs(tUpload - t0), mappingAndPreview: secs(tPreview - tUpload),
      run: secs(tDone - tPreview), endToEnd: secs(tDone - t0),
    },
    rowsPerSecond: {
      endToEnd: Math.round(ROWS / ((tDone - t0) / 1000)), run: Math.round(ROWS / ((tDone - tPreview) / 1000)),
    },
    cpuSeconds: { node: Math.round(nodeCpu * 10) / 10, postgres: Math.round(pgCpu * 10) / 10 },
    // the first chunk also reads the file again, loads the actor, fields and rules
    chunkMs: { count: chunkMs.length, first: Math.round(chunkMs[0] ?? 0), p50: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), max: Math.round(sorted.at(-1) ?? 0) },
    counts: result.counts,
    ownersSpread: { owners: spread.rows.length, min: spread.rows[0]?.n ?? 0, max: spread.rows.at(-1)?.n ?? 0 },
    rssMb: {
      beforeUpload: Math.round(baseRss / 2 ** 20), peakDuringUpload: Math.round(peakUpload / 2 ** 20), peakDuringRun: Math.round(peakRss / 2 ** 20),
      peakDuringImport: Math.round(Math.max(peakUpload, peakRss) / 2 ** 20), processMax: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
  fs.mkdirSync(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench/results/import-latest.json'), `${JSON.stringify(out, null, 2)}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(out, null, 2));
  log(`end to end ${out.seconds.endToEnd} s = ${out.rowsPerSecond.endToEnd.toLocaleString()} rows/s (target ≥ 5,000); CPU ${out.cpuSeconds.node} s Node + ${out.cpuSeconds.postgres} s PostgreSQL; peak RSS ${out.rssMb.peakDuringImport} MB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
