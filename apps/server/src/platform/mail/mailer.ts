/**
 * Outgoing mail. Every message is first written to outbox_emails, so administrators can always see
 * what was sent (and, without SMTP, read it there: the demo works offline). It is then delivered
 * inline through the organization's own SMTP server (tenants.settings.smtp) when one is set, else
 * through SMTP_URL, else kept in the outbox. A mail problem is logged and recorded on the row,
 * never thrown at the caller.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { outboxEmails, tenants } from '../db/schema.ts';

/** A file sent with a message (a quote's PDF); the outbox row keeps the message, not the bytes. */
export interface MailAttachment { filename: string; content: Buffer; contentType?: string }

export interface MailMessage { tenantId: string | null; to: string; subject: string; text: string; html?: string; attachments?: MailAttachment[] }

/** What became of one message; `id` is its outbox row (null if even recording it failed). */
export interface MailResult { id: string | null; status: 'sent' | 'kept' | 'failed'; error?: string }

export interface Mailer {
  /** Queues the message in the outbox and delivers it (or keeps it when no SMTP is configured). */
  send(msg: MailMessage): Promise<void>;
  /** The same, answering what became of the message (the admin's test send shows it). */
  deliver(msg: MailMessage): Promise<MailResult>;
}

/** An organization's own SMTP server, as stored in tenants.settings.smtp. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** implicit TLS (usually port 465); otherwise STARTTLS is used when the server offers it */
  secure: boolean;
  user?: string | null;
  password?: string | null;
  from?: string | null;
}

/** The request that sends mail waits for delivery, so a dead SMTP server must fail fast, not hang it. */
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 };

/** Credentials never reach the outbox or the logs. */
export function redact(message: string, secrets: (string | null | undefined)[]): string {
  return secrets.filter((s): s is string => Boolean(s)).reduce((m, s) => m.split(s).join('***'), message);
}

function urlPassword(url: string): string | null {
  try {
    const { password } = new URL(url);
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}

/** Reads the organization's SMTP settings; anything incomplete counts as "not set". */
export function parseSmtpSettings(value: unknown): SmtpSettings | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Record<string, unknown>;
  if (typeof s.host !== 'string' || !s.host || typeof s.port !== 'number') return null;
  return {
    host: s.host, port: s.port, secure: s.secure === true,
    user: typeof s.user === 'string' ? s.user : null, password: typeof s.password === 'string' ? s.password : null,
    from: typeof s.from === 'string' ? s.from : null,
  };
}

interface Route { key: string; transport: () => Transporter; from: string; secrets: (string | null | undefined)[] }

export function createMailer(config: Config, db: Database, log: FastifyBaseLogger): Mailer {
  // Transports keep pooled connections; one per distinct configuration, rebuilt when settings change.
  const transports = new Map<string, Transporter>();
  const cached = (key: string, make: () => Transporter) => () => {
    let t = transports.get(key);
    if (!t) {
      if (transports.size >= 100) transports.clear(); // settings churn must not grow this without bound
      t = make();
      transports.set(key, t);
    }
    return t;
  };

  async function routeFor(tenantId: string | null): Promise<Route | null> {
    if (tenantId) {
      const [row] = await db.asSystem((d) => d.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId)));
      const smtp = parseSmtpSettings(row?.settings?.smtp);
      if (smtp) {
        const key = `tenant:${JSON.stringify(smtp)}`;
        const auth = smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined;
        return {
          key,
          transport: cached(key, () => nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: smtp.secure, auth, ...SMTP_TIMEOUTS })),
          from: smtp.from || config.MAIL_FROM,
          secrets: [smtp.password],
        };
      }
    }
    const url = config.SMTP_URL;
    if (!url) return null;
    return { key: 'env', transport: cached('env', () => nodemailer.createTransport({ url, ...SMTP_TIMEOUTS })), from: config.MAIL_FROM, secrets: [urlPassword(url)] };
  }

  async function setStatus(id: string, status: 'sent' | 'kept' | 'failed', error: string | null = null) {
    await db.asSystem((d) =>
      d
        .update(outboxEmails)
        .set({
          status,
          error,
          attempts: status === 'kept' ? undefined : sql`${outboxEmails.attempts} + 1`,
          sentAt: status === 'sent' ? sql`now()` : undefined,
        })
        .where(eq(outboxEmails.id, id)),
    );
  }

  async function sendOne(msg: MailMessage): Promise<MailResult> {
    // The outbox row is cross-tenant system data (tenant_id may be null, e.g. sign-up mail).
    const [row] = await db.asSystem((d) =>
      d
        .insert(outboxEmails)
        .values({ tenantId: msg.tenantId, toAddress: msg.to, subject: msg.subject, textBody: msg.text, htmlBody: msg.html ?? null, status: 'queued' })
        .returning({ id: outboxEmails.id }),
    );
    const id = row!.id;
    const route = await routeFor(msg.tenantId);
    if (!route) {
      await setStatus(id, 'kept');
      log.info({ outboxId: id }, 'no SMTP configured: mail kept in the outbox');
      return { id, status: 'kept' };
    }
    try {
      await route.transport().sendMail({ from: route.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, attachments: msg.attachments });
      await setStatus(id, 'sent');
      return { id, status: 'sent' };
    } catch (err) {
      const reason = redact((err as Error).message ?? String(err), route.secrets).slice(0, 1000);
      log.warn({ outboxId: id, reason, via: route.key === 'env' ? 'SMTP_URL' : 'organization SMTP' }, 'mail delivery failed');
      await setStatus(id, 'failed', reason);
      return { id, status: 'failed', error: reason };
    }
  }

  async function deliver(msg: MailMessage): Promise<MailResult> {
    try {
      return await sendOne(msg);
    } catch (err) {
      log.error({ err }, 'mail could not be recorded');
      return { id: null, status: 'failed', error: 'the message could not be recorded' };
    }
  }

  return {
    deliver,
    async send(msg) {
      await deliver(msg);
    },
  };
}
