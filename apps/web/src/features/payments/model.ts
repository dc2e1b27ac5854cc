/** Payments, plans and invoices on the web: types, colours and pure helpers (unit-tested). */

import './messages.ts';
import { displayMoney, isValidTaxNumber, MoneyInputError, normalizeTaxNumber, parseMoney } from '@loopline/shared';
import type { RecordLike } from '../records/types.ts';

export const PAYMENT_COLOR: Record<string, string> = { draft: 'default', inReview: 'processing', confirmed: 'success', rejected: 'error', withdrawn: 'warning', void: 'default' };
export const PLAN_COLOR: Record<string, string> = { pending: 'default', partial: 'processing', received: 'success', overdue: 'error', void: 'default' };
export const INVOICE_COLOR: Record<string, string> = { draft: 'default', inReview: 'processing', approved: 'cyan', rejected: 'error', withdrawn: 'warning', issued: 'success', void: 'default' };

export interface Payment extends RecordLike {
  number?: string | null; contractId?: string; contractNumber?: string | null; contractName?: string | null; planId?: string | null; planInstalment?: number | null;
  customerId?: string; customerName?: string | null; paidOn?: string; amount?: string; method?: string; status?: string; payerName?: string | null;
  ownerId?: string | null; ownerName?: string | null;
}
export interface PaymentPlan extends RecordLike {
  number?: string | null; contractId?: string; contractNumber?: string | null; contractName?: string | null; customerId?: string; customerName?: string | null;
  instalment?: number; amount?: string; dueDate?: string; status?: string; receivedAmount?: string; outstanding?: string; ownerId?: string | null; ownerName?: string | null;
}
export interface Invoice extends RecordLike {
  number?: string | null; contractId?: string; contractNumber?: string | null; contractName?: string | null; customerId?: string; customerName?: string | null;
  amount?: string; invoiceType?: string; titleType?: string; title?: string; taxNumber?: string | null; status?: string; invoiceNo?: string | null; invoicedOn?: string | null;
  ownerId?: string | null; ownerName?: string | null;
}
export interface PaymentSummary {
  contractId: string; number: string | null; name: string; customerId: string; status: string; amount: string; received: string; outstanding: string; inReview: string;
  available: string; planned: string; invoiced: string; invoiceRequested: string; invoiceAvailable: string;
}
export interface BillingProfile {
  id: string; customerId: string; titleType: 'company' | 'individual'; title: string; taxNumber: string | null; bankName: string | null; bankAccount: string | null;
  address: string | null; phone: string | null; isDefault: boolean;
}

/** "1234.5" → "¥1,234.50"; absent → "—". */
export function yuan(v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  try {
    return displayMoney(parseMoney(v));
  } catch {
    return v;
  }
}

/** Fen of a typed amount, or null when it is not a plain positive amount with ≤ 2 decimals. */
export function amountFen(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  try {
    const n = parseMoney(v);
    return n > 0 ? n : null;
  } catch (err) {
    if (err instanceof MoneyInputError) return null;
    throw err;
  }
}

/** Whether a typed amount is more than what is still open (both decimal strings). */
export function exceeds(amount: string | number | null | undefined, open: string | null | undefined): boolean {
  const a = amountFen(amount);
  if (a === null || open === null || open === undefined) return false;
  return a > parseMoney(open);
}

/** The form's tax-number problem (i18n key) for a title type and invoice type, or null. */
export function taxNumberError(taxNumber: string | null | undefined, titleType: string | undefined, invoiceType?: string): 'taxNumberRequired' | 'taxNumberInvalid' | null {
  const v = taxNumber ? normalizeTaxNumber(taxNumber) : '';
  if (!v) return titleType === 'company' || invoiceType === 'specialVat' ? 'taxNumberRequired' : null;
  return isValidTaxNumber(v) ? null : 'taxNumberInvalid';
}

/** Sum of amounts (decimal strings) as a display string, exact in fen. */
export function sumYuan(values: (string | null | undefined)[]): string {
  return displayMoney(values.reduce((s, v) => s + (v ? parseMoney(v) : 0), 0));
}

/** The profile to pre-fill an invoice with: the default one, else the first. */
export function defaultProfile(profiles: BillingProfile[]): BillingProfile | null {
  return profiles.find((p) => p.isDefault) ?? profiles[0] ?? null;
}
