import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router-dom';

/* Loaded lazily through components/status.tsx: antd's Result carries large illustrations that the first screen never needs. */

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFoundDesc')}
      extra={<Link to="/"><Button type="primary">{t('errors.goHome')}</Button></Link>} />
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbiddenDesc')}
      extra={<Link to="/"><Button type="primary">{t('errors.goHome')}</Button></Link>} />
  );
}

/** Shown when a route throws while rendering or its code chunk fails to load (often: a new release was deployed). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <Result status="warning" title={t('errors.crashTitle')} subTitle={t('errors.crashDesc')}
      extra={<Button type="primary" onClick={() => window.location.reload()}>{t('errors.reload')}</Button>} />
  );
}

/** "Cannot reach the server" while finding out who is signed in. */
export function Offline({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result status="warning" title={t('errors.NETWORK_ERROR')}
      extra={<Button type="primary" onClick={onRetry}>{t('common.retry')}</Button>} />
  );
}
