/** Creates the benchmark databases: a fresh ll_bench on PostgreSQL, a fresh data directory for PGlite. */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/platform/db/client.ts';
import { migrate } from '../../apps/server/src/platform/db/migrate.ts';
import { hashPassword } from '../../apps/server/src/platform/auth/passwords.ts';
import { generate, type TenantPlan } from './datagen.ts';
import { BENCH_PASSWORD, REPO_ROOT, env, type DbKind } from './env.ts';

export interface Prepared {
  kind: DbKind;
  /** PostgreSQL connection string of ll_bench */
  url?: string;
  /** PGlite DATA_DIR (the app keeps its cluster in <dir>/pgdata) */
  dataDir?: string;
  bigRows: number;
  customers: number;
  tenants: TenantPlan[];
  seconds: Record<string, number>;
  tableMb?: number;
  extraSql: string[];
}

/** Applies BENCH_EXTRA_SQL files (what-if experiments such as bench/proposed/*.sql), then re-analyzes. */
async function applyExtra(exec: (sql: string) => Promise<unknown>, log: (m: string) => void): Promise<string[]> {
  for (const file of env.extraSql) {
    const t0 = performance.now();
    await exec(fs.readFileSync(file, 'utf8'));
    log(`  applied ${path.relative(REPO_ROOT, file)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (env.extraSql.length) await exec('VACUUM (ANALYZE) customers');
  return env.extraSql.map((f) => path.relative(REPO_ROOT, f));
}

export function benchPgUrl(): string {
  const u = new URL(env.pgAdminUrl);
  u.pathname = `/${env.pgDatabase}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: env.pgAdminUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

function genOptions(bigRows: number, log: (m: string) => void, passwordHash: string, batch: number) {
  return { bigRows, barRows: env.barRows, smallTenants: env.smallTenants, smallRows: env.smallRows, bigOwners: env.bigOwners, passwordHash, batch, log };
}

export async function preparePostgres(log: (m: string) => void): Promise<Prepared> {
  const url = benchPgUrl();
  if (!env.reuse) {
    await adminQuery(`DROP DATABASE IF EXISTS ${env.pgDatabase} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${env.pgDatabase}`);
    // The app's own migrations, through its own code path.
    const db = await openDatabase({ url, dataDir: null, poolSize: 2 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (env.reuse) {
      const counted = await c.query<{ n: string }>(`SELECT count(*) AS n FROM customers`);
      log(`  reusing ${env.pgDatabase} (${counted.rows[0]!.n} customers)`);
      const extraSql = await applyExtra((t) => c.query(t), log);
      return { kind: 'postgres', url, bigRows: env.rows, customers: Number(counted.rows[0]!.n), tenants: [], seconds: {}, tableMb: await tableMb(c), extraSql };
    }
    await c.query(`SET maintenance_work_mem = '1GB'`);
    await c.query(`SET max_parallel_maintenance_workers = 2`);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const g = await generate(c, genOptions(env.rows, log, passwordHash, 250_000));
    const extraSql = await applyExtra((t) => c.query(t), log);
    return { kind: 'postgres', url, bigRows: env.rows, customers: g.customers, tenants: g.tenants, seconds: g.seconds, tableMb: await tableMb(c), extraSql };
  } finally {
    await c.end();
  }
}

async function tableMb(s: { query(t: string): Promise<{ rows: unknown[] }> }): Promise<number> {
  const r = (await s.query(`SELECT pg_total_relation_size('customers') / 1048576.0 AS mb`)).rows[0] as { mb: string | number };
  return Math.round(Number(r.mb));
}

export async function preparePglite(log: (m: string) => void): Promise<Prepared> {
  const dataDir = env.pgliteDir;
  if (!env.reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  const db = await openDatabase({ url: undefined, dataDir });
  try {
    const pglite = db.pglite!;
    if (env.reuse) {
      const counted = await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers`);
      log(`  reusing ${dataDir} (${counted.rows[0]!.n} customers)`);
      const extraSql = await applyExtra((t) => pglite.exec(t), log);
      return { kind: 'pglite', dataDir, bigRows: env.pgliteRows, customers: counted.rows[0]!.n, tenants: [], seconds: {}, tableMb: await tableMb(pglite), extraSql };
    }
    await migrate(db);
    await pglite.query(`SET maintenance_work_mem = '512MB'`);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const g = await generate(pglite, genOptions(env.pgliteRows, log, passwordHash, 100_000));
    const extraSql = await applyExtra((t) => pglite.exec(t), log);
    return { kind: 'pglite', dataDir, bigRows: env.pgliteRows, customers: g.customers, tenants: g.tenants, seconds: g.seconds, tableMb: await tableMb(pglite), extraSql };
  } finally {
    await db.close();
  }
}
