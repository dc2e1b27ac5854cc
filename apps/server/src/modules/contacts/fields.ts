import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { contacts as k } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

/** Roles in the customer's decision chain (决策链). */
export const DECISION_ROLE_OPTIONS = [
  opt('decisionMaker', '决策人', 'Decision-maker'), opt('influencer', '影响者', 'Influencer'), opt('user', '使用者', 'User'),
  opt('purchaser', '采购', 'Purchaser'), opt('finance', '财务', 'Finance'),
];
export const GENDER_OPTIONS = [opt('male', '男', 'Male'), opt('female', '女', 'Female')];

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

/** The customer's name, read where the list needs it (a subquery evaluated for the page's rows). */
export const customerNameSql = sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${k.customerId})`;

/** Standard contact fields in display order; keys are the API's camelCase names. */
export const CONTACT_FIELDS: StandardFieldDef[] = [
  f('number', '联系人编号', 'Number', 'text', k.number),
  f('name', '姓名', 'Name', 'text', k.name, { notNull: true }),
  f('customerId', '所属客户', 'Customer', 'uuid', k.customerId),
  f('customerName', '客户名称', 'Customer name', 'text', customerNameSql, { sortable: false }),
  f('title', '职务', 'Title', 'text', k.title),
  f('department', '部门', 'Department', 'text', k.department),
  f('mobile', '手机', 'Mobile', 'text', k.mobile),
  f('phone', '电话', 'Phone', 'text', k.phone),
  f('email', '邮箱', 'Email', 'text', k.email),
  f('wechat', '微信', 'WeChat', 'text', k.wechat),
  f('gender', '性别', 'Gender', 'select', k.gender, { options: GENDER_OPTIONS }),
  f('birthday', '生日', 'Birthday', 'date', k.birthday),
  f('isKeyDecisionMaker', '关键决策人', 'Key decision-maker', 'boolean', k.isKeyDecisionMaker, { notNull: true }),
  f('decisionRole', '决策角色', 'Decision role', 'select', k.decisionRole, { options: DECISION_ROLE_OPTIONS }),
  f('isPrimary', '首要联系人', 'Primary contact', 'boolean', k.isPrimary, { notNull: true }),
  f('address', '地址', 'Address', 'text', k.address, { sortable: false }),
  f('ownerId', '负责人', 'Owner', 'uuid', k.ownerId),
  // text[] → jsonb so the filter language's multiselect operators apply
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${k.tags})`, { sortable: false }),
  f('lastFollowupAt', '最近跟进时间', 'Last follow-up', 'datetime', k.lastFollowupAt),
  f('nextFollowupAt', '下次跟进时间', 'Next follow-up', 'datetime', k.nextFollowupAt),
  f('remark', '备注', 'Remark', 'text', k.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', k.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', k.updatedAt, { notNull: true }),
];

export const contactType = registerRecordType({
  recordType: 'contact',
  table: k,
  tableName: 'contacts',
  label: '联系人',
  labelEn: 'Contact',
  standardFields: CONTACT_FIELDS,
});
