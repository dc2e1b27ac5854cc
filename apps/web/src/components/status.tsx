/**
 * Status pages (404, 403, crash, offline), loaded on first use: antd's Result with its illustrations
 * is ~10 kB gzip that almost no first screen needs.
 */
import { lazy, Suspense } from 'react';
import { Loading } from './Loading.tsx';

const pages = () => import('./StatusPages.tsx');
const NotFoundPage = lazy(() => pages().then((m) => ({ default: m.NotFound })));
const ForbiddenPage = lazy(() => pages().then((m) => ({ default: m.Forbidden })));
const RouteErrorPage = lazy(() => pages().then((m) => ({ default: m.RouteError })));
const OfflinePage = lazy(() => pages().then((m) => ({ default: m.Offline })));

export const NotFound = () => <Suspense fallback={<Loading />}><NotFoundPage /></Suspense>;
export const Forbidden = () => <Suspense fallback={<Loading />}><ForbiddenPage /></Suspense>;
export const RouteError = () => <Suspense fallback={<Loading />}><RouteErrorPage /></Suspense>;
export const Offline = ({ onRetry }: { onRetry: () => void }) => <Suspense fallback={<Loading />}><OfflinePage onRetry={onRetry} /></Suspense>;
