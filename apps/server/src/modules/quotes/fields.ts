import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { quotes as q } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

export const QUOTE_STATUS_OPTIONS = [
  opt('draft', '草稿', 'Draft'), opt('inApproval', '审批中', 'In approval'), opt('sent', '已发送', 'Sent'),
  opt('accepted', '已接受', 'Accepted'), opt('rejected', '已拒绝', 'Rejected'), opt('expired', '已过期', 'Expired'),
];
export const QUOTE_APPROVAL_OPTIONS = [
  opt('none', '无需审批', 'None'), opt('pending', '审批中', 'Pending'), opt('approved', '已批准', 'Approved'),
  opt('rejected', '已驳回', 'Rejected'), opt('withdrawn', '已撤回', 'Withdrawn'),
];

/**
 * A user's discount limit (percent, numeric): the most generous of their roles' limits; NULL = no
 * limit (a role without a discount_limits row, or no role at all).
 */
export function userDiscountLimitSql(userId: AnyPgColumn | SQL | string): SQL {
  return sql`(SELECT CASE WHEN count(*) = 0 OR bool_or(dl.role_id IS NULL) THEN NULL ELSE max(dl.max_discount_pct) END
    FROM user_roles ur LEFT JOIN discount_limits dl ON dl.tenant_id = ur.tenant_id AND dl.role_id = ur.role_id
    WHERE ur.user_id = ${userId})`;
}

/** 超出折扣权限: the quote's largest discount is beyond what its owner's roles may give. */
export const overLimitSql = sql<boolean>`COALESCE(${q.maxDiscountPct} > ${userDiscountLimitSql(q.ownerId)}, false)`;

const name = (table: string, col: AnyPgColumn) => sql<string | null>`(SELECT x.name FROM ${sql.raw(table)} x WHERE x.id = ${col})`;
export const customerNameSql = name('customers', q.customerId);
export const opportunityNameSql = name('opportunities', q.opportunityId);
export const contactNameSql = name('contacts', q.contactId);
export const ownerNameSql = name('users', q.ownerId);

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

/** Standard quote fields in display order; keys are the API's camelCase names. */
export const QUOTE_FIELDS: StandardFieldDef[] = [
  f('number', '报价单号', 'Number', 'text', q.number),
  f('title', '报价名称', 'Title', 'text', q.title, { notNull: true }),
  f('customerId', '客户', 'Customer', 'uuid', q.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', customerNameSql, { sortable: false }),
  f('opportunityId', '商机', 'Opportunity', 'uuid', q.opportunityId),
  f('contactId', '联系人', 'Contact', 'uuid', q.contactId),
  f('quoteDate', '报价日期', 'Quote date', 'date', q.quoteDate, { notNull: true }),
  f('validUntil', '有效期至', 'Valid until', 'date', q.validUntil),
  f('status', '状态', 'Status', 'select', q.status, { notNull: true, options: QUOTE_STATUS_OPTIONS }),
  f('approvalStatus', '折扣审批', 'Discount approval', 'select', q.approvalStatus, { notNull: true, options: QUOTE_APPROVAL_OPTIONS }),
  f('grossAmount', '原价合计', 'Gross amount', 'number', q.grossAmount, { notNull: true }),
  f('discountAmount', '折扣金额', 'Discount', 'number', q.discountAmount, { notNull: true }),
  f('taxAmount', '税额', 'Tax', 'number', q.taxAmount, { notNull: true }),
  f('totalAmount', '报价总额', 'Total', 'number', q.totalAmount, { notNull: true }),
  f('maxDiscountPct', '最大折扣(%)', 'Max discount (%)', 'number', q.maxDiscountPct, { notNull: true }),
  f('overLimit', '超出折扣权限', 'Over discount limit', 'boolean', overLimitSql, { sortable: false, notNull: true }),
  f('terms', '条款', 'Terms', 'text', q.terms, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', q.remark, { sortable: false }),
  f('rejectedReason', '拒绝原因', 'Rejection reason', 'text', q.rejectedReason, { sortable: false }),
  f('contractId', '合同', 'Contract', 'uuid', q.contractId),
  f('ownerId', '负责人', 'Owner', 'uuid', q.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${q.tags})`, { sortable: false }),
  f('sentAt', '发送时间', 'Sent', 'datetime', q.sentAt),
  f('acceptedAt', '接受时间', 'Accepted', 'datetime', q.acceptedAt),
  f('createdAt', '创建时间', 'Created', 'datetime', q.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', q.updatedAt, { notNull: true }),
];

export const quoteType = registerRecordType({
  recordType: 'quote',
  table: q,
  tableName: 'quotes',
  label: '报价',
  labelEn: 'Quote',
  standardFields: QUOTE_FIELDS,
});
