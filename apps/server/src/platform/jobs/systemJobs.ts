/** The platform's own scheduled jobs; tenant-independent, so each runs once per schedule for all tenants. */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { one } from '../db/query.ts';
import type { JobQueue } from './queue.ts';

export const CLEANUP_SESSIONS = 'cleanup-sessions';

/**
 * Deletes sessions that expired or were revoked more than a day ago, and reset/invitation tokens that
 * expired or were used more than a day ago. The day of grace keeps recent rows around so that
 * "your session has expired" / "this link was already used" can still be told apart from a bad token.
 */
export async function cleanupExpiredAuth(db: Database): Promise<{ sessions: number; tokens: number }> {
  return db.asSystem(async (d) => {
    const s = await one<{ n: number | string }>(
      d,
      sql`WITH gone AS (
            DELETE FROM sessions
             WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'
            RETURNING 1)
          SELECT count(*) AS n FROM gone`,
    );
    const t = await one<{ n: number | string }>(
      d,
      sql`WITH gone AS (
            DELETE FROM auth_tokens
             WHERE expires_at < now() - interval '1 day' OR used_at < now() - interval '1 day'
            RETURNING 1)
          SELECT count(*) AS n FROM gone`,
    );
    return { sessions: Number(s?.n ?? 0), tokens: Number(t?.n ?? 0) };
  });
}

export async function registerSystemJobs(queue: JobQueue, db: Database): Promise<void> {
  await queue.work(CLEANUP_SESSIONS, async () => {
    await cleanupExpiredAuth(db);
  });
  await queue.schedule(CLEANUP_SESSIONS, '0 * * * *');
}
