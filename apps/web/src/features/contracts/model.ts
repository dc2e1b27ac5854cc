/** Contracts and orders on the web: types, status colours and money helpers (pure, unit-tested). */
import { displayMoney, parseMoney } from '@loopline/shared';
import type { LineItemDto } from '../products/lineItemModel.ts';
import type { RecordLike } from '../records/types.ts';

export const CONTRACT_STATUSES = ['draft', 'inReview', 'approved', 'rejected', 'withdrawn', 'void'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_TYPES = ['direct', 'agency', 'service', 'fmcg'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];
export const EDITABLE: readonly ContractStatus[] = ['draft', 'rejected', 'withdrawn'];

export const STATUS_COLOR: Record<ContractStatus, string> = { draft: 'default', inReview: 'processing', approved: 'success', rejected: 'error', withdrawn: 'warning', void: 'default' };
export const DELIVERY_COLOR: Record<string, string> = { pending: 'default', partial: 'processing', delivered: 'success' };

/** A contract as the API returns it; every field but id may be absent when the role hides it. */
export interface Contract extends RecordLike {
  number?: string | null;
  name?: string;
  customerId?: string;
  customerName?: string | null;
  opportunityId?: string | null;
  opportunityName?: string | null;
  quoteId?: string | null;
  quoteNumber?: string | null;
  contractType?: ContractType;
  status?: ContractStatus;
  amount?: string;
  discountAmount?: string;
  receivedAmount?: string;
  outstandingAmount?: string;
  invoicedAmount?: string;
  startDate?: string | null;
  endDate?: string | null;
  signedDate?: string | null;
  companySignerName?: string | null;
  ownerId?: string | null;
  ownerName?: string | null;
  lines?: LineItemDto[];
}

export interface Shipment {
  id: string; number: string; shippedOn: string; carrier: string | null; trackingNumber: string | null; remark: string | null;
  createdByName: string | null; createdAt: string; lines: { lineItemId: string; productName: string; unit: string | null; quantity: string }[];
}

export interface Order extends RecordLike {
  number?: string | null;
  title?: string;
  customerId?: string;
  customerName?: string | null;
  contractId?: string | null;
  contractNumber?: string | null;
  quoteId?: string | null;
  quoteNumber?: string | null;
  orderDate?: string;
  status?: 'draft' | 'confirmed' | 'completed' | 'cancelled';
  deliveryStatus?: 'pending' | 'partial' | 'delivered';
  totalAmount?: string;
  ownerName?: string | null;
  lines?: LineItemDto[];
  shipments?: Shipment[];
}

export const yuan = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : displayMoney(parseMoney(v)));

/** Percent (0–100, one decimal) of part in whole, exact on fen; 0 when whole is 0. */
export function percentOf(part: string | undefined, whole: string | undefined): number {
  const w = parseMoney(whole ?? '0');
  if (w <= 0) return 0;
  const p = Math.max(0, parseMoney(part ?? '0'));
  return Math.min(100, Math.round((p * 1000) / w) / 10);
}

/** Quantities are decimal strings with up to 4 places: compare and subtract in 1/10000 units. */
export function toUnits(q: string | undefined | null): number | null {
  if (q === undefined || q === null) return null;
  const s = q.trim();
  if (!/^\d{1,12}(\.\d{0,4})?$/.test(s)) return null;
  const [i, f = ''] = s.split('.');
  return Number(i) * 10_000 + Number((f + '0000').slice(0, 4));
}
export function fromUnits(n: number): string {
  const i = Math.trunc(n / 10_000);
  const f = String(n % 10_000).padStart(4, '0').replace(/0+$/, '');
  return f ? `${i}.${f}` : String(i);
}

/** What is left to ship of a line (ordered − delivered), as a decimal string. */
export function remainingOf(line: { quantity: string; deliveredQuantity: string }): string {
  return fromUnits(Math.max(0, (toUnits(line.quantity) ?? 0) - (toUnits(line.deliveredQuantity) ?? 0)));
}

export interface ShipDraft { lineItemId: string; quantity: string }
/**
 * The lines of a shipment to send: filled quantities only; an error per line index when a value is
 * not a positive number or more than what is left. Same rules as the server (which decides).
 */
export function checkShipment(lines: { id: string; quantity: string; deliveredQuantity: string }[], drafts: Record<string, string>): { lines: ShipDraft[]; errors: Record<string, 'invalid' | 'tooMany'> } {
  const out: ShipDraft[] = [];
  const errors: Record<string, 'invalid' | 'tooMany'> = {};
  for (const l of lines) {
    const raw = (drafts[l.id] ?? '').trim();
    if (!raw) continue;
    const q = toUnits(raw);
    if (q === null || q <= 0) { errors[l.id] = 'invalid'; continue; }
    if (q > (toUnits(remainingOf(l)) ?? 0)) { errors[l.id] = 'tooMany'; continue; }
    out.push({ lineItemId: l.id, quantity: fromUnits(q) });
  }
  return { lines: out, errors };
}
