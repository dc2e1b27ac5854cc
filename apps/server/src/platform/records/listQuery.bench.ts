/**
 * Count-strategy benchmark for listQuery: two statements (page + count(*)) vs one statement with
 * count(*) OVER (). Not part of the test run. Usage (from apps/server):
 *   npx tsx src/platform/records/listQuery.bench.ts [postgres-url] [rows] [iterations]
 * With '-' instead of a URL it runs on an in-memory PGlite. Rows go into one tenant, plus 10% in a second one.
 */
import { sql } from 'drizzle-orm';
import { mergeRoles } from '../permissions/effective.ts';
import { DEFAULT_ROLES } from '../permissions/defaultRoles.ts';
import type { Actor } from '../auth/actor.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { loadCatalog } from './customFields.ts';
import { listOrder, listQuery, listWhere, type ListParams } from './listQuery.ts';
import { customerType } from '../../modules/customers/fields.ts';
import { customerSelect, customerSource } from '../../modules/customers/service.ts';
import { customers } from '../../modules/customers/schema.ts';

const [urlArg, rowsArg, itArg] = process.argv.slice(2);
const url = urlArg && urlArg !== '-' ? urlArg : undefined; // '-' = PGlite
const N = Number(rowsArg ?? 1_000_000);
const IT = Number(itArg ?? 40);

