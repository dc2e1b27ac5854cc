/** Sales forecast (销售预测): by expected close month × owner or department, with the manager's roll-up. */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { fieldError, forbidden } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope } from '../../platform/permissions/recordAccess.ts';
import type { ForecastQuery } from './input.ts';
import { opportunities as o } from './schema.ts';

export interface ForecastFigures {
  count: number; amount: string; weighted: string; commit: string; bestCase: string; pipeline: string; wonCount: number; won: string;
}
export interface ForecastCell extends ForecastFigures { month: string; key: string | null }
export interface Forecast {
  groupBy: 'owner' | 'department';
  months: string[];
  groups: { key: string | null; name: string }[];
  /** month × group */
  cells: ForecastCell[];
  /** per group over all months */
  groupTotals: (ForecastFigures & { key: string | null })[];
  /** per month over all groups */
  monthTotals: (ForecastFigures & { month: string })[];
  total: ForecastFigures;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m === 13) { m = 1; y += 1; }
  }
  return out;
}

const ZERO: ForecastFigures = { count: 0, amount: '0.00', weighted: '0.00', commit: '0.00', bestCase: '0.00', pipeline: '0.00', wonCount: 0, won: '0.00' };

/**
 * One aggregation over the opportunities_forecast index (tenant, expected close date, owner).
 * Opportunities count in the month of their expected close date. Open ones make count, amount,
 * weighted (Σ round(amount × probability / 100, 2), exact numeric), and the amount per forecast
 * category (commit / bestCase / pipeline, not cumulative); category 'omitted' is left out of the
 * open figures. Won ones make won / wonCount. Lost and invalid ones are not forecast.
 * Visibility is the data scope: a rep sees themselves, a manager their team (subordinates or
 * department tree, as their role says) with the totals, an admin everyone.
 */
