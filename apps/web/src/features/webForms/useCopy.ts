import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { copyText } from './api.ts';

/** Copies with a toast; a refused clipboard says so instead of failing silently. */
export function useCopy() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (text: string) => {
    if (await copyText(text)) message.success(t('webForms.copied'));
    else message.warning(t('webForms.copyFailed'));
  };
}
