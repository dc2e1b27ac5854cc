import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { orders as o } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });
export const ORDER_STATUS_OPTIONS = [opt('draft', '草稿', 'Draft'), opt('confirmed', '已确认', 'Confirmed'), opt('completed', '已完成', 'Completed'), opt('cancelled', '已取消', 'Cancelled')];
export const DELIVERY_STATUS_OPTIONS = [opt('pending', '待发货', 'Pending'), opt('partial', '部分发货', 'Partly shipped'), opt('delivered', '已发货', 'Delivered')];

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const orderCustomerNameSql = sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${o.customerId})`;
export const orderContractNumberSql = sql<string | null>`(SELECT k.number FROM contracts k WHERE k.id = ${o.contractId})`;
export const orderQuoteNumberSql = sql<string | null>`(SELECT q.number FROM quotes q WHERE q.id = ${o.quoteId})`;

export const ORDER_FIELDS: StandardFieldDef[] = [
  f('number', '订单编号', 'Number', 'text', o.number),
  f('title', '订单标题', 'Title', 'text', o.title, { notNull: true }),
  f('customerId', '客户', 'Customer', 'uuid', o.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', orderCustomerNameSql, { sortable: false }),
  f('contractId', '合同', 'Contract', 'uuid', o.contractId),
  f('quoteId', '报价单', 'Quote', 'uuid', o.quoteId),
  f('orderDate', '下单日期', 'Order date', 'date', o.orderDate, { notNull: true }),
  f('status', '状态', 'Status', 'select', o.status, { options: ORDER_STATUS_OPTIONS, notNull: true }),
  f('deliveryStatus', '发货状态', 'Delivery', 'select', o.deliveryStatus, { options: DELIVERY_STATUS_OPTIONS, notNull: true }),
  f('grossAmount', '原价合计', 'Gross', 'number', o.grossAmount, { notNull: true }),
  f('discountAmount', '优惠金额', 'Discount', 'number', o.discountAmount, { notNull: true }),
  f('taxAmount', '税额', 'Tax', 'number', o.taxAmount, { notNull: true }),
  f('totalAmount', '订单金额', 'Total', 'number', o.totalAmount, { notNull: true }),
  f('receiverName', '收货人', 'Receiver', 'text', o.receiverName),
  f('receiverPhone', '收货电话', 'Receiver phone', 'text', o.receiverPhone),
  f('shippingAddress', '收货地址', 'Shipping address', 'text', o.shippingAddress, { sortable: false }),
  f('ownerId', '负责人', 'Owner', 'uuid', o.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${o.tags})`, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', o.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', o.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', o.updatedAt, { notNull: true }),
];

export const orderType = registerRecordType({
  recordType: 'order', table: o, tableName: 'orders', label: '订单', labelEn: 'Order', standardFields: ORDER_FIELDS,
});
