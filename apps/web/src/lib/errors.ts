import i18n from 'i18next';
import { formatDateTime } from './format.ts';
import { ApiError } from './api.ts';

/**
 * Turns any thrown thing into one sentence for the user in the current language.
 * Known codes get our wording (with details interpolated); unknown ones fall back to the server's message.
 */
export function errorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return i18n.t('errors.generic');
  if (err.code === 'ACCOUNT_LOCKED') {
    const until = err.detail<string>('lockedUntil');
    return until ? i18n.t('errors.ACCOUNT_LOCKED', { until: formatDateTime(until) }) : i18n.t('errors.ACCOUNT_LOCKED_NO_TIME');
  }
  const key = `errors.${err.code}`;
  // Dynamic key: i18next's typed keys cannot know server codes at compile time, hence the cast.
  if (i18n.exists(key)) return i18n.t(key as 'errors.generic');
  if (err.status >= 500 || !err.message) return i18n.t('errors.generic');
  return err.message;
}
