import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const pages = () => import('./Pages.tsx');
const PaymentListPage = lazy(() => pages().then((m) => ({ default: m.PaymentListPage })));
const PaymentDetailPage = lazy(() => pages().then((m) => ({ default: m.PaymentDetailPage })));
const PlanListPage = lazy(() => pages().then((m) => ({ default: m.PlanListPage })));
const PlanDetailPage = lazy(() => pages().then((m) => ({ default: m.PlanDetailPage })));
const InvoiceListPage = lazy(() => pages().then((m) => ({ default: m.InvoiceListPage })));
const InvoiceDetailPage = lazy(() => pages().then((m) => ({ default: m.InvoiceDetailPage })));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Payment plans and payment records, mounted under the app shell by app/routes.tsx; pages load lazily. */
export const paymentRoutes: RouteObject[] = [
  { path: 'payment-plans', element: page(PlanListPage) },
  { path: 'payment-plans/:id', element: page(PlanDetailPage) },
  { path: 'payments', element: page(PaymentListPage) },
  { path: 'payments/:id', element: page(PaymentDetailPage) },
];

/** Invoices. */
export const invoiceRoutes: RouteObject[] = [
  { path: 'invoices', element: page(InvoiceListPage) },
  { path: 'invoices/:id', element: page(InvoiceDetailPage) },
];
