import { App, Button, DatePicker, Flex, Input, InputNumber, Select, Switch, TreeSelect, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { readCookie } from '../../lib/api.ts';
import { buildDepartmentTree, departmentTreeOptions, useDepartments, useUsers } from '../settings/api.ts';
import { optionLabel } from './format.ts';
import type { FormField } from './formModel.ts';
import { RecordSelect } from './RecordSelect.tsx';

interface Props {
  field: FormField;
  value?: unknown;
  onChange?: (value: unknown) => void;
  id?: string;
  disabled?: boolean;
}

/** The input for one field, chosen by widget; antd's Form.Item passes value/onChange/id. */
export function FieldInput({ field, value, onChange, id, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const users = useUsers({ status: 'active', pageSize: 500 }, field.widget === 'user');
  const departments = useDepartments(field.widget === 'department');
  const common = { id, disabled, onChange: onChange as never, value: value as never, style: { width: '100%' } };
  const options = field.meta.options.map((o) => ({ value: o.value, label: optionLabel(field.meta, o.value, locale) }));

  switch (field.widget) {
    case 'longText':
      return <Input.TextArea {...common} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={field.max ?? undefined} />;
    case 'number':
      return <InputNumber {...common} precision={field.integer ? 0 : undefined} />;
    case 'money':
      return <InputNumber {...common} precision={2} prefix="¥" />;
    case 'percent':
      return <InputNumber {...common} suffix="%" />;
    case 'date':
      return <DatePicker {...common} />;
    case 'datetime':
      return <DatePicker {...common} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />;
    case 'singleSelect':
      return <Select {...common} allowClear options={options} showSearch={{ optionFilterProp: 'label' }} placeholder={t('records.form.select')} />;
    case 'multiSelect':
      return <Select {...common} mode="multiple" allowClear options={options} placeholder={t('records.form.select')} />;
    case 'tags':
      return <Select {...common} mode="tags" open={false} placeholder={t('records.bulk.tagsHint')} />;
    case 'user':
      return <Select {...common} allowClear showSearch={{ optionFilterProp: 'label' }} loading={users.isPending}
        options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />;
    case 'department':
      return <TreeSelect {...common} allowClear treeDefaultExpandAll loading={departments.isPending} treeData={departmentTreeOptions(buildDepartmentTree(departments.data ?? []))} />;
    case 'boolean':
      return <Switch id={id} disabled={disabled} checked={Boolean(value)} onChange={onChange} />;
    case 'phone':
    case 'mobile':
      return <Input {...common} onChange={(e) => onChange?.(e.target.value)} type="tel" inputMode="tel" autoComplete="tel" />;
    case 'email':
      return <Input {...common} onChange={(e) => onChange?.(e.target.value)} type="email" inputMode="email" />;
    case 'url':
      return <Input {...common} onChange={(e) => onChange?.(e.target.value)} inputMode="url" placeholder="https://" />;
    case 'address':
      return <AddressInput id={id} disabled={disabled} value={value as Address | undefined} onChange={onChange} />;
    case 'attachment':
      return <AttachmentInput disabled={disabled} value={value as string[] | undefined} onChange={onChange} />;
    case 'customer':
      return <RecordSelect apiPath="/customers" id={id} disabled={disabled} value={value as string | undefined} onChange={onChange} />;
    default:
      return <Input {...common} onChange={(e) => onChange?.(e.target.value)} />;
  }
}

type Address = { province?: string; city?: string; district?: string; detail?: string };

function AddressInput({ id, value, onChange, disabled }: { id?: string; value?: Address; onChange?: (v: unknown) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const set = (k: keyof Address, v: string) => onChange?.({ ...(value ?? {}), [k]: v });
  const part = (k: keyof Address, flex: string) => (
    <Input id={k === 'province' ? id : undefined} aria-label={t(`records.form.${k}`)} placeholder={t(`records.form.${k}`)} disabled={disabled}
      value={value?.[k] ?? ''} onChange={(e) => set(k, e.target.value)} style={{ flex }} />
  );
  return (
    <Flex gap={6} wrap>
      {part('province', '1 1 90px')}{part('city', '1 1 90px')}{part('district', '1 1 90px')}{part('detail', '1 1 100%')}
    </Flex>
  );
}

/** Files are uploaded first (POST /files) and the field keeps their ids, as the server expects. */
function AttachmentInput({ value, onChange, disabled }: { value?: string[]; onChange?: (v: unknown) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const csrf = readCookie('ll_csrf');
  return (
    <Upload name="file" action="/api/v1/files" withCredentials disabled={disabled} headers={csrf ? { 'x-csrf-token': csrf } : {}}
      defaultFileList={(value ?? []).map((fid) => ({ uid: fid, name: fid.slice(0, 8), status: 'done' as const, url: `/api/v1/files/${fid}/content` }))}
      onChange={({ file, fileList }) => {
        if (file.status === 'error') message.error(file.response?.error?.message ?? t('errors.generic'));
        onChange?.(fileList.filter((f) => f.status === 'done').map((f) => (f.response?.id as string | undefined) ?? f.uid));
      }}>
      <Button icon={<UploadOutlined />} disabled={disabled}>{t('records.form.uploadFile')}</Button>
    </Upload>
  );
}

/** Form value ⇄ API value for the widgets whose form value differs (dates are dayjs in the form). */
export function toFormValue(widget: FormField['widget'], v: unknown): unknown {
  if ((widget === 'date' || widget === 'datetime') && typeof v === 'string') return dayjs(v);
  return v ?? undefined;
}
export function toApiValue(widget: FormField['widget'], v: unknown): unknown {
  if (v === undefined || v === null || v === '') return null;
  if (widget === 'date') return (v as Dayjs).format('YYYY-MM-DD');
  if (widget === 'datetime') return (v as Dayjs).toISOString();
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (widget === 'address') {
    const a = Object.fromEntries(Object.entries(v as Address).filter(([, x]) => x && String(x).trim()));
    return Object.keys(a).length ? a : null;
  }
  if (Array.isArray(v) && v.length === 0) return null;
  return v;
}
