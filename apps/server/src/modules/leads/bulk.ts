import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudits, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { assertWritableFields, visibleRecords, writableRecords } from '../../platform/permissions/recordAccess.ts';
import type { NewOwnership } from '../../platform/records/batch.ts';
import { announceOwnerships } from '../assignment/apply.ts';
import { CREATABLE_STATUSES } from './input.ts';
import { ownerChange, statusChange } from './lifecycle.ts';
import { leads as l } from './schema.ts';
import { assertActiveUser } from './writes.ts';

/**
 * POST /leads/bulk: one action on up to 500 leads in one transaction, one audit entry per lead.
 * Leads the actor may not change are reported per id — NOT_FOUND when they cannot see them,
 * FORBIDDEN when visible but not writable, LEAD_CONVERTED for converted ones — and the rest change.
 * Lacking the action altogether (or tags/status being read-only) refuses the whole request.
 */
export const MAX_BULK = 500;
const TAGS_MAX = 20;

const bulkInput = z
  .object({
    ids: z.array(z.uuid()).min(1).max(MAX_BULK),
    action: z.enum(['transfer', 'tag', 'status', 'delete', 'restore']),
    ownerId: z.uuid().optional(),
    tags: z.array(z.string().trim().min(1).max(30)).min(1).max(TAGS_MAX).optional(),
    status: z.enum(CREATABLE_STATUSES).optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const need = (ok: unknown, path: string, message: string) => { if (!ok) ctx.addIssue({ code: 'custom', path: [path], message }); };
    if (b.action === 'transfer') need(b.ownerId, 'ownerId', 'is required to transfer');
    if (b.action === 'tag') need(b.tags, 'tags', 'is required to tag');
    if (b.action === 'status') need(b.status, 'status', 'is required to change the status');
    if (b.action === 'status' && b.status === 'invalid') need(b.reason, 'reason', 'is required to mark leads invalid');
  });
type BulkInput = z.infer<typeof bulkInput>;

const failure = z.object({ id: z.string(), code: z.string(), message: z.string() });
const bulkOut = z.object({ ok: z.array(z.string()), failed: z.array(failure) });
type BulkResult = z.infer<typeof bulkOut>;

const PERMISSION = { transfer: 'transfer', tag: 'edit', status: 'edit', delete: 'delete', restore: 'delete' } as const;

type Locked = { id: string; ownerId: string | null; tags: string[]; name: string; company: string | null; number: string | null; status: string; invalidReason: string | null; firstContactedAt: Date | null };

