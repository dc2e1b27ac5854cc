import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { tenants } from '../../platform/db/schema.ts';
import type { Db } from '../../platform/db/client.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { auditSource, requireAdmin, tenantDb } from '../../platform/http/request.ts';
import { parseSmtpSettings, type SmtpSettings } from '../../platform/mail/mailer.ts';

const tags = ['admin'];

/** The password is write-only: answers say whether one is set, never what it is. */
const smtpOut = z.object({ host: z.string(), port: z.number(), secure: z.boolean(), user: z.string().nullable(), from: z.string().nullable(), passwordSet: z.boolean() });
const settingsOut = z.object({ smtp: smtpOut.nullable(), envSmtp: z.boolean(), defaultFrom: z.string() });

const smtpIn = z.object({
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'a host name or IP address'),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().trim().max(200).nullable().optional(),
  /** absent: keep the stored password; null or "": remove it */
  password: z.string().max(500).nullable().optional(),
  from: z.string().trim().max(200).regex(/^[^\r\n]*@[^\r\n]*$/, 'an address such as 示例科技 <no-reply@example.com>').nullable().optional(),
}).strict();

const view = (s: SmtpSettings | null) => (s ? { host: s.host, port: s.port, secure: s.secure, user: s.user ?? null, from: s.from ?? null, passwordSet: Boolean(s.password) } : null);

async function loadSmtp(db: Db, tenantId: string): Promise<SmtpSettings | null> {
  const [row] = await db.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  return parseSmtpSettings(row?.settings?.smtp);
}

/** Per-organization SMTP settings and a test send. */
export async function mailSettingsRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/admin/mail-settings', { schema: { tags, summary: 'The organization\'s SMTP settings (password never returned)', response: { 200: settingsOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const smtp = await tenantDb(req, (db) => loadSmtp(db, actor.tenantId));
    return { smtp: view(smtp), envSmtp: Boolean(app.ctx.config.SMTP_URL), defaultFrom: app.ctx.config.MAIL_FROM };
  });

  app.put('/admin/mail-settings', { schema: { tags, summary: 'Set (or with smtp: null remove) the organization\'s SMTP server', body: z.object({ smtp: smtpIn.nullable() }).strict(), response: { 200: settingsOut } } }, async (req) => {
    const actor = requireAdmin(req);
    const input = req.body.smtp;
    const saved = await tenantDb(req, (db) =>
      db.transaction(async (txn) => {
        const tx = txn as unknown as Db;
        const before = await loadSmtp(tx, actor.tenantId);
        const next: SmtpSettings | null = input
          ? {
            host: input.host, port: input.port, secure: input.secure, user: input.user || null, from: input.from || null,
            password: input.password === undefined ? (before?.password ?? null) : input.password || null,
          }
          : null;
        // jsonb_set / minus touch only this key: the logo and other settings stay as they are.
        const value = next ? sql`jsonb_set(${tenants.settings}, '{smtp}', ${JSON.stringify(next)}::jsonb)` : sql`${tenants.settings} - 'smtp'`;
        await tx.update(tenants).set({ settings: value as never }).where(eq(tenants.id, actor.tenantId));
        await recordAudit(tx, auditSource(req), { action: 'update', recordType: 'mailSettings', recordId: actor.tenantId, before: view(before), after: view(next) });
        return next;
      }),
    );
    return { smtp: view(saved), envSmtp: Boolean(app.ctx.config.SMTP_URL), defaultFrom: app.ctx.config.MAIL_FROM };
  });

  app.post('/admin/mail/test', {
    schema: {
      tags, summary: 'Send a test message through the current mail settings',
      body: z.object({ to: z.string().trim().toLowerCase().email().max(254) }).strict(),
      response: { 200: z.object({ status: z.enum(['sent', 'kept', 'failed']), error: z.string().optional(), outboxId: z.string().nullable() }) },
    },
  }, async (req) => {
    const actor = requireAdmin(req);
    const zh = actor.locale !== 'en';
    const result = await app.ctx.mailer.deliver({
      tenantId: actor.tenantId,
      to: req.body.to,
      subject: zh ? 'Loopline 测试邮件' : 'Loopline test message',
      text: zh ? `这是一封测试邮件，由 ${actor.userName} 在邮件设置中发送。收到即说明发信配置可用。` : `A test message sent by ${actor.userName} from the email settings. If you can read this, mail works.`,
    });
    return { status: result.status, ...(result.error ? { error: result.error } : {}), outboxId: result.id };
  });
}
