import fs from 'node:fs';
import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors.ts';
import { deleteFile, fileOut, getFile, listFiles, toFileOut, uploadFile } from './service.ts';

const tags = ['files'];
const idParams = z.object({ id: z.uuid() });

/** Raster images a browser shows without running anything; SVG can carry script, so it is always a download. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);

/** RFC 6266: an ASCII fallback for old clients, and the real (e.g. Chinese) name as UTF-8 in filename*. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function fileRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/files',
    {
      schema: {
        tags,
        summary: 'Upload a file',
        description: 'multipart/form-data: `file` (one file), optional `recordType` + `recordId` to attach it to a record you can see. Size limit MAX_UPLOAD_MB (413 FILE_TOO_LARGE), types UPLOAD_ALLOWED_TYPES (415 UNSUPPORTED_FILE_TYPE).',
        consumes: ['multipart/form-data'],
        response: { 201: fileOut },
      },
    },
    async (req, reply) => reply.status(201).send(await uploadFile(req)),
  );

  app.get(
    '/files',
    { schema: { tags, summary: 'Files attached to a record', querystring: z.object({ recordType: z.string().min(1), recordId: z.uuid() }), response: { 200: z.object({ items: z.array(fileOut) }) } } },
    async (req) => ({ items: await listFiles(req, req.query.recordType, req.query.recordId) }),
  );

  app.get('/files/:id', { schema: { tags, summary: 'File metadata', params: idParams, response: { 200: fileOut } } }, async (req) => toFileOut(await getFile(req, req.params.id)));

  app.get(
    '/files/:id/content',
    {
      schema: {
        tags,
        summary: 'Download the file',
        description: 'Always an attachment, except raster images with ?inline=1.',
        params: idParams,
        querystring: z.object({ inline: z.enum(['0', '1', 'true', 'false']).optional() }),
      },
    },
    async (req, reply) => {
      const row = await getFile(req, req.params.id);
      const stream = app.ctx.files.open(row.storageKey);
      // Wait for the open so a missing blob is a clean error response, not a broken download.
      if (stream instanceof fs.ReadStream) {
        try {
          await once(stream, 'ready');
        } catch (err) {
          req.log.error({ err, fileId: row.id }, 'stored file cannot be read');
          throw new AppError(500, 'FILE_UNAVAILABLE', 'the stored file cannot be read');
        }
      }
      const inline = (req.query.inline === '1' || req.query.inline === 'true') && INLINE_TYPES.has(row.mimeType);
      return reply
        .header('content-type', row.mimeType)
        .header('content-length', row.size)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name))
        .header('x-content-type-options', 'nosniff')
        // Should a browser ever render it (HTML sent as text/plain, an SVG opened directly), no script runs.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(stream);
    },
  );

  app.delete('/files/:id', { schema: { tags, summary: 'Delete a file (uploader or administrator)', params: idParams, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteFile(req, req.params.id);
    return reply.status(204).send(null);
  });
}
