import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import antdZhCN from 'antd/es/locale/zh_CN';
import antdEnUS from 'antd/es/locale/en_US';
import { useTranslation } from 'react-i18next';
import { queryClient } from './queryClient.ts';
import { theme } from './theme.ts';

/** QueryClient, antd theme + locale (following i18next's language) and antd's App context for message/modal. */
export function AppProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const antdLocale = i18n.language === 'en' ? antdEnUS : antdZhCN;
  return (
    <QueryClientProvider client={queryClient}>
      {/* No automatic space inside two-character Chinese buttons ("登 录"): it reads dated. */}
      <ConfigProvider locale={antdLocale} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
