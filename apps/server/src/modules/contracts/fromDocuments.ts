/**
 * Contracts and orders made from earlier documents: accepting a quote can create its contract; an
 * approved contract or accepted quote can create an order. Line items are copied as agreed.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';

/** A draft contract from an accepted quote (customer, opportunity, amount, lines); runs in the caller's transaction. */
export async function createContractFromQuote(_tx: Db, _actor: Actor, _src: AuditSource, _quoteId: string): Promise<{ contractId: string }> {
  throw new Error('PLACEHOLDER (contracts owner): createContractFromQuote');
}

/** An order from an approved contract or an accepted quote; runs in the caller's transaction. */
export async function createOrderFrom(_tx: Db, _actor: Actor, _src: AuditSource, _from: { contractId: string } | { quoteId: string }): Promise<{ orderId: string }> {
  throw new Error('PLACEHOLDER (contracts owner): createOrderFrom');
}
