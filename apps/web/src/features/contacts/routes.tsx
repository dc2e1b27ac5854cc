import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';

const ContactListPage = lazy(() => import('./ContactListPage.tsx'));
const ContactDetailPage = lazy(() => import('./ContactDetailPage.tsx'));
const ContactRecycleBinPage = lazy(() => import('./ContactRecycleBinPage.tsx'));

function page(Component: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

/** Contact pages, mounted under the app shell by app/routes.tsx; each page is its own chunk. */
export const contactRoutes: RouteObject[] = [
  { path: 'contacts', element: page(ContactListPage) },
  { path: 'contacts/recycle-bin', element: page(ContactRecycleBinPage) },
  { path: 'contacts/:id', element: page(ContactDetailPage) },
];
