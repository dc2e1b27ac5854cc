/**
 * Task reminders: a minute job claims every task whose reminder time has come and sends the
 * assignee an in-app notification and an email. The claim (reminded_at set in the same statement
 * that selects) makes each reminder go out once, across instances and restarts: a job run twice,
 * or two instances ticking together, find nothing left to claim. A reminder missed while the app was
 * down goes out at the first tick after it is back.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import { taskLink } from './notices.ts';

export const TASK_REMINDER_JOB = 'tasks.reminders';
/** Reminders claimed per statement; a backlog drains in several rounds of one tick. */
const BATCH = 200;

interface Claimed {
  id: string; tenant_id: string; title: string; assignee_id: string; due_at: Date | string | null;
  email: string | null; time_zone: string; record_name: string | null;
}

function localTime(at: Date | string | null, timeZone: string): string | null {
  if (!at) return null;
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(at));
}

/** Sends every reminder due at `now` (tests pass their clock); answers how many went out. */
export async function sendDueTaskReminders(ctx: Pick<AppContext, 'db' | 'notifier' | 'mailer' | 'log' | 'config'>, now = new Date()): Promise<number> {
  let sent = 0;
  for (;;) {
    const claimed = await ctx.db.asSystem((db) => rows<Claimed>(db, sql`
      WITH due AS (
        SELECT id FROM tasks
         WHERE remind_at <= ${now.toISOString()}::timestamptz AND reminded_at IS NULL AND deleted_at IS NULL AND status IN ('open', 'inProgress')
         ORDER BY remind_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      UPDATE tasks t SET reminded_at = ${now.toISOString()}::timestamptz FROM due WHERE t.id = due.id
      RETURNING t.id, t.tenant_id, t.title, t.assignee_id, t.due_at,
        (SELECT email FROM users u WHERE u.id = t.assignee_id AND u.status = 'active') AS email,
        (SELECT time_zone FROM tenants WHERE tenants.id = t.tenant_id) AS time_zone,
        CASE t.record_type
          WHEN 'lead' THEN (SELECT name FROM leads WHERE id = t.record_id)
          WHEN 'customer' THEN (SELECT name FROM customers WHERE id = t.record_id)
          WHEN 'contact' THEN (SELECT name FROM contacts WHERE id = t.record_id)
        END AS record_name`));
    for (const t of claimed) {
      const due = localTime(t.due_at, t.time_zone);
      const about = t.record_name ? `（${t.record_name}）` : '';
      const body = due ? `截止时间 ${due}${about}` : `任务提醒${about}`;
      await ctx.notifier.notify({ tenantId: t.tenant_id, userId: t.assignee_id, kind: 'taskReminder', title: `任务提醒：${t.title}`, body, link: taskLink(t.id) })
        .catch((err) => ctx.log.warn({ err, taskId: t.id }, 'task reminder notice failed'));
      if (t.email) {
        const url = `${ctx.config.publicUrl}${taskLink(t.id)}`;
        await ctx.mailer.send({
          tenantId: t.tenant_id,
          to: t.email,
          subject: `任务提醒：${t.title} / Task reminder: ${t.title}`,
          text: `${t.title}${about}\n${due ? `截止时间 / Due: ${due}\n` : ''}\n${url}\n`,
        }).catch((err) => ctx.log.warn({ err, taskId: t.id }, 'task reminder mail failed'));
      }
      sent++;
    }
    if (claimed.length < BATCH) return sent;
  }
}

/** Every minute, once across instances (pg-boss cron). */
export async function registerTaskReminderJob(ctx: AppContext): Promise<void> {
  await ctx.jobs.work(TASK_REMINDER_JOB, async () => {
    await sendDueTaskReminders(ctx);
  });
  await ctx.jobs.schedule(TASK_REMINDER_JOB, '* * * * *');
}
