/**
 * Raw SQL: replays the statements the API sent for a list request (captured in the server), through
 * a plain driver — pg.Client on PostgreSQL (as the app's role, with the same row-level-security
 * settings), the PGlite instance itself on PGlite.
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../apps/server/src/platform/db/client.ts';
import type { CapturedQuery } from './server-probe.ts';

/** The statements of a list request that read customers: the page and, when sent, the count. */
export function listStatements(captured: CapturedQuery[]): CapturedQuery[] {
  const out = captured.filter((q) => /from\s+"?customers"?/i.test(q.text) && /^\s*select/i.test(q.text));
  if (!out.length) throw new Error(`no customers query captured; saw:\n${captured.map((q) => q.text.slice(0, 200)).join('\n')}`);
  return out;
}

export interface RawTarget {
  /** one runner per concurrent caller */
  runners(n: number, statements: CapturedQuery[], opts: { tenantId: string; rls: boolean }): Promise<{ run: () => Promise<void>; close: () => Promise<void> }[]>;
  explain(statements: CapturedQuery[], tenantId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function postgresTarget(url: string): Promise<RawTarget> {
  async function client(tenantId: string, rls: boolean): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    if (rls) {
      // What the app's pool does on connect (client.ts): a superuser switches to loopline_app,
      // then every checkout carries app.tenant_id / app.system.
      const probe = await c.query<{ bypass: boolean; has_app_role: boolean }>(
        `SELECT (r.rolsuper OR r.rolbypassrls) AS bypass, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loopline_app') AS has_app_role
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      if (probe.rows[0]?.bypass && probe.rows[0].has_app_role) await c.query('SET ROLE loopline_app');
    }
    await c.query(`SELECT set_config('app.tenant_id', $1, false), set_config('app.system', 'off', false)`, [tenantId]);
    return c;
  }
  return {
    async runners(n, statements, { tenantId, rls }) {
      return Promise.all(
        Array.from({ length: n }, async () => {
          const c = await client(tenantId, rls);
          return {
            run: async () => {
              for (const s of statements) {
                await (s.rowMode === 'array' ? c.query({ text: s.text, values: s.params, rowMode: 'array' }) : c.query({ text: s.text, values: s.params }));
              }
            },
            close: () => c.end(),
          };
        }),
      );
    },
    async explain(statements, tenantId) {
      const c = await client(tenantId, true);
      try {
        const plans: string[] = [];
        for (const s of statements) {
          const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.params);
          plans.push(r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n'));
        }
        return plans;
      } finally {
        await c.end();
      }
    },
    async close() {},
  };
}

export async function pgliteTarget(dataDir: string): Promise<RawTarget> {
  // The app's own opener: same extensions, same data directory layout.
  const db: Database = await openDatabase({ url: undefined, dataDir });
  const pglite: PGlite = db.pglite!;
  return {
    async runners(n, statements) {
      // One embedded backend: concurrent callers queue inside PGlite, exactly as the app's requests do.
      return Array.from({ length: n }, () => ({
        run: async () => {
          for (const s of statements) await pglite.query(s.text, s.params, s.rowMode ? { rowMode: s.rowMode as 'array' } : undefined);
        },
        close: async () => {},
      }));
    },
    async explain(statements) {
      const plans: string[] = [];
      for (const s of statements) {
        const r = await pglite.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.params);
        plans.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
      }
      return plans;
    },
    close: () => db.close(),
  };
}
