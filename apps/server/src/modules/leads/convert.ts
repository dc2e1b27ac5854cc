import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import type { BatchContext, NewOwnership, RowIssue } from '../../platform/records/batch.ts';
import { validationFailed } from '../../platform/records/customFields.ts';
import { linkRecords } from '../../platform/records/links.ts';
import { createContacts } from '../contacts/create.ts';
import { createCustomerBatch } from '../customers/create.ts';
import { findVisible as findVisibleCustomer } from '../customers/service.ts';
import { findDuplicates, presentDuplicates } from '../dedupe/service.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';
import { loadMapping } from './mappingStore.ts';
import { contactValues, customerValues } from './mapping.ts';
import { leads as l } from './schema.ts';
import { findVisible, present, reloadLead, toDto, type LeadDto } from './service.ts';
import { lockWritable } from './writes.ts';
import { createConversionOpportunity, type ConversionOpportunityInput } from '../opportunities/conversion.ts';

export interface ConvertInput {
  customer: { mode: 'new'; values?: Record<string, unknown> } | { mode: 'existing'; customerId: string };
  contact?: { create: boolean; values?: Record<string, unknown> };
  /** 同时创建商机: an opportunity for the customer in the same transaction */
  opportunity?: ConversionOpportunityInput;
}

const prefixed = (side: string, errors: RowIssue[] = []) => errors.map((e) => ({ field: `${side}.${e.field}`, message: e.message }));

/** What converting would create: values by the mapping, and customers the new one would duplicate. */
export async function conversionPreview(db: Db, actor: Actor, id: string) {
  const lead = await findVisible(db, actor, id);
  if (!lead) throw notFound('lead');
  const mapping = await loadMapping(db, actor.tenantId);
  const dto = toDto(lead);
  const customer = customerValues(dto, mapping.customer);
  const probe = { company: customer.name as string, phone: (customer.phone as string) ?? null, email: (customer.email as string) ?? null };
  const [found] = await findDuplicates(db, actor.tenantId, [probe], { recordTypes: ['customer'], fuzzy: true, viewer: actor });
  return { customer, contact: contactValues(dto, mapping.contact), duplicates: presentDuplicates(actor, found ?? []) };
}

/**
 * Converts a lead in ONE transaction: the customer (new, through the customer batch creator, or an
 * existing one the actor can see), the contact, the lead marked converted, history links so the
 * customer's and contact's timelines carry the lead's, and the lead's files moved to the customer.
 * Any refusal (duplicate name, ownership cap, bad value) rolls all of it back.
 */
