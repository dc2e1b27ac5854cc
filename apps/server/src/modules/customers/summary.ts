import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { listShares } from '../../platform/records/shares.ts';
import { contacts as k } from '../contacts/schema.ts';
import { contactSelect, present as presentContact, visibleContacts, type ContactDto, type ContactSelected } from '../contacts/service.ts';
import { leads, OPEN_LEAD_STATUSES } from '../leads/schema.ts';
import { contracts } from '../contracts/schema.ts';
import { invoices } from '../invoices/schema.ts';
import { opportunities } from '../opportunities/schema.ts';
import { paymentRecords } from '../payments/schema.ts';
import { quotes } from '../quotes/schema.ts';
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
    dealToCash: await dealToCash(db, actor, customerId),
    ...extra,
  };
}

/**
 * Deal-to-cash totals of the customer (money as decimal strings), each counted over the records of
 * its type the actor may see; null where the actor may not view that type at all.
 * - openOpportunities / openOpportunityAmount: status open; wonAmount: status won
 * - quotes: every quote; contracts / contractAmount: contracts that are not void
 * - outstanding: approved contracts' amount − received; received: confirmed payment records
 * - invoiced: issued invoices
 */
export interface DealToCashTotals {
  openOpportunities: number | null;
  openOpportunityAmount: string | null;
  wonAmount: string | null;
  quotes: number | null;
  contracts: number | null;
  contractAmount: string | null;
  outstanding: string | null;
  received: string | null;
  invoiced: string | null;
}

export async function dealToCash(db: Db, actor: Actor, customerId: string): Promise<DealToCashTotals> {
  const money = (e: ReturnType<typeof sql>) => sql`coalesce(${e}, 0)::numeric(16,2)::text`;
  const none = sql`NULL`;
  const o = opportunities;
  const oppWhere = can(actor.perms, 'opportunity', 'view') ? sql`${o.customerId} = ${customerId} AND ${o.deletedAt} IS NULL AND ${visibleRecords(actor, 'opportunity', o)}` : null;
  const q = quotes;
  const quoteWhere = can(actor.perms, 'quote', 'view') ? sql`${q.customerId} = ${customerId} AND ${q.deletedAt} IS NULL AND ${visibleRecords(actor, 'quote', q)}` : null;
  const k = contracts;
  const contractWhere = can(actor.perms, 'contract', 'view') ? sql`${k.customerId} = ${customerId} AND ${k.deletedAt} IS NULL AND ${visibleRecords(actor, 'contract', k)}` : null;
  const p = paymentRecords;
  const paymentWhere = can(actor.perms, 'payment', 'view') ? sql`${p.customerId} = ${customerId} AND ${p.deletedAt} IS NULL AND ${p.status} = 'confirmed' AND ${visibleRecords(actor, 'payment', p)}` : null;
  const i = invoices;
  const invoiceWhere = can(actor.perms, 'invoice', 'view') ? sql`${i.customerId} = ${customerId} AND ${i.deletedAt} IS NULL AND ${i.status} = 'issued' AND ${visibleRecords(actor, 'invoice', i)}` : null;

  const r = (await one<Record<string, string | number | null>>(db, sql`SELECT
    ${oppWhere ? sql`(SELECT count(*)::int FROM ${o} WHERE ${oppWhere} AND ${o.status} = 'open')` : none} AS open_opportunities,
    ${oppWhere ? sql`(SELECT ${money(sql`sum(${o.amount})`)} FROM ${o} WHERE ${oppWhere} AND ${o.status} = 'open')` : none} AS open_opportunity_amount,
    ${oppWhere ? sql`(SELECT ${money(sql`sum(${o.amount})`)} FROM ${o} WHERE ${oppWhere} AND ${o.status} = 'won')` : none} AS won_amount,
    ${quoteWhere ? sql`(SELECT count(*)::int FROM ${q} WHERE ${quoteWhere})` : none} AS quotes,
    ${contractWhere ? sql`(SELECT count(*)::int FROM ${k} WHERE ${contractWhere} AND ${k.status} <> 'void')` : none} AS contracts,
    ${contractWhere ? sql`(SELECT ${money(sql`sum(${k.amount})`)} FROM ${k} WHERE ${contractWhere} AND ${k.status} <> 'void')` : none} AS contract_amount,
    ${contractWhere ? sql`(SELECT ${money(sql`sum(${k.amount} - ${k.receivedAmount})`)} FROM ${k} WHERE ${contractWhere} AND ${k.status} = 'approved')` : none} AS outstanding,
    ${paymentWhere ? sql`(SELECT ${money(sql`sum(${p.amount})`)} FROM ${p} WHERE ${paymentWhere})` : none} AS received,
    ${invoiceWhere ? sql`(SELECT ${money(sql`sum(${i.amount})`)} FROM ${i} WHERE ${invoiceWhere})` : none} AS invoiced`)) ?? {};
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    openOpportunities: num(r.open_opportunities), openOpportunityAmount: str(r.open_opportunity_amount), wonAmount: str(r.won_amount),
    quotes: num(r.quotes), contracts: num(r.contracts), contractAmount: str(r.contract_amount), outstanding: str(r.outstanding),
    received: str(r.received), invoiced: str(r.invoiced),
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