export async function getForecast(db: Db, actor: Actor, q: ForecastQuery): Promise<Forecast> {
  if (!can(actor.perms, 'opportunity', 'view')) throw forbidden('no permission to view opportunity', { object: 'opportunity', action: 'view' });
  if (q.from > q.to) throw fieldError('to', '结束月份不能早于开始月份');
  const months = monthsBetween(q.from, q.to);
  if (months.length > 36) throw fieldError('to', '最多 36 个月');
  const start = `${q.from}-01`;
  const [ty, tm] = q.to.split('-').map(Number) as [number, number];
  const end = tm === 12 ? `${ty + 1}-01-01` : `${ty}-${String(tm + 1).padStart(2, '0')}-01`;
  const t = actor.tenantId;
  const conds: SQL[] = [
    sql`${o.tenantId} = ${t}`, sql`${o.deletedAt} IS NULL`,
    sql`${o.expectedCloseDate} >= ${start}::date`, sql`${o.expectedCloseDate} < ${end}::date`, sql`${o.status} IN ('open', 'won')`,
  ];
  const scope = ownerScope(actor, o.ownerId);
  if (scope) conds.push(scope);
  if (q.pipelineId) conds.push(sql`${o.pipelineId} = ${q.pipelineId}`);
  if (q.departmentId) {
    conds.push(sql`${o.ownerId} IN (SELECT u.id FROM users u WHERE u.tenant_id = ${t} AND u.department_id IN (
      WITH RECURSIVE sub AS (SELECT id FROM departments WHERE tenant_id = ${t} AND id = ${q.departmentId}
        UNION SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id WHERE d.tenant_id = ${t})
      SELECT id FROM sub))`);
  }
  const department = q.groupBy === 'department';
  const key = department ? sql`u.department_id` : sql`${o.ownerId}`;
  const open = sql`${o.status} = 'open' AND ${o.forecastCategory} <> 'omitted'`;
  const m = (expr: SQL) => sql`coalesce(${expr}, 0)::numeric(16,2)::text`;
  // One statement: the index-only scan aggregates to month × group once (a single hash aggregate),
  // and the roll-ups (per group, per month, total) are grouping sets over those few rows — sums of
  // exact numeric sums, so every total equals the sum of the cells.
  const found = await rows<Record<string, unknown>>(db, sql`
    WITH cell AS (
      SELECT to_char(${o.expectedCloseDate}, 'YYYY-MM') AS month, ${key}::text AS key,
             count(*) FILTER (WHERE ${open}) AS n,
             sum(${o.amount}) FILTER (WHERE ${open}) AS amount,
             sum(round(${o.amount} * ${o.probability} / 100.0, 2)) FILTER (WHERE ${open}) AS weighted,
             sum(${o.amount}) FILTER (WHERE ${open} AND ${o.forecastCategory} = 'commit') AS commit,
             sum(${o.amount}) FILTER (WHERE ${open} AND ${o.forecastCategory} = 'bestCase') AS best_case,
             sum(${o.amount}) FILTER (WHERE ${open} AND ${o.forecastCategory} = 'pipeline') AS pipeline,
             count(*) FILTER (WHERE ${o.status} = 'won') AS won_n,
             sum(${o.amount}) FILTER (WHERE ${o.status} = 'won') AS won
        FROM ${o} ${department ? sql`LEFT JOIN users u ON u.id = ${o.ownerId}` : sql``}
       WHERE ${sql.join(conds, sql` AND `)}
       GROUP BY 1, 2)
    SELECT month, key, GROUPING(month)::int AS g_month, GROUPING(key)::int AS g_key,
           coalesce(sum(n), 0)::int AS count, ${m(sql`sum(amount)`)} AS amount, ${m(sql`sum(weighted)`)} AS weighted,
           ${m(sql`sum(commit)`)} AS commit, ${m(sql`sum(best_case)`)} AS best_case, ${m(sql`sum(pipeline)`)} AS pipeline,
           coalesce(sum(won_n), 0)::int AS won_count, ${m(sql`sum(won)`)} AS won
      FROM cell GROUP BY GROUPING SETS ((month, key), (month), (key), ())`);
  const figures = (r: Record<string, unknown>): ForecastFigures => ({
    count: Number(r.count), amount: r.amount as string, weighted: r.weighted as string, commit: r.commit as string,
    bestCase: r.best_case as string, pipeline: r.pipeline as string, wonCount: Number(r.won_count), won: r.won as string,
  });
  const cells: ForecastCell[] = [];
  const groupTotals: Forecast['groupTotals'] = [];
  const monthTotalsMap = new Map<string, ForecastFigures>();
  let total = ZERO;
  for (const r of found) {
    const gm = Number(r.g_month), gk = Number(r.g_key);
    if (!gm && !gk) cells.push({ month: r.month as string, key: (r.key as string) ?? null, ...figures(r) });
    else if (!gm && gk) monthTotalsMap.set(r.month as string, figures(r));
    else if (gm && !gk) groupTotals.push({ key: (r.key as string) ?? null, ...figures(r) });
    else total = figures(r);
  }
  const keys = groupTotals.map((g) => g.key).filter((k): k is string => Boolean(k));
  const names = new Map<string, string>();
  if (keys.length) {
    const table = q.groupBy === 'department' ? sql`departments` : sql`users`;
    for (const n of await rows<{ id: string; name: string }>(db, sql`SELECT id::text AS id, name FROM ${table} WHERE tenant_id = ${t} AND id = ANY(${sql.param(keys)}::uuid[])`)) names.set(n.id, n.name);
  }
  const none = q.groupBy === 'department' ? '未分配部门' : '未分配负责人';
  const groups = groupTotals.map((g) => ({ key: g.key, name: g.key ? names.get(g.key) ?? g.key : none })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return {
    groupBy: q.groupBy, months, groups, cells,
    groupTotals,
    monthTotals: months.map((month) => ({ month, ...(monthTotalsMap.get(month) ?? ZERO) })),
    total,
  };
}
