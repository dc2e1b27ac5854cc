import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudits, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { assertWritableFields } from '../../platform/permissions/recordAccess.ts';
import type { NewOwnership } from '../../platform/records/batch.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { reasonText } from './input.ts';
import { assertActiveUser } from './persist.ts';

/**
 * POST /<records>/bulk: one action on up to 500 records, in one transaction, with one audit entry
 * per record (the same entries the single-record endpoints write). Records the actor may not
 * change are reported per id — NOT_FOUND when they cannot even see them (other tenants, outside
 * their scope: existence is not revealed), FORBIDDEN when visible but not writable — and the rest
 * are changed. Lacking the action altogether (or tags being read-only) refuses the whole request.
 */
export const MAX_BULK = 500;
const TAGS_MAX = 20;

export const bulkInput = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(MAX_BULK),
    action: z.enum(['transfer', 'delete', 'addTags', 'restore']),
    ownerId: z.string().uuid().optional(),
    tags: z.array(z.string().trim().min(1).max(30)).min(1).max(TAGS_MAX).optional(),
    reason: reasonText.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.action === 'transfer' && !b.ownerId) ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'is required to transfer' });
    if (b.action === 'addTags' && !b.tags) ctx.addIssue({ code: 'custom', path: ['tags'], message: 'is required to add tags' });
  });
export type BulkInput = z.infer<typeof bulkInput>;

const failure = z.object({ id: z.string(), code: z.string(), message: z.string() });
export const bulkOut = z.object({ ok: z.array(z.string()), failed: z.array(failure) });
type BulkResult = z.infer<typeof bulkOut>;
/** What runBulk did, plus the new owners to tell once it has committed. */
export type BulkOutcome = BulkResult & { assignments: NewOwnership[] };

const PERMISSION = { transfer: 'transfer', delete: 'delete', addTags: 'edit', restore: 'delete' } as const;

export interface BulkRow { id: string; owner_id: string | null; tags: string[] | null; name: string; number: string | null }

/** What differs between record types; the table must have id, owner_id, tags, name, number, deleted_at, deleted_by, updated_at. */
export interface BulkSpec {
  recordType: 'customer' | 'contact';
  table: PgTable;
  /** records the actor may change with this permission (tenant included; deleted or not) */
  writable(actor: Actor, permission: 'edit' | 'delete' | 'transfer'): SQL;
  /** records the actor may see (tenant included; deleted or not) */
  visible(actor: Actor): SQL;
  transfer(tx: Db, src: AuditSource, rows: BulkRow[], ownerId: string, reason: string | null): Promise<void>;
  /** soft-deletes the locked rows with their audit entries, when more than the row goes (a customer's contacts) */
  softDelete?(tx: Db, src: AuditSource, rows: BulkRow[]): Promise<void>;
  /** restores one locked, deleted record or throws the AppError that names why not */
  restoreOne(tx: Db, src: AuditSource, id: string): Promise<void>;
}

export async function runBulk(db: Db, actor: Actor, src: AuditSource, input: BulkInput, spec: BulkSpec): Promise<BulkOutcome> {
  const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
  const what = spec.recordType;
  const writable = spec.writable(actor, PERMISSION[input.action]); // throws 403 without the action
  if (input.action === 'addTags') assertWritableFields(actor, what, { tags: input.tags });
  const live = input.action === 'restore' ? sql`deleted_at IS NOT NULL` : sql`deleted_at IS NULL`;
  return inTransaction(db, async (tx) => {
    if (input.action === 'transfer') await assertActiveUser(tx, actor.tenantId, input.ownerId!, 'ownerId');
    // Lock in id order so two overlapping bulk requests cannot deadlock each other.
    const rows = await queryRows<BulkRow>(tx, sql`SELECT id::text AS id, owner_id::text AS owner_id, tags, name, number
      FROM ${spec.table} WHERE id = ANY(${sql.param(ids)}::uuid[]) AND ${live} AND ${writable} ORDER BY id FOR UPDATE`);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id));
    const visible = missing.length
      ? new Set((await queryRows<{ id: string }>(tx, sql`SELECT id::text AS id FROM ${spec.table} WHERE id = ANY(${sql.param(missing)}::uuid[]) AND ${live} AND ${spec.visible(actor)}`)).map((r) => r.id))
      : new Set<string>();
    const result: BulkOutcome = { ok: [], failed: [], assignments: [] };
    for (const id of missing) {
      result.failed.push(visible.has(id)
        ? { id, code: 'FORBIDDEN', message: `no permission to ${PERMISSION[input.action]} this ${what}` }
        : { id, code: 'NOT_FOUND', message: `${what} not found` });
    }
    const all = rows.map((r) => r.id);
    if (input.action === 'transfer') {
      await spec.transfer(tx, src, rows, input.ownerId!, input.reason || null);
      result.ok.push(...all);
      for (const r of rows) if (r.owner_id !== input.ownerId) result.assignments.push({ recordType: what, recordId: r.id, ownerId: input.ownerId!, title: r.name });
    } else if (input.action === 'delete' && spec.softDelete) {
      await spec.softDelete(tx, src, rows);
      result.ok.push(...all);
    } else if (input.action === 'delete') {
      await tx.execute(sql`UPDATE ${spec.table} SET deleted_at = now(), deleted_by = ${actor.userId}, updated_at = now() WHERE id = ANY(${sql.param(all)}::uuid[])`);
      await recordAudits(tx, src, rows.map((r) => ({ action: 'delete', recordType: what, recordId: r.id, data: { name: r.name, number: r.number, bulk: true } })));
      result.ok.push(...all);
    } else if (input.action === 'restore') {
      for (const row of rows) {
        try {
          await spec.restoreOne(tx, src, row.id);
          result.ok.push(row.id);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          result.failed.push({ id: row.id, code: err.code, message: err.message });
        }
      }
    } else {
      await addTags(tx, src, spec, rows, input.tags!, result);
    }
    return result;
  }, actor.tenantId);
}

async function addTags(tx: Db, src: AuditSource, spec: BulkSpec, rows: BulkRow[], tags: string[], result: BulkResult): Promise<void> {
  const changed: { id: string; before: string[]; after: string[] }[] = [];
  for (const row of rows) {
    const before = row.tags ?? [];
    const after = [...new Set([...before, ...tags])];
    if (after.length > TAGS_MAX) {
      result.failed.push({ id: row.id, code: 'VALIDATION_FAILED', message: `a ${spec.recordType} has at most ${TAGS_MAX} tags` });
      continue;
    }
    if (after.length !== before.length) changed.push({ id: row.id, before, after });
    result.ok.push(row.id);
  }
  for (const ch of changed) await tx.execute(sql`UPDATE ${spec.table} SET tags = ${sql.param(ch.after)}::text[], updated_at = now() WHERE id = ${ch.id}`);
  await recordAudits(tx, src, changed.map((ch) => ({ action: 'update', recordType: spec.recordType, recordId: ch.id, before: { tags: ch.before }, after: { tags: ch.after } })));
}

/** Registers POST <path>/bulk for a record type. */
export function registerBulk(fastify: FastifyInstance, path: string, tag: string, spec: BulkSpec) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(`${path}/bulk`, { schema: { tags: [tag], body: bulkInput, response: { 200: bulkOut } } }, async (req) => {
    const actor = requireActor(req);
    const { assignments, ...result } = await tenantDb(req, (db) => runBulk(db, actor, auditSource(req), req.body, spec));
    await announceOwnerships(req.server.ctx, actor.tenantId, assignments, { actorId: actor.userId });
    return result;
  });
}
