import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { normalizeMobile, type LoginInput, type SignupInput } from '@loopline/shared';
import type { AppContext } from '../../platform/context.ts';
import { authTokens, loginLogs, tenants, users } from '../../platform/db/schema.ts';
import { one } from '../../platform/db/query.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/passwords.ts';
import { randomToken, sha256 } from '../../platform/auth/tokens.ts';
import { AppError, badRequest, conflict } from '../../platform/http/errors.ts';
import { createSession, revokeUserSessions } from './sessions.ts';
import { createOrganization } from './tenantSetup.ts';

export interface ClientInfo { ip: string; userAgent?: string; requestId: string }

type UserRow = typeof users.$inferSelect;
type TenantRow = typeof tenants.$inferSelect;

export function publicUser(u: UserRow) {
  return { id: u.id, name: u.name, email: u.email, mobile: u.mobile, locale: u.locale, departmentId: u.departmentId, managerId: u.managerId, status: u.status };
}
export function publicTenant(t: TenantRow) {
  return { id: t.id, name: t.name, slug: t.slug, timeZone: t.timeZone, currency: t.currency, locale: t.locale, fiscalYearStartMonth: t.fiscalYearStartMonth, isDemo: t.isDemo };
}

const isEmail = (s: string) => s.includes('@');

export async function signup(ctx: AppContext, input: SignupInput, client: ClientInfo) {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.asSystem((db) =>
    db.transaction(async (tx) => {
      const org = await createOrganization(tx as never, {
        organizationName: input.organizationName,
        adminName: input.name,
        email: input.email,
        mobile: input.mobile ? normalizeMobile(input.mobile) : null,
        passwordHash,
        locale: input.locale,
        timeZone: input.timeZone,
      });
      const session = await createSession(tx as never, { tenantId: org.tenant.id, userId: org.admin.id, ip: client.ip, userAgent: client.userAgent, ttlHours: ctx.config.SESSION_TTL_HOURS });
      const src = { tenantId: org.tenant.id, actorId: org.admin.id, ip: client.ip, userAgent: client.userAgent, requestId: client.requestId };
      await recordAudit(tx as never, src, { action: 'create', recordType: 'tenant', recordId: org.tenant.id, after: publicTenant(org.tenant) });
      await tx.insert(loginLogs).values({ tenantId: org.tenant.id, userId: org.admin.id, identifier: input.email, ip: client.ip, userAgent: client.userAgent ?? null, result: 'success' });
      // signing up logs the founder in, so the users page should not say "never logged in"
      const [admin] = await tx.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, org.admin.id)).returning();
      return { user: admin!, tenant: org.tenant, session };
    }),
  );
}

async function logAttempt(ctx: AppContext, entry: { tenantId: string | null; userId: string | null; identifier: string; client: ClientInfo; result: string }) {
  await ctx.db.asSystem((db) =>
    db.insert(loginLogs).values({ tenantId: entry.tenantId, userId: entry.userId, identifier: entry.identifier.slice(0, 254), ip: entry.client.ip, userAgent: entry.client.userAgent?.slice(0, 500) ?? null, result: entry.result }),
  );
}

/**
 * Log-in by email or mobile. The same identifier may exist in several organizations: the password
 * decides which, and only if it matches more than one do we ask the user to choose (after the
 * password proved who they are, so nothing leaks).
 */
