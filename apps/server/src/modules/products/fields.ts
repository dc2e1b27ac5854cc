import { sql } from 'drizzle-orm';
import { registerRecordType, type StandardFieldDef } from '../../platform/records/registry.ts';
import { products as k } from './schema.ts';

const f = (key: string, label: string, labelEn: string, kind: StandardFieldDef['kind'], col: StandardFieldDef['sql'], extra: Partial<StandardFieldDef> = {}): StandardFieldDef => ({
  key, label, labelEn, kind, sql: col, ...extra,
});

export const categoryNameSql = sql<string | null>`(SELECT pc.name FROM product_categories pc WHERE pc.id = ${k.categoryId})`;

/** Standard product fields in display order; money columns are kind 'number' (numeric SQL). */
export const PRODUCT_FIELDS: StandardFieldDef[] = [
  f('code', '产品编码', 'Code', 'text', k.code, { notNull: true }),
  f('name', '产品名称', 'Name', 'text', k.name, { notNull: true }),
  f('categoryId', '产品分类', 'Category', 'uuid', k.categoryId),
  f('categoryName', '分类名称', 'Category name', 'text', categoryNameSql, { sortable: false }),
  f('unit', '单位', 'Unit', 'text', k.unit),
  f('specification', '规格型号', 'Specification', 'text', k.specification),
  f('listPrice', '标准价', 'List price', 'number', k.listPrice, { notNull: true }),
  f('taxRate', '税率(%)', 'Tax rate (%)', 'number', k.taxRate, { notNull: true }),
  f('listed', '上架', 'Listed', 'boolean', k.listed, { notNull: true }),
  f('tags', '标签', 'Tags', 'multiselect', sql`to_jsonb(${k.tags})`, { sortable: false }),
  f('description', '描述', 'Description', 'text', k.description, { sortable: false }),
  f('ownerId', '负责人', 'Owner', 'uuid', k.ownerId),
  f('createdAt', '创建时间', 'Created', 'datetime', k.createdAt, { notNull: true }),
  f('updatedAt', '更新时间', 'Updated', 'datetime', k.updatedAt, { notNull: true }),
];

export const productType = registerRecordType({
  recordType: 'product',
  table: k,
  tableName: 'products',
  label: '产品',
  labelEn: 'Product',
  standardFields: PRODUCT_FIELDS,
});
