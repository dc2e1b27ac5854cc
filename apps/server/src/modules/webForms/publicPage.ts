/**
 * The public form page at /f/<public key>[/<slug>] and the embed script at /f/embed.js, mounted
 * at the root (outside /api: no credentials are read there). The slug only makes the address
 * readable; the key finds the form, so renaming the slug never breaks a published link.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toAppError } from '../../platform/http/errors.ts';
import { EMBED_SCRIPT, renderFormPage, renderNotFoundPage } from './page.ts';
import { loadPublicForm } from './publicForm.ts';
import { sendHtml } from './publicApi.ts';
import { checkPreviewToken, issueFillToken } from './token.ts';

const pageQuery = z.object({ embed: z.string().optional(), preview: z.string().max(200).optional() }).passthrough();
const hidden = { hide: true };

async function showForm(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
  const { embed, preview } = req.query as z.infer<typeof pageQuery>;
  const { key } = req.params as { key: string };
  try {
    const form = await loadPublicForm(app.ctx, key, { allowUnpublished: (row) => checkPreviewToken(row.tokenSecret, preview) });
    // an admin's preview never submits, even of a published form (it would create a real lead)
    const isPreview = Boolean(preview) && checkPreviewToken(form.row.tokenSecret, preview);
    return sendHtml(reply, 200, (nonce) =>
      renderFormPage({
        row: form.row, fields: form.fields, token: issueFillToken(form.row.tokenSecret), nonce,
        submitUrl: `/api/v1/public/forms/${form.row.publicKey}/submissions`, embed: embed === '1' || embed === 'true', preview: isPreview,
      }),
    );
  } catch (err) {
    if (toAppError(err)?.status !== 404) throw err;
    const lang = /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
    return sendHtml(reply, 404, (nonce) => renderNotFoundPage(lang, nonce));
  }
}

export async function webFormPages(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/f/embed.js', { config: { public: true }, schema: hidden }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*').send(EMBED_SCRIPT),
  );

  const params = z.object({ key: z.string().max(100) });
  app.get('/f/:key', { config: { public: true }, schema: { ...hidden, params, querystring: pageQuery } }, (req, reply) => showForm(app, req, reply));
  app.get('/f/:key/:slug', { config: { public: true }, schema: { ...hidden, params: params.extend({ slug: z.string().max(100) }), querystring: pageQuery } }, (req, reply) =>
    showForm(app, req, reply),
  );
}
