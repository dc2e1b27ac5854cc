/**
 * A visitor's submission becomes a lead: per-IP limits, honeypot, fill-time token, field checks,
 * then createLeads as the system (assignment rules pick the owner) and the owner is told after
 * commit. Every attempt that reaches the form is logged, so the limits count bots and people alike.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { FieldIssue } from '../../platform/records/customValues.ts';
import type { BatchContext, NewOwnership } from '../../platform/records/batch.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { createLeads } from '../leads/create.ts';
import type { PublicForm } from './publicForm.ts';
import { webFormSubmissions, type SubmissionOutcome } from './schema.ts';
import { formMessage, readSubmission, type MessageKey } from './submission.ts';
import { checkFillToken } from './token.ts';

export const PER_MINUTE = 5;
export const PER_DAY = 50;

export interface Visitor { ip: string; userAgent: string | null; requestId: string }
export type SubmitAnswer = { message: string } | { redirect: string };

type Attempt =
  | { kind: 'limited'; retryAfter: number }
  | { kind: 'refused'; key: MessageKey; code: string; status: number }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'accepted'; assignments: NewOwnership[] };

const TOKEN_ERRORS = {
  missing: { key: 'badToken', code: 'INVALID_FORM_TOKEN' },
  invalid: { key: 'badToken', code: 'INVALID_FORM_TOKEN' },
  tooFast: { key: 'tooFast', code: 'SUBMITTED_TOO_FAST' },
  expired: { key: 'expired', code: 'FORM_EXPIRED' },
} as const;

/** Seconds until this IP may submit to this form again, or null when it may now. */
async function waitFor(tx: Db, formId: string, ip: string): Promise<number | null> {
  // one visitor's attempts queue here, so five parallel posts cannot all pass the count
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`webForm:${formId}:${ip}`}))`);
  const r = await one<{ minute: number; day: number; minute_wait: number | null; day_wait: number | null }>(tx, sql`
    SELECT count(*) FILTER (WHERE created_at > now() - interval '1 minute')::int AS minute, count(*)::int AS day,
      ceil(extract(epoch FROM min(created_at) FILTER (WHERE created_at > now() - interval '1 minute') + interval '1 minute' - now()))::int AS minute_wait,
      ceil(extract(epoch FROM min(created_at) + interval '1 day' - now()))::int AS day_wait
    FROM ${webFormSubmissions} WHERE form_id = ${formId} AND ip = ${ip} AND created_at > now() - interval '1 day'`);
  if (!r) return null;
  if (r.day >= PER_DAY) return Math.max(1, r.day_wait ?? 1);
  if (r.minute >= PER_MINUTE) return Math.max(1, r.minute_wait ?? 1);
  return null;
}

async function logAttempt(tx: Db, form: PublicForm, ip: string, outcome: SubmissionOutcome, leadId: string | null = null): Promise<void> {
  await tx.insert(webFormSubmissions).values({ tenantId: form.row.tenantId, formId: form.row.id, ip, outcome, leadId });
  if (outcome === 'created' || outcome === 'duplicate') {
    await tx.execute(sql`UPDATE web_forms SET submission_count = submission_count + 1, last_submission_at = now() WHERE id = ${form.row.id}`);
  }
}

export async function submitForm(ctx: AppContext, form: PublicForm, body: Record<string, unknown>, visitor: Visitor): Promise<SubmitAnswer> {
  const { row } = form;
  const lang = row.language;
  const read = readSubmission(form.fields, lang, body);
  const token = checkFillToken(row.tokenSecret, read.token);
  const onForm = new Set(form.fields.map((f) => f.def.key));

  const attempt = await ctx.db.forTenant(row.tenantId, (db) =>
    inTransaction(db, async (tx): Promise<Attempt> => {
      const retryAfter = await waitFor(tx, row.id, visitor.ip);
      if (retryAfter !== null) return { kind: 'limited', retryAfter };
      if (read.honeypotFilled) {
        await logAttempt(tx, form, visitor.ip, 'spam');
        return { kind: 'accepted', assignments: [] }; // a bot learns nothing
      }
      if (token !== 'ok') {
        await logAttempt(tx, form, visitor.ip, 'rejected');
        return { kind: 'refused', ...TOKEN_ERRORS[token], status: 400 };
      }
      if (read.issues.length) {
        await logAttempt(tx, form, visitor.ip, 'rejected');
        return { kind: 'invalid', issues: read.issues };
      }
      const { utm, pageUrl, referrer } = read.context;
      const batch: BatchContext = {
        tenantId: row.tenantId, actor: null, channel: 'webForm', duplicatePolicy: row.duplicatePolicy, timeZone: form.timeZone,
        src: { tenantId: row.tenantId, actorId: null, actorType: 'system', ip: visitor.ip, userAgent: visitor.userAgent, requestId: visitor.requestId },
        sourceDetail: { formId: row.id, formName: row.name, ...utm, referrer, pageUrl },
      };
      const lead = { ...read.values, source: row.leadSource, ...(row.leadTags.length ? { tags: row.leadTags } : {}) };
      const result = await createLeads(tx, batch, [lead]);
      const outcome = result.outcomes[0];
      if (!outcome || outcome.status === 'rejected') {
        await logAttempt(tx, form, visitor.ip, 'rejected');
        const errors = outcome?.errors ?? [];
        // A lead rule the form cannot satisfy (e.g. a field made required after the form was built)
        if (!errors.length || errors.some((e) => !onForm.has(e.field))) {
          ctx.log.warn({ formId: row.id, errors }, 'web form submission refused by lead rules outside the form');
          return { kind: 'refused', key: 'misconfigured', code: 'FORM_MISCONFIGURED', status: 422 };
        }
        return { kind: 'invalid', issues: errors.map((e) => ({ field: e.field, message: formMessage(lang, 'invalid') })) };
      }
      await logAttempt(tx, form, visitor.ip, outcome.status === 'created' ? 'created' : 'duplicate', outcome.status === 'created' ? outcome.id ?? null : null);
      return { kind: 'accepted', assignments: result.assignments };
    }, row.tenantId),
  );

  switch (attempt.kind) {
    case 'limited':
      throw new AppError(429, 'TOO_MANY_SUBMISSIONS', formMessage(lang, 'limited'), { retryAfter: attempt.retryAfter });
    case 'refused':
      throw new AppError(attempt.status, attempt.code, formMessage(lang, attempt.key));
    case 'invalid':
      throw new AppError(400, 'VALIDATION_FAILED', attempt.issues.map((i) => `${i.field}: ${i.message}`).join('; '), { fields: attempt.issues });
    case 'accepted':
      await announceOwnerships(ctx, row.tenantId, attempt.assignments);
      if (row.afterSubmit === 'redirect' && row.redirectUrl) return { redirect: row.redirectUrl };
      return { message: row.thankYouMessage || formMessage(lang, 'thanks') };
  }
}
