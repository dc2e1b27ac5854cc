/**
 * 报价过期: sent quotes whose validity date has passed become expired. "Passed" is judged in each
 * tenant's own time zone: a quote valid until 11-30 expires when 12-01 begins there. The job runs
 * hourly (pg-boss cron, once across instances) so every zone's midnight is caught within the hour;
 * it is idempotent (only status 'sent' rows move) and a missed run is made up by the next one.
 */
import { sql } from 'drizzle-orm';
import { zonedDate } from '@loopline/shared';
import { recordAudits } from '../../platform/audit/audit.ts';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';

export const QUOTE_EXPIRY_JOB = 'quotes.expire';

/** Expires every sent quote past its validity at `now` (tests pass their clock); answers how many. */
export async function expireQuotes(ctx: Pick<AppContext, 'db'>, now = new Date()): Promise<number> {
  // the latest calendar date anywhere on earth (UTC+14) bounds the candidates
  const latest = new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
  const tenants = await ctx.db.asSystem((db) => rows<{ tenant_id: string; time_zone: string }>(db, sql`
    SELECT DISTINCT q.tenant_id::text AS tenant_id, t.time_zone FROM quotes q JOIN tenants t ON t.id = q.tenant_id
     WHERE q.status = 'sent' AND q.deleted_at IS NULL AND q.valid_until < ${latest}::date`));
  let expired = 0;
  for (const t of tenants) {
    let today: string;
    try {
      today = zonedDate(now, t.time_zone);
    } catch {
      today = zonedDate(now, 'Asia/Shanghai');
    }
    expired += await ctx.db.forTenant(t.tenant_id, (db) => inTransaction(db, async (tx) => {
      const moved = await rows<{ id: string; valid_until: string }>(tx, sql`
        UPDATE quotes SET status = 'expired', updated_at = ${now.toISOString()}::timestamptz
         WHERE tenant_id = ${t.tenant_id} AND status = 'sent' AND deleted_at IS NULL AND valid_until < ${today}::date
        RETURNING id::text AS id, valid_until::text AS valid_until`);
      await recordAudits(tx, { tenantId: t.tenant_id, actorId: null, actorType: 'system' }, moved.map((m) => ({
        action: 'update', recordType: 'quote', recordId: m.id, before: { status: 'sent' }, after: { status: 'expired' }, data: { event: 'expire', validUntil: m.valid_until },
      })));
      return moved.length;
    }, t.tenant_id));
  }
  return expired;
}

/** Hourly at :05, once across instances. */
export async function registerQuoteExpiryJob(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(QUOTE_EXPIRY_JOB, async () => {
    await expireQuotes(ctx);
  });
  await ctx.jobs.schedule(QUOTE_EXPIRY_JOB, '5 * * * *');
}
