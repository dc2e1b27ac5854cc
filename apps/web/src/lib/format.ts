/**
 * Dates, times and money for people: in the UI language and in the organization's time zone and
 * currency (a Shanghai office reads Shanghai times even from a laptop set to another zone).
 * The tenant's settings are set once from GET /auth/me (see features/auth/useMe.ts); every helper also
 * takes explicit options, which tests and the rare cross-tenant screen use.
 */
import i18n from 'i18next';

export interface FormatOptions {
  /** 'zh-CN' | 'en'; default: the current UI language */
  locale?: string;
  /** IANA zone; default: the organization's */
  timeZone?: string;
  /** ISO 4217 code; default: the organization's */
  currency?: string;
}

export type DateInput = string | number | Date | null | undefined;

const tenant = { timeZone: 'Asia/Shanghai', currency: 'CNY' };

/** Called whenever "me" is loaded; unknown zones or codes are ignored rather than breaking every date. */
export function setTenantFormat(next: { timeZone?: string | null; currency?: string | null }): void {
  if (next.timeZone && isValidTimeZone(next.timeZone)) tenant.timeZone = next.timeZone;
  if (next.currency && /^[A-Z]{3}$/.test(next.currency)) tenant.currency = next.currency;
}

export function tenantFormat(): Readonly<typeof tenant> {
  return tenant;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function localeOf(o?: FormatOptions): string {
  const l = o?.locale ?? i18n.language;
  return l === 'en' ? 'en' : 'zh-CN';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  // A date-only value ("2025-01-15", e.g. a due date) is a calendar day, not an instant: no zone shift.
  const d = typeof value === 'string' && DATE_ONLY.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Intl formatters are costly to build and a list formats thousands of cells: keep them.
const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone, ...opts })));
  return f;
}

/** Chinese users expect 2025-01-15 14:30; Intl's zh-CN gives 2025/01/15, so zh-CN is assembled from parts. */
function zhParts(d: Date, timeZone: string, withTime: boolean): string {
  const opts: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) };
  const p = Object.fromEntries(dtf('en-US', timeZone, opts).formatToParts(d).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return withTime ? `${date} ${p.hour}:${p.minute}` : date;
}

function zoneFor(value: DateInput, o?: FormatOptions): string {
  return typeof value === 'string' && DATE_ONLY.test(value) ? 'UTC' : (o?.timeZone ?? tenant.timeZone);
}

function date(value: DateInput, o?: FormatOptions): string {
  const d = toDate(value);
  if (!d) return '—';
  const zone = zoneFor(value, o);
  const locale = localeOf(o);
  return locale === 'zh-CN' ? zhParts(d, zone, false) : dtf(locale, zone, { dateStyle: 'medium' }).format(d);
}

function dateTime(value: DateInput, o?: FormatOptions): string {
  const d = toDate(value);
  if (!d) return '—';
  const zone = o?.timeZone ?? tenant.timeZone;
  const locale = localeOf(o);
  if (locale === 'zh-CN') return zhParts(d, zone, true);
  return dtf(locale, zone, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60],
];

function relative(value: DateInput, o?: FormatOptions & { now?: Date }): string {
  const d = toDate(value);
  if (!d) return '—';
  const locale = localeOf(o);
  const seconds = Math.round((d.getTime() - (o?.now ?? new Date()).getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return locale === 'zh-CN' ? '刚刚' : 'just now';
}

type Amount = number | string | null | undefined;

function money(amount: Amount, o?: FormatOptions & { decimals?: number }): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) return '—';
  const digits = o?.decimals === undefined ? {} : { minimumFractionDigits: o.decimals, maximumFractionDigits: o.decimals };
  return new Intl.NumberFormat(localeOf(o), { style: 'currency', currency: o?.currency ?? tenant.currency, currencyDisplay: 'narrowSymbol', ...digits }).format(n);
}

function number(value: Amount, o?: FormatOptions): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(localeOf(o)).format(n) : '—';
}

/**
 * Formatters bound to explicit options (another locale, zone or currency than the current ones);
 * mainly for tests and the rare screen that shows another organization's or a record's own currency.
 */
export function withFormat(o: FormatOptions) {
  return {
    date: (v: DateInput) => date(v, o),
    dateTime: (v: DateInput) => dateTime(v, o),
    relative: (v: DateInput, now?: Date) => relative(v, { ...o, now }),
    money: (amount: Amount, decimals?: number) => money(amount, { ...o, decimals }),
    number: (v: Amount) => number(v, o),
  };
}

// The everyday helpers take the value only, so they also work as antd column renderers
// (`render: formatDateTime`) without mistaking the row for options.

/** 2025-01-15 (zh-CN) · Jan 15, 2025 (en); '—' for nothing. Date-only strings keep their calendar day. */
export const formatDate = (value: DateInput): string => date(value);
/** 2025-01-15 14:30 (zh-CN) · Jan 15, 2025, 14:30 (en): the organization's zone, 24-hour clock. */
export const formatDateTime = (value: DateInput): string => dateTime(value);
/** "3分钟前" / "in 2 days"; under a minute "刚刚" / "just now". */
export const formatRelative = (value: DateInput): string => relative(value);
/** Kept for existing callers; same as formatRelative. */
export const fromNow = formatRelative;
/** 12,345 */
export const formatNumber = (value: Amount): string => number(value);

/**
 * ¥1,234.50 — the symbol, not "CN¥", in both languages (narrowSymbol). Amounts may arrive as strings
 * (PostgreSQL numeric). `currency` defaults to the organization's (a record may carry its own);
 * `decimals` overrides the currency's usual digits (0 for dashboards).
 */
export function formatMoney(amount: Amount, currency?: string | null, decimals?: number): string {
  return money(amount, { currency: currency ?? undefined, decimals });
}

/** A short "Chrome · macOS" from a user agent string; good enough to recognise one's own devices. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return '—';
  const browser =
    /Edg\//.test(ua) ? 'Edge'
    : /MicroMessenger/i.test(ua) ? 'WeChat'
    : /DingTalk/i.test(ua) ? 'DingTalk'
    : /Firefox\//.test(ua) ? 'Firefox'
    : /(Chrome|Chromium|CriOS)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari'
    : /curl|node|undici/i.test(ua) ? 'API client'
    : '';
  const os =
    /iPhone|iPad|iPod/.test(ua) ? 'iOS'
    : /Android/.test(ua) ? 'Android'
    : /HarmonyOS/i.test(ua) ? 'HarmonyOS'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS'
    : /Windows/.test(ua) ? 'Windows'
    : /Linux/.test(ua) ? 'Linux'
    : '';
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : ua.slice(0, 40);
}
