import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { badRequest, unprocessable } from '../../platform/http/errors.ts';
import { idempotencyKeys as k } from './schema.ts';

/** How long a key answers retries; older keys are cleared as new ones arrive. */
const KEEP_DAYS = 7;
const HEADER = 'idempotency-key';

/** The request's Idempotency-Key header (1–200 visible ASCII characters), if it has one. */
export function idempotencyKey(req: FastifyRequest): string | undefined {
  const raw = req.headers[HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !/^[\x21-\x7e]{1,200}$/.test(key)) throw badRequest('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters', { fields: [{ field: 'Idempotency-Key', message: 'invalid' }] });
  return key;
}

/** JSON with object keys sorted, so the same body hashes the same however its keys are ordered. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, x]) => `${JSON.stringify(key)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export interface Answer<A> { status: number; body: unknown; after?: A }

/**
 * Runs `work` in a transaction that first inserts the key row. A retry with the same key waits on
 * the row's unique index while the first call is running, then replays its stored answer (never
 * running the work twice); the same key with a different body is a 422. A call that fails rolls
 * back its key with everything else, so it may be retried. `after` is what the caller does after
 * commit (notifications) and is not replayed.
 */
export async function withIdempotency<A>(db: Db, tenantId: string, scope: string, key: string | undefined, body: unknown, work: (tx: Db) => Promise<Answer<A>>): Promise<Answer<A> & { replayed: boolean }> {
  if (key === undefined) return { ...(await inTransaction(db, work, tenantId)), replayed: false };
  const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const where = and(eq(k.tenantId, tenantId), eq(k.scope, scope), eq(k.key, key));
  return inTransaction(db, async (tx) => {
    const claimed = await tx.insert(k).values({ tenantId, scope, key, requestHash }).onConflictDoNothing().returning({ key: k.key });
    if (!claimed.length) {
      const [first] = await tx.select().from(k).where(where);
      if (!first || first.requestHash !== requestHash) {
        throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request', { field: 'Idempotency-Key' });
      }
      return { status: first.statusCode ?? 200, body: first.response, replayed: true };
    }
    await tx.delete(k).where(and(eq(k.tenantId, tenantId), lt(k.createdAt, sql`now() - make_interval(days => ${KEEP_DAYS})`)));
    const answer = await work(tx);
    await tx.update(k).set({ statusCode: answer.status, response: answer.body }).where(where);
    return { ...answer, replayed: false };
  }, tenantId);
}
