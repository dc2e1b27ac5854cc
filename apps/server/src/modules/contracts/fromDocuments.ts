/**
 * Contracts and orders made from earlier documents: accepting a quote can create its contract; an
 * approved contract or accepted quote can create an order. Line items are copied as agreed.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { formatMoney, parseMoney } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { copyLineItems } from '../products/lineItems.ts';
import { insertOrder } from '../orders/persist.ts';
import type { CreateContractInput } from './input.ts';
import { insertContract, type ContractValues } from './persist.ts';
import { contracts, opportunityRefs, quoteRefs } from './schema.ts';
import type { ContractSelected } from './service.ts';

/** Quotes in these statuses cannot become a contract. */
const UNUSABLE_QUOTE = new Set(['draft', 'inApproval', 'rejected', 'expired']);

async function lockQuote(tx: Db, actor: Actor, quoteId: string) {
  const [q] = await tx.select().from(quoteRefs).where(and(eq(quoteRefs.id, quoteId), isNull(quoteRefs.deletedAt), visibleRecords(actor, 'quote', quoteRefs))).for('update');
  if (!q) throw notFound('quote');
  return q;
}

/**
 * A contract from a quote, with `overrides` (explicit fields from POST /contracts) winning over
 * what the quote gives. One live contract per quote: a second is a 409 naming quoteId.
 */
export async function contractFromQuote(tx: Db, actor: Actor, src: AuditSource, quoteId: string, overrides: Omit<CreateContractInput, 'quoteId'> = {}): Promise<ContractSelected> {
  const q = await lockQuote(tx, actor, quoteId);
  if (UNUSABLE_QUOTE.has(q.status)) throw conflict('QUOTE_NOT_ACCEPTED', `quoteId: a ${q.status} quote cannot become a contract`, { field: 'quoteId', status: q.status });
  if (q.contractId) {
    const [live] = await tx.select({ id: contracts.id }).from(contracts)
      .where(and(eq(contracts.id, q.contractId), isNull(contracts.deletedAt), sql`${contracts.status} <> 'void'`));
    if (live) throw conflict('QUOTE_HAS_CONTRACT', 'quoteId: this quote already has a contract', { field: 'quoteId', contractId: live.id });
  }
  const { lines, custom, ...explicit } = overrides;
  const values: ContractValues & { name: string; customerId: string } = {
    name: q.title, customerId: q.customerId, opportunityId: q.opportunityId, quoteId: q.id,
    amount: q.totalAmount, discountAmount: q.discountAmount, paymentTerms: q.terms, ownerId: q.ownerId ?? actor.userId,
    ...stripUndefined(explicit),
  } as ContractValues & { name: string; customerId: string };
  const created = await insertContract(tx, actor, src, { values, custom, lines }, async (id) => {
    if (!lines) await copyLineItems(tx, actor.tenantId, { type: 'quote', id: q.id }, { type: 'contract', id });
  });
  await tx.update(quoteRefs).set({ contractId: created.id }).where(eq(quoteRefs.id, q.id));
  return created;
}

/** A contract from an opportunity: customer, name, amount and line items prefilled. */
export async function contractFromOpportunity(tx: Db, actor: Actor, src: AuditSource, input: CreateContractInput & { opportunityId: string }): Promise<ContractSelected> {
  const [opp] = await tx.select().from(opportunityRefs)
    .where(and(eq(opportunityRefs.id, input.opportunityId), isNull(opportunityRefs.deletedAt), visibleRecords(actor, 'opportunity', opportunityRefs)));
  if (!opp) throw notFound('opportunity');
  const { lines, custom, ...explicit } = input;
  const values = {
    name: opp.name, customerId: opp.customerId, amount: opp.amount, ownerId: opp.ownerId ?? actor.userId,
    ...stripUndefined(explicit),
  } as ContractValues & { name: string; customerId: string };
  return insertContract(tx, actor, src, { values, custom, lines }, async (id) => {
    if (lines) return;
    const copied = await copyLineItems(tx, actor.tenantId, { type: 'opportunity', id: opp.id }, { type: 'contract', id });
    // no explicit amount: an opportunity whose lines are priced gives their total
    if (explicit.amount === undefined && copied.length) {
      return { amount: formatMoney(copied.reduce((sum, l) => sum + parseMoney(l.totalAmount), 0)) };
    }
  });
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A draft contract from an accepted quote (customer, opportunity, amount, lines); runs in the caller's transaction. */
export async function createContractFromQuote(tx: Db, actor: Actor, src: AuditSource, quoteId: string): Promise<{ contractId: string }> {
  const created = await contractFromQuote(tx, actor, src, quoteId);
  return { contractId: created.id };
}

/** An order from an approved contract or an accepted quote; runs in the caller's transaction. */
export async function createOrderFrom(tx: Db, actor: Actor, src: AuditSource, from: { contractId: string } | { quoteId: string }): Promise<{ orderId: string }> {
  if ('contractId' in from) {
    const [c] = await tx.select().from(contracts)
      .where(and(eq(contracts.id, from.contractId), isNull(contracts.deletedAt), visibleRecords(actor, 'contract', contracts))).for('update');
    if (!c) throw notFound('contract');
    if (c.status !== 'approved') throw conflict('CONTRACT_NOT_APPROVED', `contractId: only an approved contract can become an order (this one is ${c.status})`, { field: 'contractId', status: c.status });
    const orderId = await insertOrder(tx, actor, src, {
      title: c.name, customerId: c.customerId, contractId: c.id, quoteId: c.quoteId, ownerId: c.ownerId ?? actor.userId,
    }, { copyFrom: { type: 'contract', id: c.id } });
    return { orderId };
  }
  const q = await lockQuote(tx, actor, from.quoteId);
  if (q.status !== 'accepted') throw conflict('QUOTE_NOT_ACCEPTED', `quoteId: only an accepted quote can become an order (this one is ${q.status})`, { field: 'quoteId', status: q.status });
  const orderId = await insertOrder(tx, actor, src, {
    title: q.title, customerId: q.customerId, quoteId: q.id, contractId: q.contractId, ownerId: q.ownerId ?? actor.userId,
  }, { copyFrom: { type: 'quote', id: q.id } });
  return { orderId };
}
