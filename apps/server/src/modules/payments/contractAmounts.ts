/**
 * A contract's received and invoiced amounts are sums, never counters: received = confirmed payment
 * records, invoiced = approved or issued invoices. Recomputed with the contract row locked in the
 * transaction that changed a payment or invoice, so concurrent payments cannot over-collect.
 */
import type { Db } from '../../platform/db/client.ts';

/** Locks the contract row (FOR UPDATE) and returns amount / received / invoiced in fen. */
export async function lockContractAmounts(_tx: Db, _tenantId: string, _contractId: string): Promise<{ amount: number; received: number; invoiced: number; status: string; customerId: string; ownerId: string | null }> {
  throw new Error('PLACEHOLDER (payments owner): lockContractAmounts');
}

/** Recomputes contracts.received_amount / invoiced_amount and the payment plans' statuses. */
export async function refreshContractAmounts(_tx: Db, _tenantId: string, _contractId: string): Promise<void> {
  throw new Error('PLACEHOLDER (payments owner): refreshContractAmounts');
}
