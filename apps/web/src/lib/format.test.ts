import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatRelative, setTenantFormat, tenantFormat, withFormat } from './format.ts';

// 2025-01-15 18:30 UTC = 2025-01-16 02:30 in Shanghai: a day boundary shows whose zone is used.
const instant = '2025-01-15T18:30:00Z';
const zh = withFormat({ locale: 'zh-CN' });
const en = withFormat({ locale: 'en' });

afterEach(() => setTenantFormat({ timeZone: 'Asia/Shanghai', currency: 'CNY' }));

describe('dates', () => {
  it('shows instants in the tenant time zone, per locale', () => {
    expect(zh.date(instant)).toBe('2025-01-16');
    expect(zh.dateTime(instant)).toBe('2025-01-16 02:30');
    expect(en.date(instant)).toBe('Jan 16, 2025');
    expect(en.dateTime(instant)).toMatch(/^Jan 16, 2025,? 02:30$/);
    expect(zh.dateTime(new Date(instant))).toBe('2025-01-16 02:30');
  });

  it('follows the tenant zone once set, and explicit options over it', () => {
    setTenantFormat({ timeZone: 'America/New_York' });
    expect(zh.dateTime(instant)).toBe('2025-01-15 13:30');
    expect(withFormat({ locale: 'zh-CN', timeZone: 'UTC' }).dateTime(instant)).toBe('2025-01-15 18:30');
    setTenantFormat({ timeZone: 'Not/AZone' }); // ignored, not thrown
    expect(tenantFormat().timeZone).toBe('America/New_York');
  });

  it('keeps date-only values on their calendar day in any zone', () => {
    setTenantFormat({ timeZone: 'America/Los_Angeles' });
    expect(zh.date('2025-03-01')).toBe('2025-03-01');
    expect(en.date('2025-03-01')).toBe('Mar 1, 2025');
  });

  it('answers — for empty or invalid input, and works as a table cell renderer', () => {
    for (const v of [null, undefined, '', 'not a date']) {
      expect(formatDate(v)).toBe('—');
      expect(formatDateTime(v)).toBe('—');
      expect(formatRelative(v)).toBe('—');
    }
    // the default language (no i18n set up here) is Chinese, the zone the tenant's
    expect(formatDateTime(instant)).toBe('2025-01-16 02:30');
  });

  it('says how long ago in words', () => {
    const now = new Date('2025-01-15T12:00:00Z');
    expect(zh.relative('2025-01-15T11:57:00Z', now)).toBe('3分钟前');
    expect(en.relative('2025-01-15T11:57:00Z', now)).toBe('3 minutes ago');
    expect(en.relative('2025-01-17T12:00:00Z', now)).toBe('in 2 days');
    expect(zh.relative('2025-01-14T12:00:00Z', now)).toBe('昨天');
    expect(en.relative('2025-01-15T11:59:40Z', now)).toBe('just now');
  });
});

describe('money', () => {
  it('prints CNY as ¥ in both languages', () => {
    expect(zh.money(1234.5)).toBe('¥1,234.50');
    expect(en.money('1234.5')).toBe('¥1,234.50');
    expect(zh.money(-20)).toBe('-¥20.00');
    expect(formatMoney(88)).toBe('¥88.00');
  });

  it('uses the tenant currency, a record\'s own currency and decimals', () => {
    setTenantFormat({ currency: 'USD' });
    expect(en.money(1234567, 0)).toBe('$1,234,567');
    expect(formatMoney(10, 'JPY')).toBe('¥10');
    expect(formatMoney(10, 'EUR', 0)).toBe('€10');
  });

  it('answers — for nothing or non-numbers', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney('abc')).toBe('—');
    expect(zh.number(12345)).toBe('12,345');
  });
});
