/**
 * What owners are told after a recycle run: one in-app notification (and, for warnings, one e-mail)
 * per owner and run, naming the first few records and the date — not one message per record.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import type { RecycleReason } from './recycleRules.ts';
import type { PoolRecordType } from './schema.ts';

interface OwnerBatch {
  owner_id: string;
  email: string | null;
  locale: string | null;
  time_zone: string;
  record_type: PoolRecordType;
  n: number;
  first_at: Date | string;
  titles: string[];
  reasons: RecycleReason[];
}

const REASON_ZH: Record<RecycleReason, string> = { noFollowup: '长期未跟进', noOpportunity: '长期无新商机', notClosed: '未在期限内成交' };
const REASON_EN: Record<RecycleReason, string> = { noFollowup: 'no follow-up', noOpportunity: 'no new opportunity', notClosed: 'not closed in time' };
const TYPE_ZH: Record<PoolRecordType, string> = { customer: '客户', lead: '线索' };
const TYPE_EN: Record<PoolRecordType, [string, string]> = { customer: ['customer', 'customers'], lead: ['lead', 'leads'] };

function day(at: Date | string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

/** The notice text for one owner, in their language. Pure, so it is easy to read and test. */
export function noticeText(kind: 'warn' | 'return', b: Pick<OwnerBatch, 'record_type' | 'n' | 'first_at' | 'titles' | 'reasons' | 'time_zone'>, locale: string) {
  const names = b.titles.slice(0, 5);
  const more = b.n > names.length;
  const date = day(b.first_at, b.time_zone, locale);
  if (locale === 'en') {
    const noun = TYPE_EN[b.record_type][b.n === 1 ? 0 : 1];
    const why = [...new Set(b.reasons)].map((r) => REASON_EN[r]).join(', ');
    const list = names.join(', ') + (more ? ', …' : '');
    return kind === 'warn'
      ? { title: `${b.n} ${noun} will return to the pool`, body: `${list} will return to the public pool from ${date} (${why}) unless you follow up.` }
      : { title: `${b.n} ${noun} returned to the pool`, body: `${list} went back to the public pool (${why}).` };
  }
  const noun = TYPE_ZH[b.record_type];
  const why = [...new Set(b.reasons)].map((r) => REASON_ZH[r]).join('、');
  const list = names.join('、') + (more ? ' 等' : '');
  return kind === 'warn'
    ? { title: `${b.n} 个${noun}即将退回公海`, body: `${list}将于 ${date} 起退回公海（${why}），请尽快跟进。` }
    : { title: `${b.n} 个${noun}已退回公海`, body: `${list}已退回公海（${why}）。` };
}

async function batches(ctx: Pick<AppContext, 'db'>, tenantId: string, runId: string, kind: 'warn' | 'return'): Promise<OwnerBatch[]> {
  const out: OwnerBatch[] = [];
  for (const [type, table] of [['customer', 'customers'], ['lead', 'leads']] as const) {
    const t = sql.raw(table);
    const source = kind === 'warn'
      ? sql`SELECT w.owner_id, w.record_id, w.return_at AS at, w.reason FROM pool_recycle_warnings w WHERE w.run_id = ${runId} AND w.record_type = ${type}`
      : sql`SELECT e.from_owner_id AS owner_id, e.record_id, e.created_at AS at, e.reason_code AS reason FROM pool_events e WHERE e.run_id = ${runId} AND e.record_type = ${type}`;
    out.push(...(await ctx.db.forTenant(tenantId, (db) => rows<OwnerBatch>(db, sql`
      SELECT s.owner_id, u.email, coalesce(u.locale, tn.locale) AS locale, tn.time_zone, ${type}::text AS record_type, count(*)::int AS n, min(s.at) AS first_at,
        (array_agg(r.name ORDER BY s.at, r.name))[1:5] AS titles, array_agg(DISTINCT s.reason) AS reasons
      FROM (${source}) s JOIN ${t} r ON r.id = s.record_id JOIN users u ON u.id = s.owner_id JOIN tenants tn ON tn.id = ${tenantId}
      WHERE u.status = 'active'
      GROUP BY s.owner_id, u.email, u.locale, tn.locale, tn.time_zone`))));
  }
  return out;
}

export async function announceRecycle(ctx: Pick<AppContext, 'db' | 'notifier' | 'mailer'>, tenantId: string, runId: string): Promise<void> {
  for (const kind of ['warn', 'return'] as const) {
    for (const b of await batches(ctx, tenantId, runId, kind)) {
      const locale = b.locale === 'en' ? 'en' : 'zh-CN';
      const text = noticeText(kind, b, locale);
      await ctx.notifier.notify({ tenantId, userId: b.owner_id, title: text.title, body: text.body, link: kind === 'warn' ? '/todo' : '/pool', kind: kind === 'warn' ? 'poolWarning' : 'poolReturn' });
      if (kind === 'warn' && b.email) await ctx.mailer.send({ tenantId, to: b.email, subject: text.title, text: text.body });
    }
  }
}

/** Tells someone a pool admin or manager handed them records from a pool, in their language. */
export async function announceAssignment(
  ctx: Pick<AppContext, 'db' | 'notifier'>, tenantId: string,
  a: { ownerId: string; actorName: string; poolName: string; recordType: PoolRecordType; count: number },
): Promise<void> {
  const [who] = await ctx.db.forTenant(tenantId, (db) => rows<{ locale: string | null }>(db, sql`SELECT coalesce(u.locale, t.locale) AS locale
    FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = ${a.ownerId}`));
  const en = who?.locale === 'en';
  const noun = en ? TYPE_EN[a.recordType][a.count === 1 ? 0 : 1] : TYPE_ZH[a.recordType];
  await ctx.notifier.notify({
    tenantId, userId: a.ownerId, kind: 'poolAssign', link: a.recordType === 'customer' ? '/customers' : '/leads',
    title: en ? `${a.actorName} assigned you ${a.count} ${noun} from ${a.poolName}` : `${a.actorName} 从「${a.poolName}」分配给你 ${a.count} 个${noun}`,
  });
}