export async function convertLead(db: Db, actor: Actor, src: AuditSource, id: string, input: ConvertInput): Promise<{ customerId: string; contactId: string | null; opportunityId: string | null; lead: LeadDto; announce: NewOwnership[] }> {
  const announce: NewOwnership[] = [];
  const result = await inTransaction(db, async (tx) => {
    const lead = await lockWritable(tx, actor, id, 'edit');
    if (lead.status === 'converted') throw conflict('LEAD_CONVERTED', 'this lead is already converted', { field: 'status' });
    if (lead.status === 'invalid') throw conflict('LEAD_INVALID', 'an invalid lead cannot be converted; change its status first', { field: 'status' });
    const mapping = await loadMapping(tx, actor.tenantId);
    const dto = toDto(lead);
    const ownerId = lead.ownerId ?? actor.userId;
    const ctx: BatchContext = { tenantId: actor.tenantId, actor, src, channel: 'manual', duplicatePolicy: 'create', timeZone: actor.timeZone };

    let customerId: string;
    let customerName: string;
    if (input.customer.mode === 'new') {
      if (!can(actor.perms, 'customer', 'create')) throw forbidden('no permission to create customers', { object: 'customer', action: 'create' });
      await assertOwnershipCaps(tx, actor.tenantId, [{ userId: ownerId, customers: 1 }]);
      const values = customerValues(dto, mapping.customer, input.customer.values);
      // 'create': a similar customer is the user's call (the preview showed it); the exact same name never passes
      const res = await createCustomerBatch(tx, ctx, [{ ...values, ...(ownerId !== actor.userId ? { ownerId } : {}) }]);
      const o = res.outcomes[0]!;
      if (o.status !== 'created') {
        const failure = res.failures.get(0);
        if (failure) throw failure;
        if (o.duplicates?.length) throw conflict('DUPLICATE', 'a customer with this name already exists', { field: 'customer.name', duplicates: presentDuplicates(actor, res.matches.get(0) ?? []), fields: prefixed('customer', o.errors) });
        throw validationFailed(prefixed('customer', o.errors));
      }
      customerId = o.id!;
      customerName = String(values.name);
      announce.push(...res.assignments);
    } else {
      const existing = await findVisibleCustomer(tx, actor, input.customer.customerId);
      if (!existing) throw new AppError(404, 'NOT_FOUND', 'customer not found', { fields: [{ field: 'customer.customerId', message: 'no such customer' }] });
      customerId = existing.id;
      customerName = existing.name;
    }

    let contactId: string | null = null;
    if (input.contact?.create ?? true) {
      if (!can(actor.perms, 'contact', 'create')) throw forbidden('no permission to create contacts', { object: 'contact', action: 'create' });
      const values = contactValues(dto, mapping.contact, input.contact?.values);
      // 'create': the lead itself matches the new contact (same mobile). The contact belongs to the customer's owner.
      const res = await createContacts(tx, ctx, [{ ...values, customerId }]);
      const o = res.outcomes[0]!;
      if (o.status !== 'created') throw validationFailed(prefixed('contact', o.errors ?? [{ field: '(row)', message: `contact ${o.status}` }]));
      contactId = o.id!;
      announce.push(...res.assignments);
    }

    const opportunityId = input.opportunity
      ? await createConversionOpportunity(tx, actor, src, { leadId: id, customerId, contactId, ownerId, input: input.opportunity })
      : null;

    const now = new Date();
    await tx.update(l).set({ status: 'converted', convertedAt: now, convertedCustomerId: customerId, convertedContactId: contactId, updatedAt: now }).where(eq(l.id, id));
    await linkRecords(tx, actor.tenantId, { recordType: 'customer', recordId: customerId }, { recordType: 'lead', recordId: id }, 'converted', actor.userId);
    if (contactId) await linkRecords(tx, actor.tenantId, { recordType: 'contact', recordId: contactId }, { recordType: 'lead', recordId: id }, 'converted', actor.userId);
    // The files move with the history: the customer is where the lead's story continues.
    const moved = await rows<{ id: string }>(tx, sql`UPDATE files SET record_type = 'customer', record_id = ${customerId}
      WHERE tenant_id = ${actor.tenantId} AND record_type = 'lead' AND record_id = ${id} RETURNING id::text AS id`);
    await recordAudit(tx, src, {
      action: 'convert', recordType: 'lead', recordId: id,
      before: { status: lead.status }, after: { status: 'converted', convertedCustomerId: customerId, convertedContactId: contactId },
      data: { mode: input.customer.mode, customerId, customerName, contactId, files: moved.map((f) => f.id) },
    });
    await recordAudit(tx, src, { action: 'converted', recordType: 'customer', recordId: customerId, data: { leadId: id, leadNumber: lead.number, leadName: lead.name, contactId } });
    return { customerId, contactId, opportunityId, lead: await reloadLead(tx, id) };
  }, actor.tenantId).catch(rethrowCustomerConflict);
  return { customerId: result.customerId, contactId: result.contactId, opportunityId: result.opportunityId, lead: present(actor, result.lead, 'detail'), announce };
}

/** A concurrent conversion to the same customer name hits the unique index: the same 409 as the pre-check. */
function rethrowCustomerConflict(err: unknown): never {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e.code ? e : e.cause;
  if (!(err instanceof AppError) && pg?.code === '23505' && pg.constraint === 'customers_tenant_name') {
    throw conflict('DUPLICATE', 'a customer with this name already exists', { field: 'customer.name', fields: [{ field: 'customer.name', message: 'already exists' }] });
  }
  throw err;
}

