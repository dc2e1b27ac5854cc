import { describe, expect, it } from 'vitest';
import { formatValue, type FormatContext } from './format.ts';
import type { FieldMeta } from './types.ts';

const field = (extra: Partial<FieldMeta> = {}): FieldMeta => ({
  key: 'x', label: '级别', labelEn: 'Grade', kind: 'select', type: null, source: 'standard', filterable: true, sortable: true,
  options: [{ value: 'A', label: '重点客户', labelEn: 'A · key' }], access: 'editable', masked: false, ...extra,
});
const zh: FormatContext = { locale: 'zh-CN', timeZone: 'Asia/Shanghai', currency: 'CNY', yes: '是', no: '否', userName: (id) => (id === 'u1' ? '林晓' : undefined) };

describe('formatValue', () => {
  it('formats money with ¥ and 2 decimals, datetimes in the organization zone, labels per language', () => {
    expect(formatValue(field(), 'money', 1234.5, zh)).toBe('¥1,234.50');
    expect(formatValue(field(), 'datetime', '2025-01-15T16:30:00Z', zh)).toBe('2025-01-16 00:30');
    expect(formatValue(field(), 'datetime', '2025-01-15T16:30:00Z', { ...zh, timeZone: 'UTC' })).toBe('2025-01-15 16:30');
    expect(formatValue(field(), 'date', '2025-01-15', zh)).toBe('2025-01-15');
    expect(formatValue(field(), 'singleSelect', 'A', zh)).toBe('重点客户');
    expect(formatValue(field(), 'singleSelect', 'A', { ...zh, locale: 'en' })).toBe('A · key');
    expect(formatValue(field(), 'percent', 12.5, zh)).toBe('12.5%');
    expect(formatValue(field(), 'boolean', false, zh)).toBe('否');
    expect(formatValue(field(), 'user', 'u1', zh)).toBe('林晓');
    expect(formatValue(field(), 'address', { province: '浙江省', city: '杭州市', detail: '文一西路 1 号' }, zh)).toBe('浙江省 杭州市 文一西路 1 号');
    expect(formatValue(field(), 'text', null, zh)).toBe('—');
  });
});
