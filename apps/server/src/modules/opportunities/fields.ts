import { sql } from 'drizzle-orm';
import { registerRecordType, type FieldOption, type StandardFieldDef } from '../../platform/records/registry.ts';
import { opportunities as o } from './schema.ts';

const opt = (value: string, label: string, labelEn: string): FieldOption => ({ value, label, labelEn });

export const STATUS_OPTIONS = [opt('open', '进行中', 'Open'), opt('won', '赢单', 'Won'), opt('lost', '输单', 'Lost'), opt('invalid', '无效', 'Invalid')];
export const FORECAST_OPTIONS = [opt('pipeline', '渠道', 'Pipeline'), opt('bestCase', '最佳情况', 'Best case'), opt('commit', '承诺', 'Commit'), opt('omitted', '排除', 'Omitted')];

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const customerNameSql = sql<string | null>`(SELECT c.name FROM customers c WHERE c.id = ${o.customerId})`;
export const stageNameSql = sql<string | null>`(SELECT s.name FROM pipeline_stages s WHERE s.id = ${o.stageId})`;
export const pipelineNameSql = sql<string | null>`(SELECT p.name FROM pipelines p WHERE p.id = ${o.pipelineId})`;

/**
 * Standard opportunity fields in display order. pipelineId / stageId are selects whose options
 * (the tenant's pipelines and stages) are filled in by GET /opportunities/fields.
 */
export const OPPORTUNITY_FIELDS: StandardFieldDef[] = [
  f('number', '商机编号', 'Number', 'text', o.number),
  f('name', '商机名称', 'Name', 'text', o.name, { notNull: true }),
  f('customerId', '客户', 'Customer', 'uuid', o.customerId, { notNull: true }),
  f('customerName', '客户名称', 'Customer name', 'text', customerNameSql, { sortable: false }),
  f('pipelineId', '销售流程', 'Pipeline', 'select', sql`${o.pipelineId}::text`, { notNull: true }),
  f('stageId', '阶段', 'Stage', 'select', sql`${o.stageId}::text`, { notNull: true }),
  f('probability', '赢率(%)', 'Probability (%)', 'number', o.probability, { notNull: true }),
  f('amount', '金额', 'Amount', 'number', o.amount, { notNull: true }),
  f('expectedCloseDate', '预计成交日期', 'Expected close', 'date', o.expectedCloseDate),
  f('competitor', '竞争对手', 'Competitor', 'text', o.competitor),
  f('status', '状态', 'Status', 'select', o.status, { options: STATUS_OPTIONS, notNull: true }),
  f('lossReason', '输单原因', 'Loss reason', 'text', o.lossReason, { sortable: false }),
  f('forecastCategory', '预测类别', 'Forecast category', 'select', o.forecastCategory, { options: FORECAST_OPTIONS, notNull: true }),
  f('source', '来源', 'Source', 'text', o.source),
  f('ownerId', '负责人', 'Owner', 'uuid', o.ownerId),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${o.tags})`, { sortable: false }),
  f('stageEnteredAt', '进入阶段时间', 'In stage since', 'datetime', o.stageEnteredAt, { notNull: true }),
  f('closedAt', '关闭时间', 'Closed', 'datetime', o.closedAt),
  f('lastFollowupAt', '最近跟进时间', 'Last follow-up', 'datetime', o.lastFollowupAt),
  f('nextFollowupAt', '下次跟进时间', 'Next follow-up', 'datetime', o.nextFollowupAt),
  f('remark', '备注', 'Remark', 'text', o.remark, { sortable: false }),
  f('createdAt', '创建时间', 'Created', 'datetime', o.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', o.updatedAt, { notNull: true }),
];

export const opportunityType = registerRecordType({
  recordType: 'opportunity',
  table: o,
  tableName: 'opportunities',
  label: '商机',
  labelEn: 'Opportunity',
  standardFields: OPPORTUNITY_FIELDS,
});

/** Fields a stage may require before it is entered (keys as the API names them), with their labels. */
export const REQUIRABLE_FIELDS: Record<string, string> = {
  amount: '金额', expectedCloseDate: '预计成交日期', competitor: '竞争对手', source: '来源', remark: '备注',
  contacts: '联系人', lines: '产品明细', forecastCategory: '预测类别', nextFollowupAt: '下次跟进时间', tags: '标签',
};
