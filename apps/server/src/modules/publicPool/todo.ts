/**
 * To-do centre: "即将退回公海 / about to return to the pool" — my leads and customers inside their
 * pool's warning window (or already due), with the date they go back. Computed live with the same
 * decision query as the recycle run, so a follow-up takes an item off the list at once.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { registerTodoProvider, type TodoGroup } from '../todo/registry.ts';
import { decisionCtes } from './recycleSql.ts';
import { POOL_RECORD_TYPES, type PoolRecordType } from './schema.ts';
import type { RecycleReason } from './recycleRules.ts';

const REASON: Record<RecycleReason, [string, string]> = {
  noFollowup: ['长期未跟进', 'no follow-up'], noOpportunity: ['长期无新商机', 'no new opportunity'], notClosed: ['未在期限内成交', 'not closed in time'],
};
const PATH: Record<PoolRecordType, string> = { customer: '/customers', lead: '/leads' };

interface Due { id: string; title: string; reason: RecycleReason; return_at: Date | string; record_type: PoolRecordType }

export async function returningSoon(db: Db, actor: Actor, now: Date): Promise<Due[]> {
  const out: Due[] = [];
  for (const recordType of POOL_RECORD_TYPES) {
    if (!can(actor.perms, recordType, 'view')) continue;
    out.push(...(await rows<Due>(db, sql`WITH ${decisionCtes({ tenantId: actor.tenantId, recordType, now, ownerId: actor.userId })}
      SELECT id::text AS id, title, reason, return_at, ${recordType}::text AS record_type FROM dec`)));
  }
  return out.sort((a, b) => new Date(a.return_at).getTime() - new Date(b.return_at).getTime());
}

export function registerPoolTodo(): void {
  registerTodoProvider({
    key: 'poolReturns',
    order: 30,
    async collect(db, actor, { now, limit }): Promise<TodoGroup | null> {
      const due = await returningSoon(db, actor, now);
      if (!due.length) return null;
      const en = actor.locale === 'en';
      const date = (d: Date | string) => new Intl.DateTimeFormat(en ? 'en-GB' : 'zh-CN', { timeZone: actor.timeZone, month: '2-digit', day: '2-digit' }).format(new Date(d));
      return {
        key: 'poolReturns',
        title: '即将退回公海',
        titleEn: 'About to return to the pool',
        total: due.length,
        items: due.slice(0, limit).map((d) => ({
          id: `${d.record_type}:${d.id}`,
          title: d.title,
          subtitle: en ? `Returns ${date(d.return_at)} · ${REASON[d.reason][1]}` : `${date(d.return_at)} 退回公海 · ${REASON[d.reason][0]}`,
          link: `${PATH[d.record_type]}/${d.id}`,
          dueAt: new Date(d.return_at).toISOString(),
          urgent: new Date(d.return_at).getTime() - now.getTime() < 86_400_000,
        })),
      };
    },
  });
}
