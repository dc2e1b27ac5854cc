import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { one, rows as queryRows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fieldError, forbidden } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { ownerScope } from '../../platform/permissions/recordAccess.ts';
import { reasonText } from '../customers/input.ts';
import { moveCustomers, moveOwnedRecords, type MovingCustomer } from '../customers/ownership.ts';

export const HANDOVER_TYPES = ['lead', 'customer', 'contact'] as const;

export const handoverInput = z
  .object({
    fromUserId: z.string().uuid(),
    toUserId: z.string().uuid(),
    reason: reasonText.min(1, 'is required'),
    recordTypes: z.array(z.enum(HANDOVER_TYPES)).min(1).max(3),
  })
  .strict()
  .refine((b) => b.fromUserId.toLowerCase() !== b.toUserId.toLowerCase(), { path: ['toUserId'], message: 'must be someone other than fromUserId' });
export type HandoverInput = z.infer<typeof handoverInput>;

export interface HandoverResult {
  moved: { lead: number; customer: number; contact: number };
  fromName: string;
  toName: string;
}

/**
 * 工作交接: when a rep leaves or changes territory, their open leads (new / contacting /
 * qualified), customers and contacts go to a colleague in ONE transaction — all or nothing —
 * with the receiver's ownership caps checked and one audit entry per record carrying the reason.
 * Allowed to admins, and to people with the transfer right on each chosen type whose data scope
 * covers the person handing over (a manager for their team).
 */
export async function handover(db: Db, actor: Actor, src: AuditSource, input: HandoverInput): Promise<HandoverResult> {
  const types = new Set(input.recordTypes);
  for (const t of types) if (!can(actor.perms, t, 'transfer')) throw forbidden(`no permission to transfer ${t}`, { object: t, action: 'transfer' });
  const fromUserId = input.fromUserId.toLowerCase();
  const toUserId = input.toUserId.toLowerCase();
  return inTransaction(db, async (tx) => {
    const from = await one<{ name: string }>(tx, sql`SELECT name FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${fromUserId}`);
    if (!from) throw fieldError('fromUserId', 'no such user');
    const to = await one<{ name: string }>(tx, sql`SELECT name FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${toUserId} AND status = 'active'`);
    if (!to) throw fieldError('toUserId', 'no such active user');
    const scope = ownerScope(actor, sql`${fromUserId}::uuid` as unknown as AnyPgColumn);
    if (scope && !(await one(tx, sql`SELECT 1 AS ok WHERE ${scope}`))) throw forbidden("this person's records are outside your data scope", { field: 'fromUserId' });

    const data = { handover: { fromUserId, toUserId } };
    const moved = { lead: 0, customer: 0, contact: 0 };
    if (types.has('lead')) moved.lead = await moveOwnedRecords(tx, src, 'leads', fromUserId, toUserId, { ...data, reason: input.reason });
    if (types.has('customer')) {
      const owned = await queryRows<{ id: string; owner_id: string }>(tx, sql`SELECT id::text AS id, owner_id::text AS owner_id FROM customers
        WHERE tenant_id = ${actor.tenantId} AND owner_id = ${fromUserId} AND deleted_at IS NULL ORDER BY id FOR UPDATE`);
      const rows: MovingCustomer[] = owned.map((r) => ({ id: r.id, ownerId: r.owner_id }));
      moved.customer = (await moveCustomers(tx, src, rows, toUserId, { reason: input.reason, withContacts: false, data })).length;
    }
    if (types.has('contact')) moved.contact = await moveOwnedRecords(tx, src, 'contacts', fromUserId, toUserId, { ...data, reason: input.reason });
    return { moved, fromName: from.name, toName: to.name };
  }, actor.tenantId);
}
