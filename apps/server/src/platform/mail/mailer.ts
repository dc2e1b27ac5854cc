/**
 * Outgoing mail. Every message is first written to outbox_emails, so administrators can always see
 * what was sent (and, without SMTP, read it there: the demo works offline). With SMTP_URL set it is
 * then delivered inline; a mail problem is logged and recorded on the row, never thrown at the caller.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { outboxEmails } from '../db/schema.ts';

export interface MailMessage { tenantId: string | null; to: string; subject: string; text: string; html?: string }

export interface Mailer {
  /** Queues the message in the outbox and delivers it (or keeps it when no SMTP is configured). */
  send(msg: MailMessage): Promise<void>;
}

/** The request that sends mail waits for delivery, so a dead SMTP server must fail fast, not hang it. */
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 };

/** Credentials in SMTP_URL never reach the outbox or the logs. */
function redact(message: string, url: string): string {
  try {
    const { password } = new URL(url);
    return password ? message.split(decodeURIComponent(password)).join('***') : message;
  } catch {
    return message;
  }
}

export function createMailer(config: Config, db: Database, log: FastifyBaseLogger): Mailer {
  let transport: Transporter | null = null;
  const transporter = (url: string) => (transport ??= nodemailer.createTransport({ url, ...SMTP_TIMEOUTS }));

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

  async function sendOne(msg: MailMessage) {
    // The outbox row is cross-tenant system data (tenant_id may be null, e.g. sign-up mail).
    const [row] = await db.asSystem((d) =>
      d
        .insert(outboxEmails)
        .values({ tenantId: msg.tenantId, toAddress: msg.to, subject: msg.subject, textBody: msg.text, htmlBody: msg.html ?? null, status: 'queued' })
        .returning({ id: outboxEmails.id }),
    );
    const id = row!.id;
    const url = config.SMTP_URL;
    if (!url) {
      await setStatus(id, 'kept');
      log.info({ outboxId: id }, 'no SMTP configured: mail kept in the outbox');
      return;
    }
    try {
      await transporter(url).sendMail({ from: config.MAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
      await setStatus(id, 'sent');
    } catch (err) {
      const reason = redact((err as Error).message ?? String(err), url).slice(0, 1000);
      log.warn({ outboxId: id, reason }, 'mail delivery failed');
      await setStatus(id, 'failed', reason);
    }
  }

  return {
    async send(msg) {
      try {
        await sendOne(msg);
      } catch (err) {
        log.error({ err }, 'mail could not be recorded');
      }
    },
  };
}
