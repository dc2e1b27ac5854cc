/**
 * The private iCalendar feed: calendar apps subscribe to a secret URL (.ics) that lists the user's
 * open tasks with a due time and their planned follow-ups. Only the token's SHA-256 is stored, so
 * the URL is shown once, when created; creating a new one (or stopping) makes the old URL a 404.
 */
import { sql } from 'drizzle-orm';
import ical, { ICalAlarmType } from 'ical-generator';
import type { RolePermissions } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { mergeRoles } from '../../platform/permissions/effective.ts';
import { calendarItems } from './calendar.ts';

/** What a subscription shows: a month back (recently missed) to half a year ahead. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;
/** Events last half an hour in calendar apps (tasks have a due time, not a duration). */
const EVENT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

export const feedUrl = (publicUrl: string, token: string) => `${publicUrl}/api/v1/calendar/feed/${token}.ics`;

export interface FeedState { url: string | null; active: boolean; createdAt: string | null }

/** The URL itself cannot be shown again (only its hash is kept): the state says whether one is live. */
export async function feedState(db: Db, actor: Actor): Promise<FeedState> {
  const row = await one<{ created_at: Date | string }>(db, sql`SELECT created_at FROM calendar_feeds
    WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.userId} AND revoked_at IS NULL`);
  return { url: null, active: Boolean(row), createdAt: row ? new Date(row.created_at).toISOString() : null };
}

/** A new secret URL; the previous one stops working in the same transaction. */
export async function rotateFeed(db: Db, actor: Actor, publicUrl: string): Promise<FeedState & { url: string }> {
  const token = randomToken(24);
  const created = await inTransaction(db, async (tx) => {
    await tx.execute(sql`UPDATE calendar_feeds SET revoked_at = now() WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.userId} AND revoked_at IS NULL`);
    return one<{ created_at: Date | string }>(tx, sql`INSERT INTO calendar_feeds (tenant_id, user_id, token_hash)
      VALUES (${actor.tenantId}, ${actor.userId}, ${sha256(token)}) RETURNING created_at`);
  });
  return { url: feedUrl(publicUrl, token), active: true, createdAt: new Date(created!.created_at).toISOString() };
}

export async function revokeFeed(db: Db, actor: Actor): Promise<void> {
  await db.execute(sql`UPDATE calendar_feeds SET revoked_at = now() WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.userId} AND revoked_at IS NULL`);
}

interface FeedOwner {
  tenant_id: string; user_id: string; user_name: string; department_id: string | null; time_zone: string; locale: string;
  roles: { id: string; p: RolePermissions }[] | string;
}

/** The feed's owner as an actor (their current roles decide what the feed may show), or null. */
async function ownerOfToken(ctx: Pick<AppContext, 'db'>, token: string): Promise<Actor | null> {
  const row = await ctx.db.asSystem((db) => one<FeedOwner>(db, sql`SELECT f.tenant_id, u.id AS user_id, u.name AS user_name, u.department_id,
      t.time_zone, coalesce(u.locale, t.locale) AS locale,
      coalesce((SELECT json_agg(json_build_object('id', r.id, 'p', r.permissions)) FROM user_roles ur JOIN roles r ON r.id = ur.role_id
        WHERE ur.user_id = u.id), '[]'::json) AS roles
    FROM calendar_feeds f JOIN users u ON u.id = f.user_id JOIN tenants t ON t.id = f.tenant_id
    WHERE f.token_hash = ${sha256(token)} AND f.revoked_at IS NULL AND u.status = 'active'`));
  if (!row) return null;
  const roles = (typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles) as { id: string; p: RolePermissions }[];
  return {
    kind: 'user', tenantId: row.tenant_id, userId: row.user_id, userName: row.user_name, departmentId: row.department_id,
    roleIds: roles.map((r) => r.id), perms: mergeRoles(roles.map((r) => r.p)), timeZone: row.time_zone, locale: row.locale,
  };
}

/** The .ics text of a token, or null when the token is unknown or stopped. */
export async function buildFeed(ctx: Pick<AppContext, 'db' | 'config'>, token: string, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{16,100}$/.test(token)) return null;
  const owner = await ownerOfToken(ctx, token);
  if (!owner) return null;
  const from = new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS);
  const to = new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS);
  const items = await ctx.db.forTenant(owner.tenantId, (db) => calendarItems(db, owner, owner.userId, from, to, { openOnly: true }));
  const base = ctx.config.publicUrl;
  const en = owner.locale.startsWith('en');
  const cal = ical({
    name: `Loopline · ${owner.userName}`,
    prodId: { company: 'Loopline', product: 'Tasks', language: en ? 'EN' : 'ZH' },
    ttl: 30 * 60,
    // times are written in UTC (unambiguous for every app); the zone tells apps how to show them
    x: { 'X-WR-TIMEZONE': owner.timeZone },
  });
  for (const item of items) {
    const start = new Date(item.start);
    const about = item.kind === 'task' && item.recordName ? `${en ? 'About' : '相关记录'}: ${item.recordName}` : null;
    const event = cal.createEvent({
      // stable across feed refreshes, so apps update events instead of duplicating them
      id: item.kind === 'task' ? `task-${item.taskId}@loopline` : `followup-${item.recordType}-${item.recordId}@loopline`,
      start,
      end: new Date(start.getTime() + EVENT_MS),
      stamp: now,
      summary: item.kind === 'task' ? item.title : `${en ? 'Follow up' : '跟进'}: ${item.title}`,
      description: [item.description, about].filter(Boolean).join('\n') || null,
      url: `${base}${item.link}`,
    });
    if (item.remindAt) event.createAlarm({ type: ICalAlarmType.display, trigger: new Date(item.remindAt), description: item.title });
  }
  return cal.toString();
}
