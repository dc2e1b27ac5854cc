import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import { EMPTY, formatValue, widgetOf, type FormatContext } from './format.ts';
import type { FieldMeta, RecordLike, RecordTypeConfig } from './types.ts';

/** A record's value of one field; custom values live under `custom`. */
export function valueOf(record: RecordLike, key: string): unknown {
  if (key.startsWith('custom.')) return (record.custom as Record<string, unknown> | undefined)?.[key.slice(7)];
  return record[key];
}

/**
 * One field of one record as shown in lists, cards and the detail page: the module's override if
 * any, else formatted by widget. Masked values arrive masked and are shown exactly as returned.
 */
export function renderField(config: RecordTypeConfig<any>, field: FieldMeta, record: RecordLike, ctx: FormatContext): ReactNode {
  const custom = config.render?.[field.key];
  if (custom) return custom(record);
  const value = valueOf(record, field.key);
  const widget = widgetOf(field, config.standardFields);
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <Typography.Text type="secondary">{EMPTY}</Typography.Text>;
  if ((widget === 'tags' || widget === 'multiSelect') && Array.isArray(value)) {
    return formatValue(field, widget, value, ctx).split(', ').map((label, i) => <Tag key={i} style={{ marginInlineEnd: 4 }}>{label}</Tag>);
  }
  if (widget === 'url' && typeof value === 'string' && /^https?:\/\//i.test(value)) {
    return <Typography.Link href={value} target="_blank" rel="noopener noreferrer" ellipsis>{value}</Typography.Link>;
  }
  if (widget === 'email' && typeof value === 'string' && !field.masked) return <Typography.Link href={`mailto:${value}`}>{value}</Typography.Link>;
  if ((widget === 'phone' || widget === 'mobile') && typeof value === 'string' && !value.includes('*')) return <Typography.Link href={`tel:${value.replace(/\s/g, '')}`}>{value}</Typography.Link>;
  if (widget === 'attachment' && Array.isArray(value)) {
    return value.map((id: string) => <Typography.Link key={id} href={`/api/v1/files/${id}/content`} style={{ marginInlineEnd: 8 }}>📎</Typography.Link>);
  }
  return formatValue(field, widget, value, ctx);
}