export async function bulkLeads(db: Db, actor: Actor, src: AuditSource, input: BulkInput): Promise<BulkResult & { announce: NewOwnership[] }> {
  const ids = [...new Set(input.ids.map((id) => id.toLowerCase()))];
  const writable = writableRecords(actor, 'lead', l, PERMISSION[input.action]); // throws 403 without the action
  if (input.action === 'tag') assertWritableFields(actor, 'lead', { tags: input.tags });
  if (input.action === 'status') assertWritableFields(actor, 'lead', { status: input.status });
  const deleted = input.action === 'restore' ? isNotNull(l.deletedAt) : isNull(l.deletedAt);
  return inTransaction(db, async (tx) => {
    if (input.action === 'transfer') await assertActiveUser(tx, actor.tenantId, input.ownerId!, 'ownerId');
    // Lock in id order so two overlapping bulk requests cannot deadlock each other.
    const found = (await tx
      .select({ id: l.id, ownerId: l.ownerId, tags: l.tags, name: l.name, company: l.company, number: l.number, status: l.status, invalidReason: l.invalidReason, firstContactedAt: l.firstContactedAt })
      .from(l).where(and(inArray(l.id, ids), deleted, writable)).orderBy(l.id).for('update', { of: l })) as Locked[];
    const byId = new Map(found.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    const visible = missing.length
      ? new Set((await tx.select({ id: l.id }).from(l).where(and(inArray(l.id, missing), deleted, visibleRecords(actor, 'lead', l)))).map((r) => r.id))
      : new Set<string>();
    const result: BulkResult & { announce: NewOwnership[] } = { ok: [], failed: [], announce: [] };
    for (const id of missing) {
      result.failed.push(visible.has(id) ? { id, code: 'FORBIDDEN', message: `no permission to ${PERMISSION[input.action]} this lead` } : { id, code: 'NOT_FOUND', message: 'lead not found' });
    }
    const rows: Locked[] = [];
    for (const r of found) {
      const frozen = r.status === 'converted' && input.action !== 'restore' && (input.action === 'status' || !actor.perms.admin);
      if (frozen) result.failed.push({ id: r.id, code: 'LEAD_CONVERTED', message: 'a converted lead is read-only' });
      else rows.push(r);
    }
    const entries = await apply(tx, actor, input, rows, result);
    await recordAudits(tx, src, entries);
    return result;
  }, actor.tenantId);
}

type Entry = Parameters<typeof recordAudits>[2][number];

async function apply(tx: Db, actor: Actor, input: BulkInput, rows: Locked[], result: BulkResult & { announce: NewOwnership[] }): Promise<Entry[]> {
  const now = new Date();
  const entries: Entry[] = [];
  const idsOf = (list: Locked[]) => list.map((r) => r.id);
  const data = { bulk: true, ...(input.reason ? { reason: input.reason } : {}) };
  if (input.action === 'transfer') {
    const moving = rows.filter((r) => r.ownerId !== input.ownerId);
    if (moving.length) {
      const set = ownerChange({ ownerId: null }, input.ownerId!, now);
      await tx.update(l).set({ ...set, previousOwnerId: sql`${l.ownerId}` }).where(inArray(l.id, idsOf(moving)));
    }
    for (const r of moving) {
      entries.push({ action: 'ownerChange', recordType: 'lead', recordId: r.id, before: { ownerId: r.ownerId }, after: { ownerId: input.ownerId }, data });
      if (input.ownerId !== actor.userId) result.announce.push({ recordType: 'lead', recordId: r.id, ownerId: input.ownerId!, title: r.company ? `${r.name} · ${r.company}` : r.name });
    }
  } else if (input.action === 'status') {
    const status = input.status!;
    const changing = rows.filter((r) => r.status !== status || (status === 'invalid' && r.invalidReason !== input.reason));
    if (changing.length) {
      const { firstContactedAt: _f, ...set } = statusChange({ firstContactedAt: null }, status, input.reason, now);
      const contacted = status === 'contacting' || status === 'qualified';
      await tx.update(l).set({ ...set, ...(contacted ? { firstContactedAt: sql`COALESCE(${l.firstContactedAt}, ${now.toISOString()}::timestamptz)` } : {}) }).where(inArray(l.id, idsOf(changing)));
    }
    for (const r of changing) {
      entries.push({ action: 'statusChange', recordType: 'lead', recordId: r.id, before: { status: r.status, invalidReason: r.invalidReason }, after: { status, invalidReason: status === 'invalid' ? input.reason : null }, data });
    }
  } else if (input.action === 'delete' || input.action === 'restore') {
    const del = input.action === 'delete';
    if (rows.length) await tx.update(l).set({ deletedAt: del ? now : null, deletedBy: del ? actor.userId : null, updatedAt: now }).where(inArray(l.id, idsOf(rows)));
    for (const r of rows) entries.push({ action: input.action, recordType: 'lead', recordId: r.id, data: { name: r.name, number: r.number, bulk: true } });
  } else {
    const kept: Locked[] = [];
    for (const r of rows) {
      const before = r.tags ?? [];
      const after = [...new Set([...before, ...input.tags!])];
      if (after.length > TAGS_MAX) {
        result.failed.push({ id: r.id, code: 'VALIDATION_FAILED', message: `a lead has at most ${TAGS_MAX} tags` });
        continue;
      }
      kept.push(r);
      if (after.length === before.length) continue;
      await tx.update(l).set({ tags: after, updatedAt: now }).where(eq(l.id, r.id));
      entries.push({ action: 'update', recordType: 'lead', recordId: r.id, before: { tags: before }, after: { tags: after }, data: { bulk: true } });
    }
    rows = kept;
  }
  result.ok.push(...idsOf(rows));
  return entries;
}

export function registerLeadBulk(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/leads/bulk', { schema: { tags: ['leads'], body: bulkInput, response: { 200: bulkOut } } }, async (req) => {
    const actor = requireActor(req);
    const { announce, ...result } = await tenantDb(req, (db) => bulkLeads(db, actor, auditSource(req), req.body));
    await announceOwnerships(app.ctx, actor.tenantId, announce, { actorId: actor.userId });
    return result;
  });
}
