/**
 * 查重 benchmark: findDuplicates against 1,000,000 leads on PostgreSQL, through the app's own code
 * (modules/dedupe, the app's connection pool, row-level security as the app role).
 *
 *   1. fresh database ll_bench_dedupe, the app's migrations, data in SQL (lib/dedupeData.ts)
 *   2. ~2,000 single probes (hits on mobile/email/company, similar names, misses): similar names at
 *      similarity ≥ 0.5 (the 查重 page) and ≥ 0.6 (create/edit checks), and exact keys only —
 *      latency p50/p95/p99 per call (pool checkout included, HTTP not)
 *   3. 1,000-probe batches (what an import or API batch sends), the same three ways
 *   4. EXPLAIN ANALYZE of one probe with similar names; results in bench/results/dedupe-latest.{json,md}
 *
 * Run: `npx tsx bench/dedupe-bench.ts` (knobs: BENCH_DEDUPE_ROWS, BENCH_DEDUPE_PROBES, BENCH_PG_URL, BENCH_REUSE=1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgDialect } from 'drizzle-orm/pg-core';
import { openDatabase, type Db } from '../apps/server/src/platform/db/client.ts';
import { migrate } from '../apps/server/src/platform/db/migrate.ts';
import { findDuplicates, type DedupeProbe, type DedupeRecordType } from '../apps/server/src/modules/dedupe/service.ts';
import { COMPANY_CAPACITY, generateDedupeData, type DedupeTenant } from './lib/dedupeData.ts';
import { env } from './lib/env.ts';
import { probeMix, summarise, type Latency } from './lib/dedupeProbes.ts';

const rowsKnob = Number((process.env.BENCH_DEDUPE_ROWS ?? '1000000').replace(/_/g, ''));
const probesKnob = Number(process.env.BENCH_DEDUPE_PROBES ?? '2000');
const DB_NAME = process.env.BENCH_DEDUPE_DATABASE ?? 'll_bench_dedupe';
const TENANTS: DedupeTenant[] = [
  { slug: 'dedupe-big', leads: rowsKnob, customers: 50_000, contacts: 50_000 },
  { slug: 'dedupe-other', leads: Math.round(rowsKnob / 10), customers: 5_000, contacts: 5_000 },
];
const ALL: DedupeRecordType[] = ['lead', 'customer', 'contact'];
const started = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

async function admin(text: string) {
  const c = new pg.Client({ connectionString: env.pgAdminUrl });
  await c.connect();
  try { await c.query(text); } finally { await c.end(); }
}

/** Captures the SQL findDuplicates sends (for EXPLAIN), transactions included. */
function capturing(db: Db, out: { sql: string; params: unknown[] }[]): Db {
  const dialect = new PgDialect();
  return new Proxy(db, {
    get(target, key) {
      if (key === 'execute') return (q: never) => { const c = dialect.sqlToQuery(q); out.push({ sql: c.sql, params: c.params }); return target.execute(q); };
      if (key === 'transaction') return (fn: (tx: Db) => Promise<unknown>) => target.transaction((tx) => fn(capturing(tx as unknown as Db, out)));
      return Reflect.get(target, key);
    },
  });
}

