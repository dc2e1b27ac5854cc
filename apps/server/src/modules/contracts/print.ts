/** What the print templates see of a contract (合同) and an order (订单): display strings and lines. */
import { chineseUppercaseMoney, displayMoney, parseMoney } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { registerPrintLoader, type PrintData } from '../printTemplates/print.ts';
import { loadLineItems, type LineItemDto } from '../products/lineItems.ts';
import { findVisibleOrder } from '../orders/service.ts';
import { CONTRACT_STATUS_OPTIONS, CONTRACT_TYPE_OPTIONS } from './fields.ts';
import { findVisibleContract, present } from './service.ts';

const label = (opts: { value: string; label: string }[], v: unknown) => opts.find((o) => o.value === v)?.label ?? String(v ?? '');
const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const yuan = (v: unknown) => (v === null || v === undefined || v === '' ? '' : displayMoney(parseMoney(String(v))));
const upper = (v: unknown) => (v === null || v === undefined || v === '' ? '' : chineseUppercaseMoney(parseMoney(String(v))));
const trimQty = (q: string) => q.replace(/\.?0+$/, '');

/** Line items as display strings (the template's line table). */
export function printLines(lines: LineItemDto[]): Record<string, string>[] {
  return lines.map((l, i) => ({
    index: String(i + 1), productCode: s(l.productCode), productName: l.productName, unit: s(l.unit), specification: s(l.specification),
    quantity: trimQty(l.quantity), deliveredQuantity: trimQty(l.deliveredQuantity), listPrice: yuan(l.listPrice), salePrice: yuan(l.salePrice),
    discount: l.discountKind === 'percent' ? `${trimQty(l.discountValue)}%` : yuan(l.discountValue), taxRate: `${trimQty(l.taxRate)}%`,
    taxAmount: yuan(l.taxAmount), totalAmount: yuan(l.totalAmount), remark: s(l.remark),
  }));
}

export async function loadContractPrint(db: Db, actor: Actor, id: string): Promise<PrintData> {
  const row = await findVisibleContract(db, actor, id);
  if (!row) throw notFound('contract');
  const c = present(actor, row, 'detail');
  return {
    title: `合同 ${s(c.number)}`.trim(),
    fields: {
      number: s(c.number), name: s(c.name), customerName: s(c.customerName), opportunityName: s(c.opportunityName), quoteNumber: s(c.quoteNumber),
      contractType: label(CONTRACT_TYPE_OPTIONS, c.contractType), status: label(CONTRACT_STATUS_OPTIONS, c.status),
      orderDate: s(c.orderDate), startDate: s(c.startDate), endDate: s(c.endDate), signedDate: s(c.signedDate),
      amount: yuan(c.amount), amountUpper: upper(c.amount), discountAmount: yuan(c.discountAmount),
      receivedAmount: yuan(c.receivedAmount), outstandingAmount: yuan(c.outstandingAmount), invoicedAmount: yuan(c.invoicedAmount),
      paymentTerms: s(c.paymentTerms), customerSignerName: s(c.customerSignerName), companySignerName: s(c.companySignerName),
      ownerName: s(c.ownerName), remark: s(c.remark),
    },
    lines: printLines(await loadLineItems(db, actor.tenantId, 'contract', id)),
  };
}

const ORDER_STATUS: Record<string, string> = { draft: '草稿', confirmed: '已确认', completed: '已完成', cancelled: '已取消' };
const DELIVERY_STATUS: Record<string, string> = { pending: '待发货', partial: '部分发货', delivered: '已发货' };

export async function loadOrderPrint(db: Db, actor: Actor, id: string): Promise<PrintData> {
  const o = await findVisibleOrder(db, actor, id);
  if (!o) throw notFound('order');
  return {
    title: `订单 ${s(o.number)}`.trim(),
    fields: {
      number: s(o.number), title: s(o.title), customerName: s(o.customerName), contractNumber: s(o.contractNumber), quoteNumber: s(o.quoteNumber),
      orderDate: s(o.orderDate), status: ORDER_STATUS[o.status] ?? o.status, deliveryStatus: DELIVERY_STATUS[o.deliveryStatus] ?? o.deliveryStatus,
      grossAmount: yuan(o.grossAmount), discountAmount: yuan(o.discountAmount), taxAmount: yuan(o.taxAmount),
      totalAmount: yuan(o.totalAmount), totalAmountUpper: upper(o.totalAmount), amount: yuan(o.totalAmount), amountUpper: upper(o.totalAmount),
      receiverName: s(o.receiverName), receiverPhone: s(o.receiverPhone), shippingAddress: s(o.shippingAddress), ownerName: s(o.ownerName), remark: s(o.remark),
    },
    lines: printLines(await loadLineItems(db, actor.tenantId, 'order', id)),
  };
}

export function registerContractPrints(): void {
  registerPrintLoader('contract', loadContractPrint);
  registerPrintLoader('order', loadOrderPrint);
}
