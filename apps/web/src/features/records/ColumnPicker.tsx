import { App, Button, Checkbox, Flex, Popover } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { fieldLabel } from './format.ts';
import type { FieldMeta } from './types.ts';

/** Which columns the list shows, in field order; saved per user on the server as soon as it changes. */
export function ColumnPicker({ fields, columns, onChange }: { fields: FieldMeta[]; columns: string[]; onChange: (cols: string[] | null) => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const save = (cols: string[] | null) =>
    onChange(cols).then(() => message.success(t('records.columnsSaved')), (err) => message.error(errorMessage(err)));

  const content = (
    <Flex vertical gap={4} style={{ maxHeight: 360, overflowY: 'auto', minWidth: 180 }} data-testid="column-picker">
      {fields.map((f) => (
        <Checkbox key={f.key} checked={columns.includes(f.key)}
          onChange={(e) => {
            const chosen = new Set(columns);
            if (e.target.checked) chosen.add(f.key);
            else chosen.delete(f.key);
            if (chosen.size) void save(fields.map((x) => x.key).filter((k) => chosen.has(k)));
          }}>
          {fieldLabel(f, locale)}
        </Checkbox>
      ))}
      <Button size="small" type="link" onClick={() => void save(null)} style={{ alignSelf: 'flex-start', paddingInline: 0 }}>{t('records.resetColumns')}</Button>
    </Flex>
  );
  return (
    <Popover content={content} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} aria-label={t('records.columns')} title={t('records.columns')} data-testid="columns-button" />
    </Popover>
  );
}
