import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { listShares } from '../../platform/records/shares.ts';
import { contacts as k } from '../contacts/schema.ts';
import { contactSelect, present as presentContact, visibleContacts, type ContactDto, type ContactSelected } from '../contacts/service.ts';
import { leads, OPEN_LEAD_STATUSES } from '../leads/schema.ts';
import { customerType } from './fields.ts';
import { customers as c } from './schema.ts';
import { findVisible, present } from './service.ts';

/** A fact another module adds to the customer 360 summary (opportunities, contracts, payments…). */
export type SummaryPart = (db: Db, actor: Actor, customerId: string) => Promise<unknown>;
const parts = new Map<string, SummaryPart>();

/** Later modules call this from their routes plugin; the part appears under its key in GET /customers/:id/summary. */
export function registerCustomerSummaryPart(key: string, part: SummaryPart): void {
  parts.set(key, part);
}

const CONTACTS_MAX = 500;

/** GET /customers/:id/contacts: the customer's contacts the actor may see, primary and key people first. */
export async function customerContacts(db: Db, actor: Actor, customerId: string): Promise<ContactDto[]> {
  if (!(await findVisible(db, actor, customerId))) throw notFound('customer');
  if (!can(actor.perms, 'contact', 'view')) return [];
  const found = await db.select(contactSelect).from(k)
    .where(and(eq(k.customerId, customerId), visibleContacts(actor)))
    .orderBy(desc(k.isPrimary), desc(k.isKeyDecisionMaker), asc(k.createdAt), asc(k.id))
    .limit(CONTACTS_MAX);
  return (found as ContactSelected[]).map((r) => presentContact(actor, r, 'list'));
}

/**
 * GET /customers/:id/summary: the 360 page's key facts — contacts and the decision chain, leads
 * converted into it and open leads from the same company, follow-ups, owner history, team members
 * — each only as far as the actor may see the underlying records.
 */
export async function customerSummary(db: Db, actor: Actor, customerId: string) {
  const row = await findVisible(db, actor, customerId);
  if (!row) throw notFound('customer');
  const customer = present(actor, row, 'detail');
  const contacts = await customerContacts(db, actor, customerId);
  const leadFacts = can(actor.perms, 'lead', 'view') ? await leadsOf(db, actor, customerId) : { openLeads: 0, convertedFrom: [] };
  const extra: Record<string, unknown> = {};
  for (const [key, part] of parts) extra[key] = await part(db, actor, customerId);
  return {
    customerId,
    contacts: contacts.length,
    primaryContact: contacts.find((x) => x.isPrimary) ?? null,
    decisionChain: contacts.filter((x) => x.decisionRole || x.isKeyDecisionMaker),
    ...leadFacts,
    lastFollowupAt: customer.lastFollowupAt ?? null,
    nextFollowupAt: customer.nextFollowupAt ?? null,
    ownerId: customer.ownerId ?? null,
    ownerName: customer.ownerName ?? null,
    ownerSince: customer.ownerSince ?? null,
    previousOwnerId: customer.previousOwnerId ?? null,
    previousOwnerName: customer.previousOwnerName ?? null,
    locked: customer.locked ?? false,
    team: await listShares(db, actor, customerType, customerId),
    ...extra,
  };
}

async function leadsOf(db: Db, actor: Actor, customerId: string) {
  const visible = and(visibleRecords(actor, 'lead', leads), sql`${leads.deletedAt} IS NULL`);
  const converted = await db.select({ leadId: leads.id, number: leads.number, name: leads.name, convertedAt: leads.convertedAt }).from(leads)
    .where(and(eq(leads.convertedCustomerId, customerId), visible)).orderBy(desc(leads.convertedAt)).limit(50);
  // open leads of the same company (normalised name), still being worked by someone
  const [open] = await db.select({ n: sql<number>`count(*)::int` }).from(leads).where(and(
    sql`${leads.companyNorm} = (SELECT ${c.nameNorm} FROM ${c} WHERE ${c.id} = ${customerId})`,
    sql`${leads.status} = ANY(${sql.param(OPEN_LEAD_STATUSES)}::text[])`, visible,
  ));
  return {
    openLeads: Number(open?.n ?? 0),
    convertedFrom: converted.map((l) => ({ leadId: l.leadId, number: l.number, name: l.name, convertedAt: l.convertedAt ? new Date(l.convertedAt).toISOString() : null })),
  };
}
