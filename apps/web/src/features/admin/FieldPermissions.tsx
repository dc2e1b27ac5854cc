import { useState } from 'react';
import { Radio, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RolePermissions } from '@loopline/shared';
import { currentLocale } from '../../lib/i18n.ts';
import { FIELD_RECORD_TYPES, useRecordFields, type FieldAccess, type MaskMode, type RecordField, type RecordType } from './api.ts';
import { fieldAccessOf, isMaskable, maskOf, setFieldAccess, setMask } from './permissionsDraft.ts';

const ACCESS: FieldAccess[] = ['hidden', 'readonly', 'editable'];
const MASKS: (MaskMode | 'none')[] = ['none', 'list', 'always'];

/**
 * Per field of a record type: hidden / read-only / editable, and for phone and e-mail fields the
 * masking. Only record types whose fields the server can list appear (customers for now).
 */
export function FieldPermissions({ value, onChange }: { value: RolePermissions; onChange: (next: RolePermissions) => void }) {
  const { t } = useTranslation();
  const [type, setType] = useState<RecordType>(FIELD_RECORD_TYPES[0]);
  const fields = useRecordFields(type);
  const label = (f: RecordField) => (currentLocale() === 'en' ? f.labelEn || f.label : f.label);

  const columns: TableColumnsType<RecordField> = [
    {
      title: t('admin.roles.field'), key: 'label', fixed: 'left', width: 150,
      render: (_, f) => (
        <>
          <Typography.Text>{label(f)}</Typography.Text>{' '}
          {f.source === 'custom' && <Tag color="blue">{t('admin.roles.custom')}</Tag>}
        </>
      ),
    },
    {
      title: t('admin.roles.access'), key: 'access',
      render: (_, f) => (
        <Radio.Group size="small" optionType="button" value={fieldAccessOf(value, type, f.key)} data-testid={`field-access-${f.key}`}
          aria-label={`${label(f)} · ${t('admin.roles.access')}`}
          onChange={(e) => onChange(setFieldAccess(value, type, f.key, e.target.value as FieldAccess))}
          options={ACCESS.map((a) => ({ value: a, label: t(`admin.access.${a}`) }))} />
      ),
    },
    {
      title: t('admin.roles.mask'), key: 'mask',
      render: (_, f) =>
        isMaskable(f.key, f.type) ? (
          <Radio.Group size="small" optionType="button" value={maskOf(value, type, f.key) ?? 'none'} data-testid={`field-mask-${f.key}`}
            disabled={fieldAccessOf(value, type, f.key) === 'hidden'} aria-label={`${label(f)} · ${t('admin.roles.mask')}`}
            onChange={(e) => onChange(setMask(value, type, f.key, e.target.value === 'none' ? null : (e.target.value as MaskMode)))}
            options={MASKS.map((m) => ({ value: m, label: t(`admin.mask.${m}`) }))} />
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <>
      {FIELD_RECORD_TYPES.length > 1 && (
        <Segmented value={type} onChange={(v) => setType(v as RecordType)} style={{ marginBottom: 12 }}
          options={FIELD_RECORD_TYPES.map((r) => ({ value: r, label: t(`admin.recordTypes.${r}`) }))} />
      )}
      <Typography.Paragraph type="secondary">{t('admin.roles.fieldsHint', { type: t(`admin.recordTypes.${type}`) })}</Typography.Paragraph>
      <Table<RecordField> rowKey="key" size="small" pagination={false} columns={columns} loading={fields.isPending}
        dataSource={(fields.data ?? []).filter((f) => f.key !== 'id')} scroll={{ x: 'max-content' }} />
    </>
  );
}
