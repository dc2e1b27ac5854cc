/** Payment plans (回款计划) and payment records (回款) in the records toolkit: catalog, filters, views, export. */
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { paymentPlans as p, paymentRecords as r } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });
const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const PAYMENT_METHOD_OPTIONS = [
  opt('bankTransfer', '银行转账', 'Bank transfer'), opt('cash', '现金', 'Cash'), opt('cheque', '支票', 'Cheque'),
  opt('online', '在线支付', 'Online'), opt('alipay', '支付宝', 'Alipay'), opt('wechatPay', '微信支付', 'WeChat Pay'),
];
export const PAYMENT_STATUS_OPTIONS = [
  opt('draft', '草稿', 'Draft'), opt('inReview', '待确认', 'In review'), opt('confirmed', '已确认', 'Confirmed'),
  opt('rejected', '已驳回', 'Rejected'), opt('withdrawn', '已撤回', 'Withdrawn'), opt('void', '已作废', 'Void'),
];
export const PLAN_STATUS_OPTIONS = [
  opt('pending', '待回款', 'Pending'), opt('partial', '部分回款', 'Partly received'), opt('received', '已回款', 'Received'),
  opt('overdue', '已逾期', 'Overdue'), opt('void', '已作废', 'Void'),
];

export const methodLabel = (v: string) => PAYMENT_METHOD_OPTIONS.find((o) => o.value === v)?.label ?? v;

const contractNumber = (col: AnyPgColumn) => sql<string | null>`(SELECT c.number FROM contracts c WHERE c.id = ${col})`;
const contractName = (col: AnyPgColumn) => sql<string | null>`(SELECT c.name FROM contracts c WHERE c.id = ${col})`;
const customerName = (col: AnyPgColumn) => sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${col})`;

export const planOutstandingSql = sql<string>`(CASE WHEN ${p.status} = 'void' THEN 0 ELSE ${p.amount} - ${p.receivedAmount} END)`;
export const planContractNumberSql = contractNumber(p.contractId);
export const planContractNameSql = contractName(p.contractId);
export const planCustomerNameSql = customerName(p.customerId);
export const recordContractNumberSql = contractNumber(r.contractId);
export const recordContractNameSql = contractName(r.contractId);
export const recordCustomerNameSql = customerName(r.customerId);
export const recordPlanInstalmentSql = sql<number | null>`(SELECT pp.instalment FROM payment_plans pp WHERE pp.id = ${r.planId})`;

export const PAYMENT_PLAN_FIELDS: StandardFieldDef[] = [
  f('number', '计划编号', 'Number', 'text', p.number),
  f('contractId', '合同', 'Contract', 'uuid', p.contractId, { notNull: true }),
  f('contractNumber', '合同编号', 'Contract number', 'text', planContractNumberSql, { sortable: false }),
  f('contractName', '合同名称', 'Contract name', 'text', planContractNameSql, { sortable: false }),
  f('customerId', '客户', 'Customer', 'uuid', p.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', planCustomerNameSql, { sortable: false }),
  f('instalment', '期数', 'Instalment', 'number', p.instalment, { notNull: true }),
  f('amount', '计划金额', 'Amount', 'number', p.amount, { notNull: true }),
  f('dueDate', '计划回款日期', 'Due date', 'date', p.dueDate, { notNull: true }),
  f('remindDaysBefore', '提前提醒天数', 'Remind days before', 'number', p.remindDaysBefore, { notNull: true }),
  f('status', '状态', 'Status', 'select', p.status, { notNull: true, options: PLAN_STATUS_OPTIONS }),
  f('receivedAmount', '已回款金额', 'Received', 'number', p.receivedAmount, { notNull: true }),
  f('outstanding', '未回款金额', 'Outstanding', 'number', planOutstandingSql),
  f('ownerId', '负责人', 'Owner', 'uuid', p.ownerId),
  f('remark', '备注', 'Remark', 'text', p.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', p.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', p.updatedAt, { notNull: true }),
];

export const PAYMENT_FIELDS: StandardFieldDef[] = [
  f('number', '回款编号', 'Number', 'text', r.number),
  f('contractId', '合同', 'Contract', 'uuid', r.contractId, { notNull: true }),
  f('contractNumber', '合同编号', 'Contract number', 'text', recordContractNumberSql, { sortable: false }),
  f('contractName', '合同名称', 'Contract name', 'text', recordContractNameSql, { sortable: false }),
  f('planId', '回款计划', 'Payment plan', 'uuid', r.planId),
  f('planInstalment', '期数', 'Instalment', 'number', recordPlanInstalmentSql, { sortable: false }),
  f('customerId', '客户', 'Customer', 'uuid', r.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', recordCustomerNameSql, { sortable: false }),
  f('paidOn', '回款日期', 'Paid on', 'date', r.paidOn, { notNull: true }),
  f('amount', '回款金额', 'Amount', 'number', r.amount, { notNull: true }),
  f('method', '付款方式', 'Method', 'select', r.method, { notNull: true, options: PAYMENT_METHOD_OPTIONS }),
  f('status', '状态', 'Status', 'select', r.status, { notNull: true, options: PAYMENT_STATUS_OPTIONS }),
  f('payerName', '付款方', 'Payer', 'text', r.payerName),
  f('payerAccount', '付款账号', 'Payer account', 'text', r.payerAccount, { sortable: false }),
  f('confirmedAt', '确认时间', 'Confirmed', 'datetime', r.confirmedAt),
  f('ownerId', '负责人', 'Owner', 'uuid', r.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${r.tags})`, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', r.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', r.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', r.updatedAt, { notNull: true }),
];

export const paymentPlanType = registerRecordType({
  recordType: 'paymentPlan', table: p, tableName: 'payment_plans', label: '回款计划', labelEn: 'Payment plan', standardFields: PAYMENT_PLAN_FIELDS,
});

export const paymentType = registerRecordType({
  recordType: 'payment', table: r, tableName: 'payment_records', label: '回款', labelEn: 'Payment', standardFields: PAYMENT_FIELDS,
});
