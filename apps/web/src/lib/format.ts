import dayjs from 'dayjs';

/** Dates are shown in the browser's time zone, minute precision: enough for sign-ins and mail. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : '—';
}

export function fromNow(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.fromNow() : '—';
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
