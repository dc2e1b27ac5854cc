import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { GRADE_OPTIONS, SOURCE_OPTIONS } from '../customers/fields.ts';
import { leads as l } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

export const LEAD_STATUS_OPTIONS = [
  opt('new', '新线索', 'New'), opt('contacting', '跟进中', 'Contacting'), opt('qualified', '已确认', 'Qualified'),
  opt('converted', '已转化', 'Converted'), opt('invalid', '无效', 'Invalid'),
];
/** A lead's own channels; "converted lead" is a customer source only. */
export const LEAD_SOURCE_OPTIONS = SOURCE_OPTIONS.filter((o) => o.value !== 'lead');
export { GRADE_OPTIONS as LEAD_GRADE_OPTIONS };

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

/** Standard lead fields in display order; keys are the API's camelCase names. */
export const LEAD_FIELDS: StandardFieldDef[] = [
  f('number', '线索编号', 'Number', 'text', l.number),
  f('name', '姓名', 'Name', 'text', l.name, { notNull: true }),
  f('company', '公司名称', 'Company', 'text', l.company),
  f('title', '职务', 'Job title', 'text', l.title),
  f('mobile', '手机', 'Mobile', 'text', l.mobile),
  f('phone', '电话', 'Phone', 'text', l.phone),
  f('email', '邮箱', 'Email', 'text', l.email),
  f('wechat', '微信', 'WeChat', 'text', l.wechat),
  f('status', '线索状态', 'Status', 'select', l.status, { options: LEAD_STATUS_OPTIONS, notNull: true }),
  f('invalidReason', '无效原因', 'Invalid reason', 'text', l.invalidReason, { sortable: false }),
  f('grade', '线索级别', 'Grade', 'select', l.grade, { options: GRADE_OPTIONS }),
  f('source', '线索来源', 'Source', 'select', l.source, { options: LEAD_SOURCE_OPTIONS }),
  f('industry', '行业', 'Industry', 'text', l.industry),
  f('productInterest', '意向产品', 'Product interest', 'text', l.productInterest),
  f('budget', '预算', 'Budget', 'number', l.budget),
  f('province', '省份', 'Province', 'text', l.province),
  f('city', '城市', 'City', 'text', l.city),
  f('district', '区县', 'District', 'text', l.district),
  f('address', '详细地址', 'Address', 'text', l.address, { sortable: false }),
  f('ownerId', '负责人', 'Owner', 'uuid', l.ownerId),
  f('previousOwnerId', '前负责人', 'Previous owner', 'uuid', l.previousOwnerId),
  f('ownerSince', '分配时间', 'Owner since', 'datetime', l.ownerSince),
  // text[] → jsonb so the filter language's multiselect operators apply
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${l.tags})`, { sortable: false }),
  f('lastFollowupAt', '最近跟进时间', 'Last follow-up', 'datetime', l.lastFollowupAt),
  f('lastFollowupContent', '最近跟进内容', 'Last follow-up notes', 'text', l.lastFollowupContent, { sortable: false }),
  f('nextFollowupAt', '下次跟进时间', 'Next follow-up', 'datetime', l.nextFollowupAt),
  f('firstContactedAt', '首次联系时间', 'First contacted', 'datetime', l.firstContactedAt),
  f('convertedAt', '转化时间', 'Converted', 'datetime', l.convertedAt),
  f('convertedCustomerId', '转化客户', 'Converted to customer', 'uuid', l.convertedCustomerId, { sortable: false }),
  f('remark', '备注', 'Remark', 'text', l.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', l.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', l.updatedAt, { notNull: true }),
];

/** Extra columns of the recycle bin's list (never shown in the live list). */
export const DELETED_LEAD_FIELDS: StandardFieldDef[] = [
  f('deletedAt', '删除时间', 'Deleted', 'datetime', l.deletedAt),
  f('deletedBy', '删除人', 'Deleted by', 'uuid', l.deletedBy),
];

export const leadType = registerRecordType({
  recordType: 'lead',
  table: l,
  tableName: 'leads',
  label: '线索',
  labelEn: 'Lead',
  standardFields: LEAD_FIELDS,
});
