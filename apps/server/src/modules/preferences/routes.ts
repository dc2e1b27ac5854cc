import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { one } from '../../platform/db/query.ts';
import { AppError } from '../../platform/http/errors.ts';
import { requireActor, tenantDb } from '../../platform/http/request.ts';

/**
 * Per-user preferences: one JSON document per (user, key), e.g. `list.customer` = chosen columns
 * and page size. Always the signed-in user's own: there is no user id in the URL to tamper with.
 */
const tags = ['preferences'];
export const MAX_PREFERENCE_BYTES = 32 * 1024;
const keyParams = z.object({ key: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,99}$/, 'letters, digits and . _ : - (at most 100)') }).strict();
// Any JSON the body parser produced; undefined (a missing key) is the only thing refused.
const putBody = z.object({ value: z.unknown().refine((v) => v !== undefined, 'is required') }).strict();
const prefOut = z.object({ key: z.string(), value: z.unknown(), updatedAt: z.string().nullable() });

export async function preferenceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  // An unset preference is an answer (null), not a 404: every list page asks before anything is saved.
  app.get('/preferences/:key', { schema: { tags, params: keyParams, response: { 200: prefOut } } }, async (req) => {
    const actor = requireActor(req);
    const row = await tenantDb(req, (db) =>
      one<{ value: unknown; updatedAt: Date | string }>(db, sql`SELECT value, updated_at AS "updatedAt" FROM user_preferences
        WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.userId} AND key = ${req.params.key}`),
    );
    return { key: req.params.key, value: row?.value ?? null, updatedAt: row ? new Date(row.updatedAt).toISOString() : null };
  });

  app.put('/preferences/:key', { schema: { tags, params: keyParams, body: putBody, response: { 200: prefOut } } }, async (req) => {
    const actor = requireActor(req);
    const text = JSON.stringify(req.body.value);
    // Measured as stored JSON, so the limit is the same whatever the request's whitespace.
    if (Buffer.byteLength(text, 'utf8') > MAX_PREFERENCE_BYTES) {
      throw new AppError(413, 'PREFERENCE_TOO_LARGE', `a preference is limited to ${MAX_PREFERENCE_BYTES} bytes`, { fields: [{ field: 'value', message: `at most ${MAX_PREFERENCE_BYTES} bytes` }] });
    }
    const row = await tenantDb(req, (db) =>
      one<{ updatedAt: Date | string }>(db, sql`INSERT INTO user_preferences (tenant_id, user_id, key, value)
        VALUES (${actor.tenantId}, ${actor.userId}, ${req.params.key}, ${text}::jsonb)
        ON CONFLICT (tenant_id, user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
        RETURNING updated_at AS "updatedAt"`),
    );
    return { key: req.params.key, value: req.body.value, updatedAt: new Date(row!.updatedAt).toISOString() };
  });

  app.delete('/preferences/:key', { schema: { tags, params: keyParams } }, async (req, reply) => {
    const actor = requireActor(req);
    await tenantDb(req, (db) => db.execute(sql`DELETE FROM user_preferences WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.userId} AND key = ${req.params.key}`));
    return reply.status(204).send();
  });
}
