// Interface only; implementation pending (nodemailer via SMTP_URL, else kept in the outbox).
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

export interface MailMessage { tenantId: string | null; to: string; subject: string; text: string; html?: string }

export interface Mailer {
  /** Queues the message in the outbox and delivers it (or keeps it when no SMTP is configured). */
  send(msg: MailMessage): Promise<void>;
}

export function createMailer(_config: Config, _db: Database, _log: FastifyBaseLogger): Mailer {
  throw new Error('not implemented');
}
