/**
 * Values as people read them: option labels in the UI language, money with ¥ and 2 decimals,
 * dates and times in the organization's time zone (not the browser's — a Shanghai team reading
 * from a laptop set to UTC must see the same "today"). Pure: the context carries locale and zone.
 */
import { withFormat } from '../../lib/format.ts';
import type { FieldMeta, Widget } from './types.ts';

export interface FormatContext {
  locale: 'zh-CN' | 'en';
  timeZone: string;
  currency: string;
  userName?: (id: string) => string | undefined;
  departmentName?: (id: string) => string | undefined;
  yes: string;
  no: string;
}

export const EMPTY = '—';

/** lib/format.ts's formatters bound to this context (explicit locale/zone/currency keeps this module pure). */
function fmt(ctx: Pick<FormatContext, 'locale' | 'timeZone' | 'currency'>) {
  return withFormat({ locale: ctx.locale, timeZone: ctx.timeZone, currency: ctx.currency });
}

/** ¥1,234.50: money fields always show 2 decimals, as the server stores them. */
export function formatMoney(n: number, ctx: Pick<FormatContext, 'locale' | 'timeZone' | 'currency'>): string {
  return fmt(ctx).money(n, 2);
}

export function formatDateTimeIn(iso: string, ctx: Pick<FormatContext, 'locale' | 'timeZone' | 'currency'>): string {
  return fmt(ctx).dateTime(iso);
}

export function fieldLabel(field: Pick<FieldMeta, 'label' | 'labelEn'>, locale: 'zh-CN' | 'en'): string {
  return locale === 'en' ? field.labelEn || field.label : field.label;
}

export function optionLabel(field: Pick<FieldMeta, 'options'>, value: unknown, locale: 'zh-CN' | 'en'): string {
  const o = field.options.find((x) => x.value === value);
  if (!o) return String(value);
  return locale === 'en' ? o.labelEn || o.label : o.label;
}

/** A value as text; widgets with richer display (tags, links, files) are drawn by FieldValue. */
export function formatValue(field: FieldMeta, widget: Widget, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return EMPTY;
  switch (widget) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value, ctx) : String(value);
    case 'percent':
      return typeof value === 'number' ? `${fmt(ctx).number(value)}%` : String(value);
    case 'number':
      return typeof value === 'number' ? fmt(ctx).number(value) : String(value);
    case 'date':
      return typeof value === 'string' ? fmt(ctx).date(value) : String(value);
    case 'datetime':
      return typeof value === 'string' ? fmt(ctx).dateTime(value) : String(value);
    case 'boolean':
      return value ? ctx.yes : ctx.no;
    case 'singleSelect':
      return optionLabel(field, value, ctx.locale);
    case 'multiSelect':
    case 'tags':
      return Array.isArray(value) ? value.map((v) => optionLabel(field, v, ctx.locale)).join(', ') : String(value);
    case 'user':
      return typeof value === 'string' ? (ctx.userName?.(value) ?? EMPTY) : EMPTY;
    case 'department':
      return typeof value === 'string' ? (ctx.departmentName?.(value) ?? EMPTY) : EMPTY;
    case 'address': {
      const a = value as Record<string, string | undefined>;
      return [a.province, a.city, a.district, a.detail].filter(Boolean).join(' ') || EMPTY;
    }
    case 'attachment':
      return Array.isArray(value) ? `${value.length}` : EMPTY;
    default:
      return String(value);
  }
}

/** Widget of any field, for display: the module's spec, else the custom type, else the filter kind. */
export function widgetOf(field: FieldMeta, standard: Record<string, { widget: Widget }>): Widget {
  if (field.source === 'standard') {
    const spec = standard[field.key];
    if (spec) return spec.widget;
    if (field.kind === 'datetime') return 'datetime';
    if (field.kind === 'date') return 'date';
    if (field.kind === 'number') return 'number';
    if (field.kind === 'boolean') return 'boolean';
    if (field.kind === 'select') return field.options.length ? 'singleSelect' : 'text';
    if (field.kind === 'multiselect') return field.options.length ? 'multiSelect' : 'tags';
    if (field.kind === 'uuid') return 'user';
    return 'text';
  }
  const t = field.type ?? 'text';
  return (['singleSelect', 'multiSelect', 'text', 'longText', 'number', 'money', 'percent', 'date', 'datetime', 'user', 'department', 'boolean', 'phone', 'email', 'url', 'address', 'attachment'] as const).find((w) => w === t) ?? 'text';
}
