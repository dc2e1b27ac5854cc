/**
 * What strangers call: the form's definition (for sites that build their own form) and the
 * submission endpoint. No session, no CSRF (`anonymous`: credentials are not even read), CORS open
 * to any site, 16 KB bodies, JSON or a plain urlencoded form post.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isHttpUrl } from '@loopline/shared';
import { AppError, toAppError } from '../../platform/http/errors.ts';
import { keyParams } from './input.ts';
import { pageCsp, renderResultPage } from './page.ts';
import { loadPublicForm } from './publicForm.ts';
import { submitForm } from './submit.ts';
import { formMessage } from './submission.ts';
import { issueFillToken } from './token.ts';

export const MAX_SUBMISSION_BYTES = 16 * 1024;
const tags = ['webForms'];
const open = { public: true, anonymous: true };

/** Sends an HTML document under a fresh CSP nonce. */
export function sendHtml(reply: FastifyReply, status: number, render: (nonce: string) => string) {
  const nonce = crypto.randomBytes(16).toString('base64');
  return reply
    .status(status)
    .header('content-security-policy', pageCsp(nonce))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(render(nonce));
}

/** Repeated keys (checkbox groups) become arrays. */
export function parseUrlEncoded(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const isFormPost = (req: FastifyRequest) => (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
const wantsHtml = (req: FastifyRequest) => isFormPost(req) && /text\/html/.test(req.headers.accept ?? '');

export async function registerPublicFormApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_SUBMISSION_BYTES }, (_req, body, done) => {
    done(null, parseUrlEncoded(body as string));
  });
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*'); // never with credentials: nothing here reads cookies
  });

  app.options('/public/forms/:key/submissions', { config: open, schema: { hide: true } }, async (_req, reply) =>
    reply
      .status(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, accept')
      .header('access-control-max-age', '86400')
      .send(),
  );

  app.get('/public/forms/:key', { config: open, schema: { tags, summary: 'A published form: its fields and a fresh fill-time token', params: keyParams } }, async (req, reply) => {
    const form = await loadPublicForm(app.ctx, req.params.key);
    const { row } = form;
    reply.header('cache-control', 'no-store');
    return {
      title: row.title, description: row.description, language: row.language, submitLabel: row.submitLabel,
      fields: form.fields.map(({ def, config }) => ({
        key: def.key, label: config.label || (row.language === 'en' ? def.labelEn : def.label), input: def.input, required: config.required,
        help: config.help, ...(def.maxLength ? { maxLength: def.maxLength } : {}), ...(def.options ? { options: def.options } : {}),
      })),
      token: issueFillToken(row.tokenSecret),
      submitUrl: `/api/v1/public/forms/${row.publicKey}/submissions`,
    };
  });

  app.post(
    '/public/forms/:key/submissions',
    { config: open, bodyLimit: MAX_SUBMISSION_BYTES, schema: { tags, summary: 'Submit a form: creates a lead (JSON or urlencoded; no session)', params: keyParams } },
    async (req, reply) => {
      const html = wantsHtml(req);
      const body = req.body;
      let lang: 'zh-CN' | 'en' = 'zh-CN';
      let title = '';
      const labels = new Map<string, string>();
      try {
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send JSON or application/x-www-form-urlencoded');
        const form = await loadPublicForm(app.ctx, req.params.key);
        lang = form.row.language;
        title = form.row.title;
        for (const { def, config } of form.fields) labels.set(def.key, config.label || (lang === 'en' ? def.labelEn : def.label));
        const fields = { ...(body as Record<string, unknown>) };
        // a plain form post carries no page context of its own: the page it came from is the referrer
        if (fields._pageUrl === undefined && typeof req.headers.referer === 'string') fields._pageUrl = req.headers.referer;
        const answer = await submitForm(app.ctx, form, fields, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id });
        if (!html) return answer;
        if ('redirect' in answer) return reply.redirect(answer.redirect, 303);
        return sendHtml(reply, 200, (nonce) => renderResultPage(lang, nonce, title, answer.message));
      } catch (err) {
        const e = toAppError(err);
        const retryAfter = (e?.details as { retryAfter?: number } | undefined)?.retryAfter;
        if (e?.status === 429 && retryAfter) reply.header('retry-after', String(retryAfter));
        if (!html || !e) throw err;
        const lines = ((e.details as { fields?: { field: string; message: string }[] } | undefined)?.fields ?? []).map((f) => `${labels.get(f.field) ?? f.field}: ${f.message}`);
        const message = lines.length ? formMessage(lang, 'invalid') : e.message;
        const referer = req.headers.referer;
        return sendHtml(reply, e.status, (nonce) => renderResultPage(lang, nonce, title || message, message, { lines, backHref: referer && isHttpUrl(referer) ? referer : '/' }));
      }
    },
  );
}
