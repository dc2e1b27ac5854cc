import fs from 'node:fs';
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { files, tenants } from '../../platform/db/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requireActor, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { AppError, fieldError, notFound } from '../../platform/http/errors.ts';

const tags = ['organization'];
/** PNG or JPEG only: shown inline to every member (SVG can carry script) and printed on PDFs (pdfkit reads only these). */
const LOGO_TYPES = new Set(['image/png', 'image/jpeg']);
export const MAX_LOGO_BYTES = 1024 * 1024;

export const profileOut = z.object({
  id: z.string(), name: z.string(), slug: z.string(), timeZone: z.string(), currency: z.string(), locale: z.string(),
  fiscalYearStartMonth: z.number(), logoFileId: z.string().nullable(), logoUrl: z.string().nullable(),
});
type TenantRow = typeof tenants.$inferSelect;

/** A time zone is valid when the runtime's ICU knows it (covers aliases such as "UTC" too). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// tenants.logo_file_id (migration 0023); before it, the logo lived in settings.logoFileId
const logoOf = (t: TenantRow) => t.logoFileId ?? (typeof t.settings?.logoFileId === 'string' ? (t.settings.logoFileId as string) : null);

/** The public profile; settings stay inside (they hold the SMTP password). */
function toProfile(t: TenantRow): z.infer<typeof profileOut> {
  const logoFileId = logoOf(t);
  return {
    id: t.id, name: t.name, slug: t.slug, timeZone: t.timeZone, currency: t.currency, locale: t.locale,
    fiscalYearStartMonth: t.fiscalYearStartMonth, logoFileId,
    // the file id in the URL changes with the logo, so browsers may cache each version
    logoUrl: logoFileId ? `/api/v1/organization/logo?v=${logoFileId.slice(0, 8)}` : null,
  };
}

/** The fields the audit diff compares: what the admin can change, not the raw settings blob. */
const auditView = (t: TenantRow) => ({ name: t.name, timeZone: t.timeZone, currency: t.currency, locale: t.locale, fiscalYearStartMonth: t.fiscalYearStartMonth, logoFileId: logoOf(t) });

async function loadTenant(db: Db, tenantId: string): Promise<TenantRow> {
  const [t] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw notFound('organization');
  return t;
}

const patchIn = z.object({
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'unknown time zone (use an IANA name such as Asia/Shanghai)'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY'),
  locale: z.enum(['zh-CN', 'en']),
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  logoFileId: z.string().uuid().nullable(),
}).partial().strict();

export async function profileRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  // Every member reads it: dates, money and the logo in the shell follow the organization's settings.
  app.get('/organization', { schema: { tags, summary: 'Organization profile: name, logo, time zone, currency, fiscal year', response: { 200: profileOut } } }, async (req) => {
    const actor = requireActor(req);
    return toProfile(await tenantDb(req, (db) => loadTenant(db, actor.tenantId)));
  });

  app.patch('/organization', { schema: { tags, summary: 'Change the organization profile (admin; audited)', body: patchIn, response: { 200: profileOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const { logoFileId, ...columns } = req.body;
    return tenantDb(req, (db) =>
      db.transaction(async (txn) => {
        const tx = txn as unknown as Db;
        const before = await loadTenant(tx, actor.tenantId);
        if (logoFileId) {
          const [file] = await tx.select({ mimeType: files.mimeType, size: files.size }).from(files).where(and(eq(files.id, logoFileId), eq(files.tenantId, actor.tenantId)));
          if (!file) throw fieldError('logoFileId', 'file not found');
          if (!LOGO_TYPES.has(file.mimeType)) throw fieldError('logoFileId', 'the logo must be a PNG or JPEG image');
          if (file.size > MAX_LOGO_BYTES) throw fieldError('logoFileId', 'the logo must be at most 1 MB');
        }
        const set: Partial<TenantRow> & Record<string, unknown> = { ...columns };
        // jsonb_set keeps the rest of settings (SMTP etc.) untouched by a concurrent profile edit
        if (logoFileId !== undefined) {
          set.logoFileId = logoFileId;
          set.settings = sql`${tenants.settings} - 'logoFileId'` as never; // the old place, read as a fallback only
        }
        const [after] = Object.keys(set).length ? await tx.update(tenants).set(set).where(eq(tenants.id, actor.tenantId)).returning() : [before];
        await recordAudit(tx, auditSource(req), { action: 'update', recordType: 'tenant', recordId: actor.tenantId, before: auditView(before), after: auditView(after!) });
        return toProfile(after!);
      }),
    );
  });

  // The logo is an unattached file (only its uploader and admins could read it through /files), so
  // members get it here: only the one file the organization's settings point at.
  app.get('/organization/logo', { schema: { tags, summary: 'The organization logo image', querystring: z.object({ v: z.string().max(40).optional() }).strict() } }, async (req, reply) => {
    const actor = requireActor(req);
    const file = await tenantDb(req, async (db) => {
      const logo = logoOf(await loadTenant(db, actor.tenantId));
      if (!logo) return undefined;
      const [row] = await db.select().from(files).where(and(eq(files.id, logo), eq(files.tenantId, actor.tenantId)));
      return row;
    });
    if (!file || !LOGO_TYPES.has(file.mimeType)) throw notFound('logo');
    const stream = app.ctx.files.open(file.storageKey);
    if (stream instanceof fs.ReadStream) {
      try {
        await once(stream, 'ready');
      } catch {
        throw new AppError(404, 'NOT_FOUND', 'logo not found');
      }
    }
    return reply
      .header('content-type', file.mimeType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=86400')
      .send(stream);
  });
}
