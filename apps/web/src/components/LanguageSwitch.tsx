import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { currentLocale, LOCALES, setLocale, type Locale } from '../lib/i18n.ts';
import { meQueryKey } from '../features/auth/useMe.ts';
import type { Me } from '../features/auth/types.ts';

/**
 * Switches the UI language now; signed-in users also get it saved on their account (best effort: the
 * switch itself must never wait for or fail on the network), so it follows them to other devices.
 */
export function useChangeLanguage(signedIn: boolean) {
  const queryClient = useQueryClient();
  return (next: Locale) => {
    void setLocale(next);
    if (!signedIn) return;
    queryClient.setQueryData<Me | null>(meQueryKey, (me) => (me ? { ...me, user: { ...me.user, locale: next } } : me));
    api.patch('/auth/me', { locale: next }).catch(() => undefined);
  };
}

/** Language picker for the header and the auth pages. */
export function LanguageSwitch({ signedIn = false, compact = false }: { signedIn?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const choose = useChangeLanguage(signedIn);

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: <span data-testid={`lang-${l}`}>{t(`lang.${l}`)}</span> })),
        onClick: ({ key }) => choose(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.label')} data-testid="language-switch">
        {compact ? null : locale === 'en' ? 'EN' : '中文'}
      </Button>
    </Dropdown>
  );
}
