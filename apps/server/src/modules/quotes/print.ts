/** What the quote print template (报价单) sees: display fields, money with 大写, and the lines. */
import { chineseUppercaseMoney, displayMoney, parseMoney } from '@loopline/shared';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { notFound } from '../../platform/http/errors.ts';
import { projectRecord } from '../../platform/permissions/recordAccess.ts';
import { registerPrintLoader, type PrintData } from '../printTemplates/print.ts';
import { loadLineItems } from '../products/lineItems.ts';
import { QUOTE_STATUS_OPTIONS } from './fields.ts';
import { findVisibleQuote, toDto } from './service.ts';

const yuan = (v: unknown) => displayMoney(parseMoney(String(v ?? '0')));
const plain = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const trimZeros = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

export async function loadQuotePrintData(db: Db, actor: Actor, id: string): Promise<PrintData> {
  const row = await findVisibleQuote(db, actor, id);
  if (!row) throw notFound('quote');
  const d = projectRecord(actor, 'quote', toDto(row), 'detail');
  const extra = await one<{ contact_phone: string | null; contact_mobile: string | null; contact_email: string | null; owner_email: string | null; owner_mobile: string | null; customer_address: string | null }>(db, sql`
    SELECT k.phone AS contact_phone, k.mobile AS contact_mobile, k.email AS contact_email, u.email AS owner_email, u.mobile AS owner_mobile,
           (SELECT c.address FROM customers c WHERE c.id = ${row.customerId}) AS customer_address
      FROM (SELECT 1) one
      LEFT JOIN contacts k ON k.id = ${row.contactId}
      LEFT JOIN users u ON u.id = ${row.ownerId}`);
  const lines = await loadLineItems(db, actor.tenantId, 'quote', id);
  const total = parseMoney(String(d.totalAmount ?? '0'));
  const fields: Record<string, string> = {
    number: plain(d.number), title: plain(d.title), customerName: plain(d.customerName), contactName: plain(d.contactName),
    contactPhone: plain(extra?.contact_mobile ?? extra?.contact_phone), contactEmail: plain(extra?.contact_email), customerAddress: plain(extra?.customer_address),
    opportunityName: plain(d.opportunityName), quoteDate: plain(d.quoteDate), validUntil: plain(d.validUntil),
    status: QUOTE_STATUS_OPTIONS.find((o) => o.value === d.status)?.label ?? plain(d.status),
    ownerName: plain(d.ownerName), ownerEmail: plain(extra?.owner_email), ownerMobile: plain(extra?.owner_mobile),
    grossAmount: yuan(d.grossAmount), discountAmount: yuan(d.discountAmount), taxAmount: yuan(d.taxAmount), totalAmount: yuan(d.totalAmount),
    totalAmountUpper: chineseUppercaseMoney(total), terms: plain(d.terms), remark: plain(d.remark),
  };
  return {
    title: '报价单',
    fields,
    lines: lines.map((l, i) => ({
      index: String(i + 1), productCode: plain(l.productCode), productName: l.productName, specification: plain(l.specification), unit: plain(l.unit),
      listPrice: yuan(l.listPrice), salePrice: yuan(l.salePrice), quantity: trimZeros(l.quantity),
      discount: l.discountKind === 'percent' ? `${trimZeros(l.discountValue)}%` : yuan(l.discountValue),
      taxRate: `${trimZeros(l.taxRate)}%`, taxAmount: yuan(l.taxAmount), totalAmount: yuan(l.totalAmount), remark: plain(l.remark),
    })),
  };
}

export function registerQuotePrinting(): void {
  registerPrintLoader('quote', loadQuotePrintData);
}