export async function login(ctx: AppContext, input: LoginInput, client: ClientInfo) {
  const { config } = ctx;
  const identifier = isEmail(input.identifier) ? input.identifier.toLowerCase() : normalizeMobile(input.identifier);
  const recentFailures = await ctx.db.asSystem((db) =>
    one<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM login_logs WHERE ip = ${client.ip} AND result <> 'success' AND created_at > now() - interval '1 minute'`),
  );
  if ((recentFailures?.n ?? 0) >= config.LOGIN_IP_LIMIT_PER_MINUTE) {
    await logAttempt(ctx, { tenantId: null, userId: null, identifier, client, result: 'rateLimited' });
    throw new AppError(429, 'TOO_MANY_ATTEMPTS', 'too many log-in attempts, try again in a minute');
  }
  const candidates = await ctx.db.asSystem((db) =>
    db
      .select({ user: users, tenant: tenants })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(isEmail(identifier) ? eq(users.email, identifier) : eq(users.mobile, identifier), eq(users.status, 'active'), input.tenantSlug ? eq(tenants.slug, input.tenantSlug) : undefined))
      .limit(5),
  );
  if (candidates.length === 0) {
    await burnPasswordCheck(input.password);
    await logAttempt(ctx, { tenantId: null, userId: null, identifier, client, result: 'unknownIdentifier' });
    throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong account or password');
  }
  const now = Date.now();
  const unlocked = candidates.filter((c) => !c.user.lockedUntil || c.user.lockedUntil.getTime() <= now);
  if (unlocked.length === 0) {
    const until = candidates.map((c) => c.user.lockedUntil!.getTime()).sort()[0]!;
    await logAttempt(ctx, { tenantId: candidates[0]!.tenant.id, userId: candidates[0]!.user.id, identifier, client, result: 'locked' });
    throw new AppError(423, 'ACCOUNT_LOCKED', 'account locked after repeated failures', { lockedUntil: new Date(until).toISOString() });
  }
  const matched: typeof unlocked = [];
  for (const c of unlocked) if (await verifyPassword(c.user.passwordHash, input.password)) matched.push(c);

  if (matched.length === 0) {
    for (const c of unlocked) {
      const failures = c.user.failedLoginCount + 1;
      const lock = failures >= config.LOGIN_MAX_FAILURES;
      await ctx.db.asSystem((db) =>
        db.update(users).set({ failedLoginCount: lock ? 0 : failures, lockedUntil: lock ? new Date(now + config.LOGIN_LOCK_MINUTES * 60_000) : null }).where(eq(users.id, c.user.id)),
      );
      await logAttempt(ctx, { tenantId: c.tenant.id, userId: c.user.id, identifier, client, result: lock ? 'lockedOut' : 'wrongPassword' });
      if (lock && unlocked.length === 1) {
        throw new AppError(423, 'ACCOUNT_LOCKED', 'account locked after repeated failures', { lockedUntil: new Date(now + config.LOGIN_LOCK_MINUTES * 60_000).toISOString() });
      }
    }
    throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong account or password');
  }
  if (matched.length > 1) {
    throw conflict('TENANT_CHOICE_REQUIRED', 'this account belongs to several organizations; choose one', {
      tenants: matched.map((m) => ({ slug: m.tenant.slug, name: m.tenant.name })),
    });
  }
  const { user, tenant } = matched[0]!;
  const session = await ctx.db.asSystem((db) =>
    db.transaction(async (tx) => {
      await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
      await tx.insert(loginLogs).values({ tenantId: tenant.id, userId: user.id, identifier, ip: client.ip, userAgent: client.userAgent?.slice(0, 500) ?? null, result: 'success' });
      await recordAudit(tx as never, { tenantId: tenant.id, actorId: user.id, ip: client.ip, userAgent: client.userAgent, requestId: client.requestId }, { action: 'login', recordType: 'user', recordId: user.id });
      return createSession(tx as never, { tenantId: tenant.id, userId: user.id, ip: client.ip, userAgent: client.userAgent, ttlHours: config.SESSION_TTL_HOURS });
    }),
  );
  return { user, tenant, session };
}

/** Creates a single-use link token (reset: 1 hour, invite: 7 days); only its hash is stored. */
export async function issueAuthToken(ctx: AppContext, opts: { tenantId: string; userId: string; kind: 'reset' | 'invite'; createdBy?: string }) {
  const token = randomToken();
  const hours = opts.kind === 'reset' ? 1 : 24 * 7;
  await ctx.db.forTenant(opts.tenantId, async (db) => {
    // A new link replaces older unused ones of the same kind.
    await db.update(authTokens).set({ usedAt: sql`now()` }).where(and(eq(authTokens.tenantId, opts.tenantId), eq(authTokens.userId, opts.userId), eq(authTokens.kind, opts.kind), isNull(authTokens.usedAt)));
    await db.insert(authTokens).values({ id: sha256(token), tenantId: opts.tenantId, userId: opts.userId, kind: opts.kind, expiresAt: new Date(Date.now() + hours * 3600_000), createdBy: opts.createdBy ?? null });
  });
  return token;
}

/** Looks up a live link token; a used, expired or unknown token is one and the same error. */
export async function findAuthToken(ctx: AppContext, token: string, kind: 'reset' | 'invite') {
  const row = await ctx.db.asSystem((db) =>
    db
      .select({ token: authTokens, user: users, tenant: tenants })
      .from(authTokens)
      .innerJoin(users, eq(users.id, authTokens.userId))
      .innerJoin(tenants, eq(tenants.id, authTokens.tenantId))
      .where(and(eq(authTokens.id, sha256(token)), eq(authTokens.kind, kind), isNull(authTokens.usedAt), gt(authTokens.expiresAt, sql`now()`)))
      .limit(1),
  );
  if (!row[0]) throw badRequest('INVALID_TOKEN', 'this link is invalid or has expired');
  return row[0];
}

export async function requestPasswordReset(ctx: AppContext, identifierRaw: string) {
  const identifier = isEmail(identifierRaw) ? identifierRaw.toLowerCase() : normalizeMobile(identifierRaw);
  const found = await ctx.db.asSystem((db) =>
    db.select({ user: users, tenant: tenants }).from(users).innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(or(eq(users.email, identifier), eq(users.mobile, identifier)), eq(users.status, 'active'))).limit(5),
  );
  for (const { user, tenant } of found) {
    if (!user.email) continue; // the link goes by email; mobile-only accounts ask their admin
    const token = await issueAuthToken(ctx, { tenantId: tenant.id, userId: user.id, kind: 'reset' });
    const link = `${ctx.config.publicUrl}/reset-password?token=${token}`;
    await ctx.mailer.send({
      tenantId: tenant.id,
      to: user.email,
      subject: `重置 Loopline 密码 / Reset your Loopline password`,
      text: `${user.name}，您好：\n\n请在 1 小时内打开以下链接，为「${tenant.name}」的账号设置新密码：\n${link}\n\n如果不是您本人操作，请忽略本邮件。\n\nHi ${user.name}, open this link within 1 hour to set a new password for ${tenant.name}:\n${link}\n`,
    });
  }
}

export async function resetPassword(ctx: AppContext, token: string, password: string, client: ClientInfo) {
  const { user, tenant } = await findAuthToken(ctx, token, 'reset');
  const passwordHash = await hashPassword(password);
  await ctx.db.forTenant(tenant.id, (db) =>
    db.transaction(async (tx) => {
      await tx.update(authTokens).set({ usedAt: sql`now()` }).where(eq(authTokens.id, sha256(token)));
      await tx.update(users).set({ passwordHash, failedLoginCount: 0, lockedUntil: null, updatedAt: sql`now()` }).where(and(eq(users.id, user.id), eq(users.tenantId, tenant.id)));
      // A reset is often a response to a compromise: every existing session ends.
      await revokeUserSessions(tx as never, tenant.id, user.id);
      await recordAudit(tx as never, { tenantId: tenant.id, actorId: user.id, ip: client.ip, userAgent: client.userAgent, requestId: client.requestId }, { action: 'passwordReset', recordType: 'user', recordId: user.id });
    }),
  );
}

export async function acceptInvitation(ctx: AppContext, input: { token: string; name: string; mobile?: string; password: string }, client: ClientInfo) {
  const { user, tenant } = await findAuthToken(ctx, input.token, 'invite');
  const passwordHash = await hashPassword(input.password);
  return ctx.db.forTenant(tenant.id, (db) =>
    db.transaction(async (tx) => {
      await tx.update(authTokens).set({ usedAt: sql`now()` }).where(eq(authTokens.id, sha256(input.token)));
      const [updated] = await tx
        .update(users)
        .set({ name: input.name, mobile: input.mobile ? normalizeMobile(input.mobile) : user.mobile, passwordHash, status: 'active', updatedAt: sql`now()` })
        .where(and(eq(users.id, user.id), eq(users.tenantId, tenant.id)))
        .returning();
      const src = { tenantId: tenant.id, actorId: user.id, ip: client.ip, userAgent: client.userAgent, requestId: client.requestId };
      await recordAudit(tx as never, src, { action: 'update', recordType: 'user', recordId: user.id, before: publicUser(user), after: publicUser(updated!) });
      const session = await createSession(tx as never, { tenantId: tenant.id, userId: user.id, ip: client.ip, userAgent: client.userAgent, ttlHours: ctx.config.SESSION_TTL_HOURS });
      return { user: updated!, tenant, session };
    }),
  );
}
