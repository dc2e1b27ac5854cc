/** Benchmark knobs, all from the environment (see docs/benchmarks.md). */
import os from 'node:os';
import path from 'node:path';

function int(name: string, dflt: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return Math.floor(n);
}

export type DbKind = 'postgres' | 'pglite';

const dbKnob = (process.env.BENCH_DB ?? 'both').toLowerCase();
if (!['postgres', 'pglite', 'both'].includes(dbKnob)) throw new Error(`BENCH_DB must be postgres, pglite or both, got "${dbKnob}"`);

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export const env = {
  /** rows of the big tenant (PostgreSQL; PGlite too unless BENCH_PGLITE_ROWS says otherwise) */
  rows: int('BENCH_ROWS', 1_000_000),
  /** rows of the big tenant on PGlite (default: BENCH_ROWS) */
  pgliteRows: int('BENCH_PGLITE_ROWS', int('BENCH_ROWS', 1_000_000)),
  /** the "performance bar" tenant */
  barRows: int('BENCH_BAR_ROWS', 100_000),
  smallTenants: int('BENCH_SMALL_TENANTS', 100),
  smallRows: int('BENCH_SMALL_ROWS', 1_000),
  bigOwners: int('BENCH_OWNERS', 50),
  databases: (dbKnob === 'both' ? ['postgres', 'pglite'] : [dbKnob]) as DbKind[],
  /** seconds of measured load per scenario (HTTP and raw) */
  duration: int('BENCH_DURATION', 20),
  /** seconds of warm-up load before each measured scenario */
  warmup: int('BENCH_WARMUP', 3),
  connections: int('BENCH_CONNECTIONS', 10),
  /** server for the dedicated ll_bench database (dropped and recreated every run) */
  pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  pgDatabase: process.env.BENCH_PG_DATABASE ?? 'll_bench',
  port: int('BENCH_PORT', 3917),
  /** keep the PGlite data directory after the run (default: removed) */
  keepData: process.env.BENCH_KEEP_DATA === '1',
  /** skip data generation and reuse BENCH_PGLITE_DIR / the existing ll_bench database */
  reuse: process.env.BENCH_REUSE === '1',
  pgliteDir: process.env.BENCH_PGLITE_DIR ?? path.join(os.tmpdir(), 'loopline-bench-pglite'),
  /** comma list of scenario ids to run (default: all) */
  only: (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  /** also run the PGlite scenarios with the event-loop yield patch (see docs/benchmarks.md) */
  pgliteYieldExperiment: process.env.BENCH_PGLITE_YIELD !== '0',
  resultsDir: path.join(REPO_ROOT, 'bench/results'),
  /** SQL files applied after the data load (what-if experiments such as a candidate migration), paths from the repo root */
  extraSql: (process.env.BENCH_EXTRA_SQL ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((f) => path.resolve(REPO_ROOT, f)),
  /** seconds of each raw-SQL run with 10 callers */
  rawDuration: int('BENCH_RAW_DURATION', 10),
};

export const BENCH_PASSWORD = 'Bench-Loopline-2026';
export const BIG_SLUG = 'bench-big';
export const BAR_SLUG = 'bench-100k';
export const ADMIN_EMAIL = 'admin@big.bench.loopline.cn';
export const BAR_ADMIN_EMAIL = 'admin@100k.bench.loopline.cn';
/** the salesRep (data scope "self") the second scenario logs in as */
export const REP_EMAIL = 'rep10@big.bench.loopline.cn';
