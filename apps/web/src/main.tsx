import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router-dom';
import { i18nReady } from './lib/i18n.ts';
import './styles.css';
import { AppProviders } from './app/AppProviders.tsx';
import { router } from './app/router.tsx';

// Render once the starting language is loaded (instant for Chinese; one small chunk for English).
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProviders>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>,
  ),
);
