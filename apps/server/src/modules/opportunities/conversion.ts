/** "同时创建商机" in lead conversion: one opportunity in the conversion's transaction. */
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError, forbidden } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { linkRecords } from '../../platform/records/links.ts';
import { createOpportunityTx } from './service.ts';

export const conversionOpportunityInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(200),
  amount: z.union([z.string(), z.number()]).optional(),
  pipelineId: z.uuid().optional(),
});
export type ConversionOpportunityInput = z.infer<typeof conversionOpportunityInput>;

/**
 * Creates the opportunity for the new (or chosen) customer, owned by the lead's owner when the actor
 * may assign, linked to the lead; errors name `opportunity.<field>`.
 */
export async function createConversionOpportunity(
  tx: Db, actor: Actor, src: AuditSource,
  args: { leadId: string; customerId: string; contactId: string | null; ownerId: string; input: ConversionOpportunityInput },
): Promise<string> {
  if (!can(actor.perms, 'opportunity', 'create')) throw forbidden('no permission to create opportunities', { object: 'opportunity', action: 'create', field: 'opportunity' });
  try {
    const id = await createOpportunityTx(tx, actor, src, {
      name: args.input.name, customerId: args.customerId, amount: args.input.amount, pipelineId: args.input.pipelineId, leadId: args.leadId,
      source: '线索转化', contactIds: args.contactId ? [args.contactId] : undefined,
      ownerId: args.ownerId !== actor.userId && can(actor.perms, 'opportunity', 'transfer') ? args.ownerId : undefined,
    });
    await linkRecords(tx, actor.tenantId, { recordType: 'opportunity', recordId: id }, { recordType: 'lead', recordId: args.leadId }, 'converted', actor.userId);
    return id;
  } catch (err) {
    if (err instanceof AppError && err.details && typeof err.details === 'object') {
      const d = err.details as { field?: string; fields?: { field: string; message: string }[] };
      const fields = d.fields?.map((f) => ({ ...f, field: `opportunity.${f.field}` }));
      throw new AppError(err.status, err.code, err.message, { ...d, ...(d.field ? { field: `opportunity.${d.field}` } : {}), ...(fields ? { fields } : {}) });
    }
    throw err;
  }
}
