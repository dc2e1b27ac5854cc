import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { sessions } from '../../platform/db/schema.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';

export async function createSession(db: Db, opts: { tenantId: string; userId: string; ip?: string; userAgent?: string; ttlHours: number }) {
  const token = randomToken();
  const csrf = randomToken(24);
  const expiresAt = new Date(Date.now() + opts.ttlHours * 3600_000);
  await db.insert(sessions).values({
    id: sha256(token),
    tenantId: opts.tenantId,
    userId: opts.userId,
    csrfToken: csrf,
    ip: opts.ip ?? null,
    userAgent: opts.userAgent?.slice(0, 500) ?? null,
    expiresAt,
  });
  return { token, csrf, expiresAt, id: sha256(token) };
}

export async function revokeUserSessions(db: Db, tenantId: string, userId: string) {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function listUserSessions(db: Db, tenantId: string, userId: string) {
  return db
    .select({ id: sessions.id, ip: sessions.ip, userAgent: sessions.userAgent, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}
