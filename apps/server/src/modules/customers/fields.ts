import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { customers as c } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

export const KIND_OPTIONS = [opt('company', '企业', 'Company'), opt('individual', '个人', 'Individual')];
export const GRADE_OPTIONS = [opt('A', '重点客户', 'A · key'), opt('B', '普通客户', 'B · normal'), opt('C', '非优先客户', 'C · low priority')];
export const LIFECYCLE_OPTIONS = [
  opt('prospect', '潜在客户', 'Prospect'), opt('onboarding', '新客户入库', 'Onboarding'), opt('active', '活跃客户', 'Active'),
  opt('churnRisk', '流失预警', 'Churn risk'), opt('churned', '已流失', 'Churned'), opt('reactivated', '已唤回', 'Reactivated'),
];
export const DEAL_STATUS_OPTIONS = [opt('none', '未成交', 'No deal'), opt('won', '已成交', 'Won'), opt('repeat', '多次成交', 'Repeat customer')];
export const SCALE_OPTIONS = [
  opt('1-19', '1-19人', '1-19'), opt('20-99', '20-99人', '20-99'), opt('100-499', '100-499人', '100-499'),
  opt('500-999', '500-999人', '500-999'), opt('1000+', '1000人以上', '1000+'),
];
export const SOURCE_OPTIONS = [
  opt('promotion', '促销', 'Promotion'), opt('search', '搜索引擎', 'Search engine'), opt('ads', '广告', 'Ads'),
  opt('referral', '转介绍', 'Referral'), opt('signup', '线上注册', 'Online sign-up'), opt('inquiry', '线上询价', 'Online inquiry'),
  opt('visitBooking', '预约上门', 'Visit booking'), opt('coldVisit', '陌拜', 'Cold visit'), opt('phoneInquiry', '电话咨询', 'Phone inquiry'),
  opt('emailInquiry', '邮件咨询', 'Email inquiry'), opt('webForm', '网页表单', 'Web form'), opt('api', 'API', 'API'), opt('import', '导入', 'Import'),
  opt('lead', '线索转化', 'Converted lead'), opt('other', '其他', 'Other'),
];

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

/** Standard customer fields in display order; keys are the API's camelCase names. */
export const CUSTOMER_FIELDS: StandardFieldDef[] = [
  f('number', '客户编号', 'Number', 'text', c.number),
  f('name', '客户名称', 'Name', 'text', c.name, { notNull: true }),
  f('kind', '客户类型', 'Type', 'select', c.kind, { options: KIND_OPTIONS, notNull: true }),
  f('industry', '行业', 'Industry', 'text', c.industry),
  f('scale', '规模', 'Size', 'select', c.scale, { options: SCALE_OPTIONS }),
  f('grade', '客户级别', 'Grade', 'select', c.grade, { options: GRADE_OPTIONS }),
  f('lifecycleStage', '生命周期', 'Lifecycle stage', 'select', c.lifecycleStage, { options: LIFECYCLE_OPTIONS }),
  f('dealStatus', '成交状态', 'Deal status', 'select', c.dealStatus, { options: DEAL_STATUS_OPTIONS, notNull: true }),
  f('source', '客户来源', 'Source', 'select', c.source, { options: SOURCE_OPTIONS }),
  f('province', '省份', 'Province', 'text', c.province),
  f('city', '城市', 'City', 'text', c.city),
  f('district', '区县', 'District', 'text', c.district),
  f('address', '详细地址', 'Address', 'text', c.address, { sortable: false }),
  f('phone', '电话', 'Phone', 'text', c.phone),
  f('email', '邮箱', 'Email', 'text', c.email),
  f('website', '网址', 'Website', 'text', c.website, { sortable: false }),
  f('ownerId', '负责人', 'Owner', 'uuid', c.ownerId),
  f('previousOwnerId', '前负责人', 'Previous owner', 'uuid', c.previousOwnerId),
  f('ownerSince', '负责起始时间', 'Owner since', 'datetime', c.ownerSince),
  // text[] → jsonb so the filter language's multiselect operators apply
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${c.tags})`, { sortable: false }),
  f('locked', '锁定', 'Locked', 'boolean', c.locked, { notNull: true }),
  f('healthScore', '健康度', 'Health score', 'number', c.healthScore),
  f('lastFollowupAt', '最近跟进时间', 'Last follow-up', 'datetime', c.lastFollowupAt),
  f('nextFollowupAt', '下次跟进时间', 'Next follow-up', 'datetime', c.nextFollowupAt),
  f('remark', '备注', 'Remark', 'text', c.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', c.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', c.updatedAt, { notNull: true }),
];

export const customerType = registerRecordType({
  recordType: 'customer',
  table: c,
  tableName: 'customers',
  label: '客户',
  labelEn: 'Customer',
  standardFields: CUSTOMER_FIELDS,
});
