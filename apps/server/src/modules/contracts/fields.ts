import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { contracts as k } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

export const CONTRACT_TYPE_OPTIONS = [opt('direct', '直销', 'Direct'), opt('agency', '代理', 'Agency'), opt('service', '服务', 'Service'), opt('fmcg', '快销', 'FMCG')];
export const CONTRACT_STATUS_OPTIONS = [
  opt('draft', '草稿', 'Draft'), opt('inReview', '审批中', 'In review'), opt('approved', '已通过', 'Approved'),
  opt('rejected', '已驳回', 'Rejected'), opt('withdrawn', '已撤回', 'Withdrawn'), opt('void', '已作废', 'Void'),
];

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const contractCustomerNameSql = sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${k.customerId})`;
export const contractOpportunityNameSql = sql<string | null>`(SELECT o.name FROM opportunities o WHERE o.id = ${k.opportunityId})`;
export const contractQuoteNumberSql = sql<string | null>`(SELECT q.number FROM quotes q WHERE q.id = ${k.quoteId})`;
/** 未回款: amount − received, always computed (never stored). */
export const outstandingSql = sql<string>`(${k.amount} - ${k.receivedAmount})`;

/** Standard contract fields in display order; keys are the API's camelCase names. */
export const CONTRACT_FIELDS: StandardFieldDef[] = [
  f('number', '合同编号', 'Number', 'text', k.number),
  f('name', '合同名称', 'Name', 'text', k.name, { notNull: true }),
  f('customerId', '客户', 'Customer', 'uuid', k.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', contractCustomerNameSql, { sortable: false }),
  f('opportunityId', '商机', 'Opportunity', 'uuid', k.opportunityId),
  f('quoteId', '报价单', 'Quote', 'uuid', k.quoteId),
  f('contractType', '合同类型', 'Type', 'select', k.contractType, { options: CONTRACT_TYPE_OPTIONS, notNull: true }),
  f('status', '状态', 'Status', 'select', k.status, { options: CONTRACT_STATUS_OPTIONS, notNull: true }),
  f('amount', '合同金额', 'Amount', 'number', k.amount, { notNull: true }),
  f('discountAmount', '优惠金额', 'Discount', 'number', k.discountAmount, { notNull: true }),
  f('receivedAmount', '已回款', 'Received', 'number', k.receivedAmount, { notNull: true }),
  f('outstandingAmount', '未回款', 'Outstanding', 'number', outstandingSql, { notNull: true }),
  f('invoicedAmount', '已开票', 'Invoiced', 'number', k.invoicedAmount, { notNull: true }),
  f('orderDate', '下单日期', 'Order date', 'date', k.orderDate),
  f('startDate', '开始日期', 'Start date', 'date', k.startDate),
  f('endDate', '结束日期', 'End date', 'date', k.endDate),
  f('signedDate', '签约日期', 'Signed on', 'date', k.signedDate),
  f('paymentTerms', '付款方式', 'Payment terms', 'text', k.paymentTerms, { sortable: false }),
  f('customerSignerId', '客户签约人', 'Customer signer', 'uuid', k.customerSignerId),
  f('customerSignerName', '客户签约人姓名', 'Customer signer name', 'text', k.customerSignerName),
  f('companySignerId', '公司签约人', 'Company signer', 'uuid', k.companySignerId),
  f('remindDaysBefore', '到期提前提醒天数', 'Remind days before end', 'number', k.remindDaysBefore),
  f('ownerId', '负责人', 'Owner', 'uuid', k.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${k.tags})`, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', k.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', k.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', k.updatedAt, { notNull: true }),
];

export const contractType = registerRecordType({
  recordType: 'contract',
  table: k,
  tableName: 'contracts',
  label: '合同',
  labelEn: 'Contract',
  standardFields: CONTRACT_FIELDS,
});
