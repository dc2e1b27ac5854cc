/**
 * The calendar: a person's tasks by due time and their planned follow-ups (leads, customers and
 * contacts they own whose next follow-up time falls in the range). The page and the .ics feed
 * read the same items.
 */
import { sql } from 'drizzle-orm';
import { parseDateOnly, parseDateTime, startOfZonedDay, type CalendarItem, type TaskPriority, type TaskStatus } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { users } from '../../platform/db/schema.ts';
import { one, rows } from '../../platform/db/query.ts';
import { fieldError, forbidden } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope } from '../../platform/permissions/recordAccess.ts';
import { taskLink } from './notices.ts';

/** A month view shows six weeks; a little more leaves room, a lot more is a report, not a calendar. */
export const MAX_RANGE_DAYS = 100;
const DAY_MS = 86_400_000;

const FOLLOWUP_SOURCES = [
  { recordType: 'lead', table: 'leads', path: '/leads', extra: sql`AND status NOT IN ('converted', 'invalid')` },
  { recordType: 'customer', table: 'customers', path: '/customers', extra: sql`` },
  { recordType: 'contact', table: 'contacts', path: '/contacts', extra: sql`` },
] as const;

/** One end of the range: a date is midnight in the tenant's zone, a date-time needs no zone. */
export function rangeEnd(value: string, field: 'from' | 'to', timeZone: string): Date {
  const ms = parseDateOnly(value) ? startOfZonedDay(value, timeZone) : parseDateTime(value, timeZone);
  if (ms === null || Number.isNaN(ms)) throw fieldError(field, 'must be a date (2026-01-15) or date-time (2026-01-15T09:30:00+08:00)');
  return new Date(ms);
}

export function checkedRange(fromText: string, toText: string, timeZone: string): { from: Date; to: Date } {
  const from = rangeEnd(fromText, 'from', timeZone);
  const to = rangeEnd(toText, 'to', timeZone);
  if (to.getTime() <= from.getTime()) throw fieldError('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw fieldError('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from, to };
}

/** Whose calendar: one's own, or someone in one's data scope (a manager looking at a rep's week). */
export async function assertCalendarOf(db: Db, actor: Actor, userId: string): Promise<void> {
  if (userId === actor.userId) return;
  const scope = ownerScope(actor, users.id);
  const row = await one(db, sql`SELECT 1 AS ok FROM ${users} WHERE ${users.id} = ${userId} AND ${users.tenantId} = ${actor.tenantId} ${scope ? sql`AND ${scope}` : sql``}`);
  if (!row) throw forbidden('this calendar is outside your data scope');
}

interface TaskRow { id: string; title: string; due_at: Date | string; status: TaskStatus; priority: TaskPriority; record_type: string | null; record_id: string | null; record_name: string | null; remind_at: Date | string | null; description: string | null }
interface FollowupRow { id: string; name: string; next_followup_at: Date | string }

export interface CalendarEntry extends CalendarItem {
  /** feed only: the reminder time and the text of the event */
  remindAt?: string | null;
  description?: string | null;
}

/**
 * Items of `userId` with a time in [from, to), by time. The viewer's permissions decide which kinds
 * appear (no lead rights, no lead follow-ups). openOnly leaves done tasks out (the feed).
 */
export async function calendarItems(db: Db, viewer: Actor, userId: string, from: Date, to: Date, opts: { openOnly?: boolean } = {}): Promise<CalendarEntry[]> {
  const range = (col: string) => sql`${sql.raw(col)} >= ${from.toISOString()}::timestamptz AND ${sql.raw(col)} < ${to.toISOString()}::timestamptz`;
  const out: CalendarEntry[] = [];
  if (can(viewer.perms, 'task', 'view')) {
    const statuses = opts.openOnly ? sql`('open', 'inProgress')` : sql`('open', 'inProgress', 'done')`;
    const found = await rows<TaskRow>(db, sql`SELECT t.id, t.title, t.due_at, t.status, t.priority, t.record_type, t.record_id, t.remind_at, t.description,
        CASE t.record_type
          WHEN 'lead' THEN (SELECT name FROM leads WHERE id = t.record_id AND tenant_id = t.tenant_id)
          WHEN 'customer' THEN (SELECT name FROM customers WHERE id = t.record_id AND tenant_id = t.tenant_id)
          WHEN 'contact' THEN (SELECT name FROM contacts WHERE id = t.record_id AND tenant_id = t.tenant_id)
        END AS record_name
      FROM tasks t WHERE t.tenant_id = ${viewer.tenantId} AND t.assignee_id = ${userId} AND t.deleted_at IS NULL
        AND t.status IN ${statuses} AND ${range('t.due_at')}
      ORDER BY t.due_at, t.id LIMIT 2000`);
    for (const t of found) {
      out.push({
        key: `task:${t.id}`, kind: 'task', title: t.title, start: new Date(t.due_at).toISOString(), taskId: t.id,
        recordType: t.record_type, recordId: t.record_id, recordName: t.record_name, link: taskLink(t.id),
        status: t.status, priority: t.priority, userId, remindAt: t.remind_at ? new Date(t.remind_at).toISOString() : null, description: t.description,
      });
    }
  }
  for (const src of FOLLOWUP_SOURCES) {
    if (!can(viewer.perms, src.recordType, 'view')) continue;
    const found = await rows<FollowupRow>(db, sql`SELECT id, name, next_followup_at FROM ${sql.raw(src.table)}
      WHERE tenant_id = ${viewer.tenantId} AND owner_id = ${userId} AND deleted_at IS NULL ${src.extra} AND ${range('next_followup_at')}
      ORDER BY next_followup_at, id LIMIT 2000`);
    for (const r of found) {
      out.push({
        key: `followup:${src.recordType}:${r.id}`, kind: 'followup', title: r.name, start: new Date(r.next_followup_at).toISOString(), taskId: null,
        recordType: src.recordType, recordId: r.id, recordName: r.name, link: `${src.path}/${r.id}`, status: null, priority: null, userId,
      });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key));
}
