import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { recordAudit, type AuditSource } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { one, rows } from '../db/query.ts';
import { recordShares } from '../db/schema.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { visibleRecords, writableRecords, type OwnedTable } from '../permissions/recordAccess.ts';
import type { RecordTypeDef } from './registry.ts';

export const shareInput = z
  .object({
    userId: z.string().uuid(),
    access: z.enum(['read', 'write']),
    expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
  })
  .strict();

export interface ShareOut { userId: string; userName: string | null; access: 'read' | 'write'; expiresAt: string | null; createdAt: string; expired: boolean }

/**
 * Who may share a record: an admin, its owner, or someone who may edit it through their own data
 * scope. A colleague who can write only because the record was shared with them may not pass it
 * on. The scope test reuses writableRecords() with an id that matches no share row, which leaves
 * exactly the data-scope part of the condition.
 */
export async function assertCanShare(db: Db, actor: Actor, def: RecordTypeDef, recordId: string): Promise<{ ownerId: string | null }> {
  const t = def.table;
  const rec = await one<{ owner_id: string | null }>(db, sql`SELECT ${t.ownerId} AS owner_id FROM ${t} WHERE ${t.id} = ${recordId} AND ${t.deletedAt} IS NULL AND ${visibleRecords(actor, def.recordType, t)}`);
  if (!rec) throw notFound(def.recordType);
  if (actor.perms.admin || rec.owner_id === actor.userId) return { ownerId: rec.owner_id };
  let inScope = false;
  try {
    const scopeOnly = { id: sql`NULL::uuid`, tenantId: t.tenantId, ownerId: t.ownerId } as unknown as OwnedTable;
    const cond = writableRecords(actor, def.recordType, scopeOnly, 'edit');
    inScope = Boolean(await one(db, sql`SELECT 1 AS ok FROM ${t} WHERE ${t.id} = ${recordId} AND ${cond}`));
  } catch {
    inScope = false; // no edit permission at all
  }
  if (!inScope) throw forbidden('only the owner, an editor in scope or an admin may share this record');
  return { ownerId: rec.owner_id };
}

export async function listShares(db: Db, actor: Actor, def: RecordTypeDef, recordId: string): Promise<ShareOut[]> {
  const found = await rows<{ user_id: string; user_name: string | null; access: 'read' | 'write'; expires_at: Date | string | null; created_at: Date | string }>(
    db,
    sql`SELECT s.user_id::text AS user_id, u.name AS user_name, s.access, s.expires_at, s.created_at
          FROM record_shares s LEFT JOIN users u ON u.id = s.user_id
         WHERE s.tenant_id = ${actor.tenantId} AND s.record_type = ${def.recordType} AND s.record_id = ${recordId}
         ORDER BY s.created_at`,
  );
  const now = Date.now();
  return found.map((r) => {
    const exp = r.expires_at ? new Date(r.expires_at) : null;
    return { userId: r.user_id, userName: r.user_name, access: r.access, expiresAt: exp?.toISOString() ?? null, createdAt: new Date(r.created_at).toISOString(), expired: exp ? exp.getTime() <= now : false };
  });
}

/** Adds or updates a share (one row per record and user), audited in the same transaction. */
export async function upsertShare(tx: Db, actor: Actor, src: AuditSource, def: RecordTypeDef, recordId: string, input: z.infer<typeof shareInput>, ownerId: string | null): Promise<void> {
  if (input.userId === ownerId) throw badRequest('VALIDATION_FAILED', 'the owner already has access', { fields: [{ field: 'userId', message: 'is the owner' }] });
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw badRequest('VALIDATION_FAILED', 'expiresAt must be in the future', { fields: [{ field: 'expiresAt', message: 'must be in the future' }] });
  const user = await one(tx, sql`SELECT 1 AS ok FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${input.userId} AND status <> 'inactive'`);
  if (!user) throw badRequest('VALIDATION_FAILED', 'no such active user', { fields: [{ field: 'userId', message: 'no such active user' }] });
  await tx
    .insert(recordShares)
    .values({ tenantId: actor.tenantId, recordType: def.recordType, recordId, userId: input.userId, access: input.access, expiresAt, createdBy: actor.userId })
    .onConflictDoUpdate({
      target: [recordShares.tenantId, recordShares.recordType, recordShares.recordId, recordShares.userId],
      set: { access: input.access, expiresAt, createdBy: actor.userId },
    });
  await recordAudit(tx, src, { action: 'share', recordType: def.recordType, recordId, data: { userId: input.userId, access: input.access, expiresAt: expiresAt?.toISOString() ?? null } });
}

export async function removeShare(tx: Db, actor: Actor, src: AuditSource, def: RecordTypeDef, recordId: string, userId: string): Promise<void> {
  const deleted = await tx
    .delete(recordShares)
    .where(and(eq(recordShares.tenantId, actor.tenantId), eq(recordShares.recordType, def.recordType), eq(recordShares.recordId, recordId), eq(recordShares.userId, userId)))
    .returning({ id: recordShares.id });
  if (!deleted.length) throw notFound('share');
  await recordAudit(tx, src, { action: 'unshare', recordType: def.recordType, recordId, data: { userId } });
}
