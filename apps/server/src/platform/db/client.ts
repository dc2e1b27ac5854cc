import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from 'pino';

/** The drizzle handle modules query with; PGlite and node-postgres share the PostgreSQL dialect. */
export type Db = NodePgDatabase<Record<string, never>>;

/** Raw parameterised SQL, used by pg-boss, migrations and benchmarks. */
export interface RawQuery {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Runs fn with a connection whose row-level security sees only this tenant. */
  forTenant<T>(tenantId: string, fn: (db: Db) => Promise<T>): Promise<T>;
  /** Runs fn with a connection that may cross tenants (sign-up, log-in look-ups, jobs). */
  asSystem<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** The table owner's connection, for migrations and DDL such as custom-field indexes. */
  owner: RawQuery;
  /** PGlite instance when embedded (pg-boss needs a raw executor on the same database). */
  pglite?: PGlite;
  connectionString?: string;
  close(): Promise<void>;
}

type ClientState = { tenant?: string; system?: boolean };
const stateOf = new WeakMap<pg.PoolClient, ClientState>();

/**
 * PostgreSQL: one pool; each checkout sets app.tenant_id / app.system only when it differs from what
 * that connection already has, so the steady state costs no extra round trip.
 */
async function openPostgres(url: string, poolSize: number, allowBypass: boolean, log?: Logger): Promise<Database> {
  const owner = new pg.Pool({ connectionString: url, max: 2 });
  owner.on('error', (err) => log?.error({ err }, 'owner connection failed'));
  const probe = await owner.query<{ bypass: boolean; has_app_role: boolean }>(
    `SELECT (r.rolsuper OR r.rolbypassrls) AS bypass,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loopline_app') AS has_app_role
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const needsRoleSwitch = probe.rows[0]?.bypass ?? false;
  // Two pools: system work (the session look-up every request starts with, jobs) would otherwise
  // flip a connection between app.system=on and the tenant on every request — two extra
  // set_config round trips per request. Each pool's connections keep their state.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const systemPool = new pg.Pool({ connectionString: url, max: Math.max(2, Math.ceil(poolSize / 4)) });
  for (const p of [pool, systemPool]) {
    p.on('connect', (client) => {
      stateOf.set(client, {});
      if (needsRoleSwitch) client.query('SET ROLE loopline_app').catch(() => undefined);
    });
    p.on('error', (err) => log?.error({ err }, 'idle database connection failed'));
  }
  if (needsRoleSwitch && !probe.rows[0]?.has_app_role && !allowBypass) {
    // Migrations create the role; if they could not, refuse to run without the second wall.
    log?.warn('connected as a role that bypasses row-level security and loopline_app is missing');
  }

  async function withClient<T>(from: pg.Pool, want: ClientState, fn: (db: Db) => Promise<T>): Promise<T> {
    const client = await from.connect();
    try {
      const st = stateOf.get(client) ?? {};
      if (st.tenant !== want.tenant || st.system !== want.system) {
        await client.query(
          `SELECT set_config('app.tenant_id', $1, false), set_config('app.system', $2, false)`,
          [want.tenant ?? '', want.system ? 'on' : 'off'],
        );
        stateOf.set(client, want);
      }
      return await fn(drizzlePg(client) as unknown as Db);
    } catch (err) {
      stateOf.delete(client); // state unknown after an error: set it again next time
      throw err;
    } finally {
      client.release();
    }
  }

  return {
    kind: 'postgres',
    forTenant: (tenantId, fn) => withClient(pool, { tenant: tenantId, system: false }, fn),
    asSystem: (fn) => withClient(systemPool, { tenant: undefined, system: true }, fn),
    owner: { query: (text, params) => owner.query(text, params as unknown[]) as never },
    connectionString: url,
    async close() {
      await pool.end();
      await systemPool.end();
      await owner.end();
    },
  };
}

/**
 * PGlite executes each query synchronously on this thread and hands its lock to the next waiting
 * query through a promise, so N queued queries ran back to back in one macrotask: no socket read,
 * no timer, until the queue was empty (event-loop stalls of N × query time under load, see
 * docs/benchmarks.md). Queue them here and return to the event loop before each one; the order is
 * unchanged (FIFO), and transactions keep PGlite's own lock (their statements go through the
 * transaction object, not this method).
 */
function yieldBetweenQueries(pglite: PGlite): void {
  const query = pglite.query.bind(pglite);
  let chain: Promise<unknown> = Promise.resolve();
  pglite.query = ((...args: Parameters<PGlite['query']>) => {
    const run = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => query(...args));
    chain = run.catch(() => undefined);
    return run;
  }) as PGlite['query'];
}

/** PGlite runs as its superuser, so only the app's own scoping applies there (RLS is the PostgreSQL wall). */
async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined,
    extensions: { pg_trgm },
  });
  yieldBetweenQueries(pglite);
  const db = drizzlePglite(pglite) as unknown as Db;
  return {
    kind: 'pglite',
    forTenant: (_tenantId, fn) => fn(db),
    asSystem: (fn) => fn(db),
    owner: { query: (text, params) => pglite.query(text, params) as never },
    pglite,
    async close() {
      await pglite.close();
    },
  };
}

export async function openDatabase(opts: {
  url?: string;
  dataDir: string | null;
  poolSize?: number;
  allowRlsBypass?: boolean;
  log?: Logger;
}): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10, opts.allowRlsBypass ?? false, opts.log);
  return openPglite(opts.dataDir);
}