async function main() {
  const url = new URL(env.pgAdminUrl);
  url.pathname = `/${DB_NAME}`;
  const seconds: Record<string, number> = {};
  if (process.env.BENCH_REUSE !== '1') {
    log(`fresh database ${DB_NAME}; ${rowsKnob.toLocaleString()} leads in the big tenant (company-name capacity ${COMPANY_CAPACITY.toLocaleString()})`);
    await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${DB_NAME}`);
    const mdb = await openDatabase({ url: url.toString(), dataDir: null, poolSize: 2 });
    try { await migrate(mdb); } finally { await mdb.close(); }
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await c.query(`SET maintenance_work_mem = '1GB'`);
      Object.assign(seconds, await generateDedupeData(c, TENANTS, log));
    } finally { await c.end(); }
  }
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  const tenantId = (await raw.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'dedupe-big'`)).rows[0]!.id;
  const counts = (await raw.query(`SELECT (SELECT count(*) FROM leads)::int AS leads, (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM contacts)::int AS contacts,
    pg_size_pretty(pg_total_relation_size('leads')) AS leads_size`)).rows[0] as Record<string, unknown>;
  log(`data: ${JSON.stringify(counts)}`);
  const mix = await probeMix(raw, tenantId, probesKnob);
  log(`probes: ${mix.singles.length} singles (${Object.entries(mix.kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), keys checked on a sample: ${mix.sampleChecked} rows agree with the app's normalisers`);

  const db = await openDatabase({ url: url.toString(), dataDir: null, poolSize: 4 });
  const once = (probes: DedupeProbe[], m: { fuzzy: boolean; similarity: number }) => db.forTenant(tenantId, (d) => findDuplicates(d, tenantId, probes, { recordTypes: ALL, ...m }));
  const single: Record<string, Latency> = {};
  const batch: Record<string, Latency & { probesPerSecond: number }> = {};
  try {
    for (const p of mix.singles.slice(0, 200)) await once([p.probe], { fuzzy: true, similarity: 0.5 }); // warm the caches and the pool
    // similar names as the 查重 page looks for them, as create/edit checks do, and exact keys only
    const modes = [
      { name: 'exact + similar names ≥ 0.5 (查重 page)', fuzzy: true, similarity: 0.5 },
      { name: 'exact + similar names ≥ 0.6 (create, edit)', fuzzy: true, similarity: 0.6 },
      { name: 'exact keys only', fuzzy: false, similarity: 0.5 },
    ];
    for (const m of modes) {
      const times: number[] = [];
      const byKind = new Map<string, number[]>();
      let found = 0;
      let similar = 0;
      for (const p of mix.singles) {
        const t0 = performance.now();
        const [hits] = await once([p.probe], m);
        const ms = performance.now() - t0;
        times.push(ms);
        byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), ms]);
        if (hits!.length) found++;
        similar += hits!.filter((h) => h.matchedOn.includes('similarName')).length;
      }
      const name = `single, ${m.name}`;
      single[name] = { ...summarise(times), found, similarNamesPerProbe: +(similar / times.length).toFixed(2) } as Latency;
      for (const [k, ts] of byKind) single[`${name} · ${k}`] = summarise(ts);
      log(`${name}: ${JSON.stringify(single[name])}`);
    }
    for (const m of modes) {
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        const probes = mix.singles.slice(r * 1000, r * 1000 + 1000).map((p) => p.probe);
        while (probes.length < 1000) probes.push(...mix.singles.slice(0, 1000 - probes.length).map((p) => p.probe));
        const t0 = performance.now();
        await once(probes, m);
        times.push(performance.now() - t0);
      }
      const s = summarise(times);
      const name = `batch of 1,000, ${m.name}`;
      batch[name] = { ...s, probesPerSecond: Math.round(1000 / (s.p50 / 1000)) };
      log(`${name}: ${JSON.stringify(batch[name])}`);
    }
    const captured: { sql: string; params: unknown[] }[] = [];
    // a probe whose name shares city and industry with ~1,000 stored names: the costly kind
    const fuzzyProbe = mix.singles.find((p) => p.kind === 'company variant')!.probe;
    await db.forTenant(tenantId, (d) => findDuplicates(capturing(d, captured), tenantId, [fuzzyProbe], { recordTypes: ALL, fuzzy: true }));
    const [setLimit, statement] = captured;
    await raw.query('BEGIN');
    // as the app runs it: the app role (row-level security on) and this tenant
    await raw.query(`SET LOCAL ROLE loopline_app`);
    await raw.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.system', 'off', true)`, [tenantId]);
    await raw.query(setLimit!.sql, setLimit!.params as unknown[]);
    const plan = (await raw.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement!.sql}`, statement!.params as unknown[])).rows.map((r: Record<string, string>) => r['QUERY PLAN']);
    await raw.query('ROLLBACK');
    const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
    const pgVersion = (await raw.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
    const report = {
      date: new Date().toISOString(), machine: { nproc: os.availableParallelism(), cpu, memGb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, postgres: pgVersion, loadavg: os.loadavg().map((x) => +x.toFixed(2)) },
      data: { tenants: TENANTS, counts, generateSeconds: seconds }, probes: mix.kinds, single, batch, fuzzyProbe, plan,
    };
    const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'dedupe-latest.json'), JSON.stringify(report, null, 2));
    const md = [`Run of ${report.date.slice(0, 16).replace('T', ' ')} UTC — ${report.machine.nproc} × ${cpu}, ${report.machine.memGb} GB, Node ${process.version}, PostgreSQL ${pgVersion}, load ${report.machine.loadavg.join(' ')}`,
      '', '| what | calls | p50 ms | p95 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|---:|',
      ...Object.entries({ ...single, ...batch }).map(([k, v]) => `| ${k} | ${v.n} | ${v.p50} | ${v.p95} | ${v.p99} | ${v.max} |`),
      '', '```', ...plan, '```'].join('\n');
    fs.writeFileSync(path.join(dir, 'dedupe-latest.md'), md + '\n');
    console.log(`\n${md}`);
    log('done; results in bench/results/dedupe-latest.{json,md}');
  } finally {
    await db.close();
    await raw.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