async function seed(db: Database, n: number): Promise<{ tenant: string; users: string[]; dept: string }> {
  const q = db.owner;
  // Re-runs on the same database reuse the data (seeding 1M rows takes minutes).
  const old = (await q.query<{ id: string }>(`SELECT id FROM tenants WHERE name = 'bench' LIMIT 1`)).rows[0];
  if (old) {
    const users = (await q.query<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 ORDER BY name`, [old.id])).rows.map((r) => r.id);
    const dept1 = (await q.query<{ id: string }>(`SELECT department_id AS id FROM users WHERE tenant_id = $1 AND department_id IS NOT NULL LIMIT 1`, [old.id])).rows[0]!.id;
    return { tenant: old.id, users, dept: dept1 };
  }
  const t = (await q.query<{ id: string }>(`INSERT INTO tenants (name, slug) VALUES ('bench', 'bench-' || gen_random_uuid()) RETURNING id`)).rows[0]!.id;
  const dept = (await q.query<{ id: string }>(`INSERT INTO departments (tenant_id, name) VALUES ($1, 'east') RETURNING id`, [t])).rows[0]!.id;
  const users = (await q.query<{ id: string }>(
    `INSERT INTO users (tenant_id, name, department_id) SELECT $1, 'u' || g, CASE WHEN g <= 5 THEN $2::uuid END FROM generate_series(1, 20) g RETURNING id`, [t, dept],
  )).rows.map((r) => r.id);
  const insert = async (tenant: string, count: number, owners: string[]) => {
    for (let from = 1; from <= count; from += 100_000) {
      const to = Math.min(count, from + 99_999);
      await q.query(
        `INSERT INTO customers (tenant_id, number, name, kind, industry, grade, deal_status, province, city, phone, email, owner_id, tags, health_score, custom, created_at, updated_at)
         SELECT $1, 'KH' || lpad(g::text, 9, '0'), '客户' || md5(g::text), CASE WHEN g % 10 = 0 THEN 'individual' ELSE 'company' END,
           (ARRAY['制造','零售','互联网','金融','教育'])[1 + g % 5], (ARRAY['A','B','C'])[1 + g % 3], 'none',
           (ARRAY['浙江省','江苏省','广东省','上海市'])[1 + g % 4], '杭州', '138' || lpad((g % 100000000)::text, 8, '0'), 'c' || g || '@example.com',
           ($3::uuid[])[1 + g % array_length($3::uuid[], 1)], ARRAY['t' || (g % 7)], g % 101,
           jsonb_build_object('budget', (g % 1000) * 10, 'level', (ARRAY['x','y','z'])[1 + g % 3]),
           now() - (g || ' minutes')::interval, now()
         FROM generate_series($2::int, $4::int) g`,
        [tenant, from, owners, to],
      );
    }
  };
  await insert(t, n, users);
  const t2 = (await q.query<{ id: string }>(`INSERT INTO tenants (name, slug) VALUES ('other', 'other-' || gen_random_uuid()) RETURNING id`)).rows[0]!.id;
  const u2 = (await q.query<{ id: string }>(`INSERT INTO users (tenant_id, name) VALUES ($1, 'x') RETURNING id`, [t2])).rows.map((r) => r.id);
  await insert(t2, Math.round(n / 10), u2);
  await q.query(`INSERT INTO custom_fields (tenant_id, record_type, key, label, type) VALUES ($1, 'customer', 'budget', '预算', 'number')`, [t]);
  await q.query('VACUUM ANALYZE customers');
  return { tenant: t, users, dept };
}

function actorFor(tenantId: string, userId: string, roleKey: string, departmentId: string | null): Actor {
  const role = DEFAULT_ROLES.find((r) => r.key === roleKey)!;
  return { kind: 'user', tenantId, userId, userName: 'bench', departmentId, roleIds: [], perms: mergeRoles([role.permissions]), timeZone: 'Asia/Shanghai', locale: 'zh-CN' };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main() {
  const db = await openDatabase({ url, dataDir: null, poolSize: 4 });
  await migrate(db);
  const t0 = performance.now();
  const { tenant, users, dept } = await seed(db, N);
  console.log(`${db.kind}: ${N} rows ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const admin = actorFor(tenant, users[0]!, 'admin', null);
  const rep = actorFor(tenant, users[1]!, 'salesRep', dept);
  const manager = actorFor(tenant, users[2]!, 'salesManager', dept);
  const base = { page: 1, pageSize: 50, count: 'exact' as const };
  const scenarios: [string, Actor, ListParams][] = [
    ['admin grade=A sort -createdAt', admin, { ...base, filter: { field: 'grade', op: 'eq', value: 'A' }, sort: [{ field: 'createdAt', dir: 'desc' }] }],
    ['admin no filter sort -createdAt', admin, { ...base }],
    ['admin grade=A & health>=50 sort name', admin, { ...base, filter: { and: [{ field: 'grade', op: 'eq', value: 'A' }, { field: 'healthScore', op: 'gte', value: 50 }] }, sort: [{ field: 'name', dir: 'asc' }] }],
    ['admin budget>9000 sort -budget', admin, { ...base, filter: { field: 'custom.budget', op: 'gt', value: 9000 }, sort: [{ field: 'custom.budget', dir: 'desc' }] }],
    ['admin page 100 grade=A', admin, { ...base, page: 100, filter: { field: 'grade', op: 'eq', value: 'A' } }],
    ['rep (self) grade=A', rep, { ...base, filter: { field: 'grade', op: 'eq', value: 'A' } }],
    ['manager (dept tree) grade=A', manager, { ...base, filter: { field: 'grade', op: 'eq', value: 'A' } }],
    ['admin quick search q=客户abc', admin, { ...base, q: '客户abc' }],
  ];
  const only = process.env.BENCH_ONLY; // substring of a scenario name
  for (const [name, actor, params] of scenarios.filter(([n]) => !only || n.includes(only))) {
    const timings = { two: [] as number[], window: [] as number[] };
    let totals: [number | undefined, number | undefined] = [undefined, undefined];
    for (let i = 0; i < IT + 3; i++) {
      for (const mode of (i % 2 ? ['two', 'window'] : ['window', 'two']) as ('two' | 'window')[]) {
        const start = performance.now();
        const total = await db.forTenant(tenant, async (d) => {
          const catalog = await loadCatalog(d, actor, customerType);
          const source = customerSource(actor, catalog);
          if (mode === 'two') return (await listQuery(d, actor, source, params)).total;
          const found = await d
            .select({ ...customerSelect, total: sql<number>`count(*) over ()` })
            .from(customers)
            .where(listWhere(source, params, actor))
            .orderBy(...listOrder(source, params))
            .limit(params.pageSize)
            .offset((params.page - 1) * params.pageSize);
          return found.length ? Number(found[0]!.total) : undefined; // an empty page needs a second query anyway
        });
        if (i >= 3) timings[mode].push(performance.now() - start); // 3 warm-up rounds
        totals[mode === 'two' ? 0 : 1] = total;
      }
    }
    const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;
    console.log(`${name.padEnd(40)} total=${totals[0]} | two queries: ${f(timings.two)} | window: ${f(timings.window)}`);
  }
  await db.close();
}

await main();
