import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api.ts';
import { currentLocale, LOCALES, setLocale, type Locale } from '../lib/i18n.ts';

/** Language picker. Signed-in users also get the choice saved on their account (best effort). */
export function LanguageSwitch({ signedIn = false }: { signedIn?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();

  const choose = (next: Locale) => {
    void setLocale(next);
    if (signedIn) api.patch('/auth/me', { locale: next }).catch(() => undefined);
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => choose(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.label')} data-testid="language-switch">
        {locale === 'en' ? 'EN' : '中文'}
      </Button>
    </Dropdown>
  );
}
