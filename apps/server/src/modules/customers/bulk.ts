import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { fieldError } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { assertWritableFields, writableRecords } from '../../platform/permissions/recordAccess.ts';
import { customers as c } from './schema.ts';
import { visibleCustomers } from './service.ts';
import { inTransaction } from './writes.ts';

/**
 * POST /customers/bulk: one action on up to 500 customers, in one transaction, with one audit entry
 * per record (the same entries the single-record endpoints write). Records the actor may not
 * change are reported per id — NOT_FOUND when they cannot even see them (other tenants, outside
 * their scope: existence is not revealed), FORBIDDEN when visible but not writable — and the rest
 * are changed. Lacking the action altogether (or tags being read-only) refuses the whole request.
 */
export const MAX_BULK = 500;
const TAGS_MAX = 20;

const bulkInput = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(MAX_BULK),
    action: z.enum(['transfer', 'delete', 'addTags']),
    ownerId: z.string().uuid().optional(),
    tags: z.array(z.string().trim().min(1).max(30)).min(1).max(TAGS_MAX).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action === 'transfer' && !b.ownerId) ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'is required to transfer' });
    if (b.action === 'addTags' && !b.tags) ctx.addIssue({ code: 'custom', path: ['tags'], message: 'is required to add tags' });
  });
type BulkInput = z.infer<typeof bulkInput>;

const failure = z.object({ id: z.string(), code: z.string(), message: z.string() });
const bulkOut = z.object({ ok: z.array(z.string()), failed: z.array(failure) });
type BulkResult = z.infer<typeof bulkOut>;

const PERMISSION = { transfer: 'transfer', delete: 'delete', addTags: 'edit' } as const;

export async function bulkCustomers(db: Db, actor: Actor, src: AuditSource, input: BulkInput): Promise<BulkResult> {
  const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
  const writable = writableRecords(actor, 'customer', c, PERMISSION[input.action]); // throws 403 without the action
  if (input.action === 'addTags') assertWritableFields(actor, 'customer', { tags: input.tags });
  return inTransaction(db, async (tx) => {
    if (input.action === 'transfer') {
      const ok = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${input.ownerId!} AND status = 'active'`);
      if (!ok) throw fieldError('ownerId', 'no such active user');
    }
    // Lock in id order so two overlapping bulk requests cannot deadlock each other.
    const rows = await tx
      .select({ id: c.id, ownerId: c.ownerId, tags: c.tags, name: c.name, number: c.number })
      .from(c)
      .where(and(inArray(c.id, ids), isNull(c.deletedAt), writable))
      .orderBy(c.id)
      .for('update', { of: c });
    const found = new Map(rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !found.has(id));
    const visible = missing.length
      ? new Set((await tx.select({ id: c.id }).from(c).where(and(inArray(c.id, missing), visibleCustomers(actor)))).map((r) => r.id))
      : new Set<string>();
    const result: BulkResult = { ok: [], failed: [] };
    for (const id of missing) {
      result.failed.push(visible.has(id)
        ? { id, code: 'FORBIDDEN', message: `no permission to ${PERMISSION[input.action]} this customer` }
        : { id, code: 'NOT_FOUND', message: 'customer not found' });
    }
    const now = new Date();
    for (const row of rows) {
      if (input.action === 'transfer') {
        if (row.ownerId !== input.ownerId) {
          await tx.update(c).set({ ownerId: input.ownerId!, updatedAt: now }).where(eq(c.id, row.id));
          await recordAudit(tx, src, { action: 'ownerChange', recordType: 'customer', recordId: row.id, before: { ownerId: row.ownerId }, after: { ownerId: input.ownerId } });
        }
      } else if (input.action === 'delete') {
        await tx.update(c).set({ deletedAt: now, updatedAt: now }).where(eq(c.id, row.id));
        await recordAudit(tx, src, { action: 'delete', recordType: 'customer', recordId: row.id, data: { name: row.name, number: row.number, bulk: true } });
      } else {
        const before = row.tags ?? [];
        const after = [...new Set([...before, ...input.tags!])];
        if (after.length > TAGS_MAX) {
          result.failed.push({ id: row.id, code: 'VALIDATION_FAILED', message: `a customer has at most ${TAGS_MAX} tags` });
          continue;
        }
        if (after.length !== before.length) {
          await tx.update(c).set({ tags: after, updatedAt: now }).where(eq(c.id, row.id));
          await recordAudit(tx, src, { action: 'update', recordType: 'customer', recordId: row.id, before: { tags: before }, after: { tags: after } });
        }
      }
      result.ok.push(row.id);
    }
    return result;
  }, actor.tenantId);
}

export function registerCustomerBulk(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/customers/bulk', { schema: { tags: ['customers'], body: bulkInput, response: { 200: bulkOut } } }, async (req) => {
    const actor = requireActor(req);
    return tenantDb(req, (db) => bulkCustomers(db, actor, auditSource(req), req.body));
  });
}
