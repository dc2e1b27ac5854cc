/** Invoices (发票) in the records toolkit. */
import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { invoices as i } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });
const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const INVOICE_TYPE_OPTIONS = [opt('specialVat', '增值税专用发票', 'Special VAT invoice'), opt('ordinaryVat', '增值税普通发票', 'Ordinary VAT invoice'), opt('receipt', '收据', 'Receipt')];
export const TITLE_TYPE_OPTIONS = [opt('company', '企业', 'Company'), opt('individual', '个人', 'Individual')];
export const INVOICE_STATUS_OPTIONS = [
  opt('draft', '草稿', 'Draft'), opt('inReview', '审批中', 'In review'), opt('approved', '待开票', 'Approved'), opt('rejected', '已驳回', 'Rejected'),
  opt('withdrawn', '已撤回', 'Withdrawn'), opt('issued', '已开票', 'Issued'), opt('void', '已作废', 'Void'),
];

export const invoiceContractNumberSql = sql<string | null>`(SELECT c.number FROM contracts c WHERE c.id = ${i.contractId})`;
export const invoiceContractNameSql = sql<string | null>`(SELECT c.name FROM contracts c WHERE c.id = ${i.contractId})`;
export const invoiceCustomerNameSql = sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${i.customerId})`;

export const INVOICE_FIELDS: StandardFieldDef[] = [
  f('number', '申请编号', 'Number', 'text', i.number),
  f('contractId', '合同', 'Contract', 'uuid', i.contractId, { notNull: true }),
  f('contractNumber', '合同编号', 'Contract number', 'text', invoiceContractNumberSql, { sortable: false }),
  f('contractName', '合同名称', 'Contract name', 'text', invoiceContractNameSql, { sortable: false }),
  f('customerId', '客户', 'Customer', 'uuid', i.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', invoiceCustomerNameSql, { sortable: false }),
  f('amount', '开票金额', 'Amount', 'number', i.amount, { notNull: true }),
  f('invoiceType', '发票类型', 'Invoice type', 'select', i.invoiceType, { notNull: true, options: INVOICE_TYPE_OPTIONS }),
  f('titleType', '抬头类型', 'Title type', 'select', i.titleType, { notNull: true, options: TITLE_TYPE_OPTIONS }),
  f('title', '发票抬头', 'Title', 'text', i.title, { notNull: true }),
  f('taxNumber', '税号', 'Tax number', 'text', i.taxNumber),
  f('bankName', '开户银行', 'Bank', 'text', i.bankName, { sortable: false }),
  f('bankAccount', '银行账号', 'Bank account', 'text', i.bankAccount, { sortable: false }),
  f('address', '注册地址', 'Address', 'text', i.address, { sortable: false }),
  f('phone', '注册电话', 'Phone', 'text', i.phone, { sortable: false }),
  f('mailRecipient', '收件人', 'Recipient', 'text', i.mailRecipient, { sortable: false }),
  f('mailPhone', '收件电话', 'Recipient phone', 'text', i.mailPhone, { sortable: false }),
  f('mailAddress', '邮寄地址', 'Mailing address', 'text', i.mailAddress, { sortable: false }),
  f('email', '接收邮箱', 'Email', 'text', i.email, { sortable: false }),
  f('status', '状态', 'Status', 'select', i.status, { notNull: true, options: INVOICE_STATUS_OPTIONS }),
  f('invoiceNo', '发票号码', 'Invoice no.', 'text', i.invoiceNo),
  f('invoicedOn', '开票日期', 'Invoiced on', 'date', i.invoicedOn),
  f('ownerId', '负责人', 'Owner', 'uuid', i.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${i.tags})`, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', i.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', i.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', i.updatedAt, { notNull: true }),
];

export const invoiceType = registerRecordType({
  recordType: 'invoice', table: i, tableName: 'invoices', label: '发票', labelEn: 'Invoice', standardFields: INVOICE_FIELDS,
});
