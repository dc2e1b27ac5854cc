// Test-only: a temp table with one column per field kind (plus jsonb custom
// fields), its catalog, and a row inserter. Shared by compile.test.ts and
// agreement.test.ts so both exercise exactly the same SQL expressions.
import { sql, type SQL } from 'drizzle-orm';
import type { SqlFieldCatalog } from './compile.ts';

/** A record as the in-memory evaluator sees it (camelCase keys = field keys). */
export interface FixtureRow {
  id: number;
  name?: string | null;
  status?: string | null;
  amount?: number | null;
  score?: number | null;
  closeDate?: string | null;
  createdAt?: string | null;
  vip?: boolean | null;
  ownerId?: string | null;
  tags?: string[] | null;
  custom?: { budget?: number | null; region?: string | null; labels?: string[] | null } | null;
}

export type Exec = (query: SQL) => Promise<{ rows: Record<string, unknown>[] }>;

export const FIXTURE_TABLE = sql.identifier('filter_fixture');

/**
 * `name` gets a linguistic ICU collation when the server has one: it mimics a
 * production database with an en_US/ICU default, where ordering and ILIKE
 * case folding differ from "C", so the tests prove the compiler does not
 * depend on the database collation.
 */
export async function createFixtureTable(exec: Exec): Promise<void> {
  const icu = await exec(sql`select 1 from pg_collation where collname = 'und-x-icu'`);
  const nameCollation = icu.rows.length > 0 ? sql`collate "und-x-icu"` : sql``;
  await exec(sql`
    create temp table if not exists ${FIXTURE_TABLE} (
      id int primary key,
      name text ${nameCollation},
      status text,
      amount numeric,
      score double precision,
      close_date date,
      created_at timestamptz,
      vip boolean,
      owner_id uuid,
      tags jsonb,
      custom jsonb
    )`);
}

const col = (name: string) => sql`${sql.identifier(name)}`;
export const fixtureCatalog: SqlFieldCatalog = {
  name: { kind: 'text', sql: col('name') },
  status: { kind: 'select', sql: col('status') },
  amount: { kind: 'number', sql: col('amount') },
  score: { kind: 'number', sql: col('score') },
  closeDate: { kind: 'date', sql: col('close_date') },
  createdAt: { kind: 'datetime', sql: col('created_at') },
  vip: { kind: 'boolean', sql: col('vip') },
  ownerId: { kind: 'uuid', sql: col('owner_id') },
  tags: { kind: 'multiselect', sql: col('tags') },
  'custom.budget': { kind: 'number', sql: sql`(${col('custom')}->>'budget')::numeric` },
  'custom.region': { kind: 'text', sql: sql`(${col('custom')}->>'region')` },
  'custom.labels': { kind: 'multiselect', sql: sql`(${col('custom')}->'labels')` },
};

export async function insertFixtureRows(exec: Exec, rows: FixtureRow[]): Promise<void> {
  if (rows.length === 0) return;
  const num = (n: number | null | undefined) => (n == null ? null : String(n));
  const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
  const values = rows.map(
    (r) => sql`(${r.id}, ${r.name ?? null}, ${r.status ?? null}, ${num(r.amount)}::numeric, ${num(r.score)}::float8,
      ${r.closeDate ?? null}::date, ${r.createdAt ?? null}::timestamptz, ${r.vip ?? null}::boolean,
      ${r.ownerId ?? null}::uuid, ${json(r.tags)}::jsonb, ${json(r.custom)}::jsonb)`,
  );
  await exec(sql`insert into ${FIXTURE_TABLE}
    (id, name, status, amount, score, close_date, created_at, vip, owner_id, tags, custom)
    values ${sql.join(values, sql`, `)}`);
}

export async function matchingIds(exec: Exec, where: SQL): Promise<number[]> {
  const res = await exec(sql`select id from ${FIXTURE_TABLE} where ${where} order by id`);
  return res.rows.map((r) => Number(r.id));
}
