import { App, Button, Checkbox, Flex, Form, Input, InputNumber, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormModal, FormModalActions } from '../../components/FormModal.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { adminKeys, CUSTOM_FIELD_TYPES, type CustomField, type CustomFieldType, type FieldOption } from './api.ts';

export type FieldEdit = { mode: 'create'; recordType: string } | { mode: 'edit'; field: CustomField };

interface Values {
  label: string;
  labelEn?: string;
  key?: string;
  type?: CustomFieldType;
  options?: FieldOption[];
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  min?: number | null;
  max?: number | null;
  pattern?: string;
}

// The same type rules the server checks (customFieldDefs.ts), so the form only offers what is valid.
const TEXTUAL = new Set(['text', 'longText', 'phone', 'email', 'url']);
const NUMERIC = new Set(['number', 'money', 'percent']);
const UNIQUE_OK = new Set(['text', 'phone', 'email', 'url', 'number', 'money', 'date', 'datetime']);
const NOT_INDEXABLE = new Set(['address', 'attachment']);

export function CustomFieldModal({ target, onClose }: { target: FieldEdit | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal target={target} onClose={onClose} keyOf={(x) => (x.mode === 'edit' ? x.field.id : 'create')}
      title={(x) => (x.mode === 'edit' ? t('admin.fields.editTitle') : t('admin.fields.create'))}
      render={(x) => <FieldForm target={x} onClose={onClose} />} />
  );
}

function FieldForm({ target, onClose }: { target: FieldEdit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const editing = target.mode === 'edit' ? target.field : undefined;
  const recordType = editing?.recordType ?? (target.mode === 'create' ? target.recordType : 'customer');

  const { form, onFinish, submitting, error } = useServerForm<Values>(
    (v) => {
      const type = editing?.type ?? v.type!;
      const isSelect = type === 'singleSelect' || type === 'multiSelect';
      const body = {
        label: v.label.trim(), labelEn: v.labelEn?.trim() || null,
        options: isSelect ? (v.options ?? []).map((o) => ({ value: o.value.trim(), label: o.label.trim() })) : [],
        required: Boolean(v.required), unique: Boolean(v.unique), indexed: Boolean(v.indexed),
        ...(TEXTUAL.has(type) || NUMERIC.has(type) ? { min: v.min ?? null, max: v.max ?? null } : {}),
        ...(TEXTUAL.has(type) ? { pattern: v.pattern?.trim() || null } : {}),
      };
      return editing ? api.patch(`/custom-fields/${editing.id}`, body) : api.post('/custom-fields', { ...body, recordType, key: v.key!.trim(), type });
    },
    {
      onSuccess: async () => {
        message.success(t('common.saved'));
        await queryClient.invalidateQueries({ queryKey: adminKeys.customFields(recordType) });
        await queryClient.invalidateQueries({ queryKey: adminKeys.fields(recordType) });
        onClose();
      },
    },
  );
  const type = (Form.useWatch('type', form) ?? editing?.type ?? 'text') as CustomFieldType;
  const isSelect = type === 'singleSelect' || type === 'multiSelect';

  const initialValues: Values = editing
    ? { label: editing.label, labelEn: editing.labelEn ?? '', options: editing.options, required: editing.required, unique: editing.unique, indexed: editing.indexed, min: editing.min, max: editing.max, pattern: editing.pattern ?? '' }
    : { label: '', type: 'text', required: false, unique: false, indexed: false, options: [] };

  return (
    <>
      <FormError error={error} />
      <Form form={form} name="customField" layout="vertical" onFinish={onFinish} initialValues={initialValues}>
        <Form.Item name="label" label={t('admin.fields.label')} rules={[{ required: true, whitespace: true, message: t('admin.fields.label') }, { max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="labelEn" label={t('admin.fields.labelEn')} rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        {!editing && (
          <>
            <Form.Item name="key" label={t('admin.fields.key')} extra={t('admin.fields.keyHint')}
              rules={[{ required: true, message: t('admin.fields.key') }, { pattern: /^[a-z][a-zA-Z0-9_]{0,39}$/, message: t('admin.fields.keyHint') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="type" label={t('admin.fields.type')} extra={t('admin.fields.typeFixed')}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={CUSTOM_FIELD_TYPES.map((x) => ({ value: x, label: t(`admin.fieldTypes.${x}`) }))} />
            </Form.Item>
          </>
        )}
        {isSelect && <OptionsEditor />}
        {(TEXTUAL.has(type) || NUMERIC.has(type)) && (
          <Flex gap={12} wrap>
            <Form.Item name="min" label={TEXTUAL.has(type) ? t('admin.fields.minLength') : t('admin.fields.min')} style={{ flex: '1 1 140px' }}>
              <InputNumber style={{ width: '100%' }} precision={TEXTUAL.has(type) ? 0 : undefined} min={TEXTUAL.has(type) ? 0 : undefined} />
            </Form.Item>
            <Form.Item name="max" label={TEXTUAL.has(type) ? t('admin.fields.maxLength') : t('admin.fields.max')} style={{ flex: '1 1 140px' }}>
              <InputNumber style={{ width: '100%' }} precision={TEXTUAL.has(type) ? 0 : undefined} min={TEXTUAL.has(type) ? 0 : undefined} />
            </Form.Item>
          </Flex>
        )}
        {TEXTUAL.has(type) && (
          <Form.Item name="pattern" label={t('admin.fields.pattern')} extra={t('admin.fields.patternHint')}>
            <Input placeholder="^[A-Z]{2}\d{6}$" />
          </Form.Item>
        )}
        <Flex gap={16} wrap>
          <Form.Item name="required" valuePropName="checked" style={{ marginBottom: 8 }}><Checkbox>{t('admin.fields.required')}</Checkbox></Form.Item>
          {UNIQUE_OK.has(type) && <Form.Item name="unique" valuePropName="checked" style={{ marginBottom: 8 }}><Checkbox>{t('admin.fields.unique')}</Checkbox></Form.Item>}
          {!NOT_INDEXABLE.has(type) && (
            <Form.Item name="indexed" valuePropName="checked" style={{ marginBottom: 8 }} tooltip={t('admin.fields.indexedHint')}>
              <Checkbox>{t('admin.fields.indexed')}</Checkbox>
            </Form.Item>
          )}
        </Flex>
        <FormModalActions submitting={submitting} okText={t('common.save')} onCancel={onClose} />
      </Form>
    </>
  );
}

function OptionsEditor() {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('admin.fields.options')} required>
      <Form.List name="options">
        {(rows, { add, remove }, { errors }) => (
          <>
            {rows.map(({ key, name }) => (
              <Flex key={key} gap={8} align="baseline">
                <Form.Item name={[name, 'value']} rules={[{ required: true, whitespace: true, message: t('admin.fields.optionValue') }]} style={{ flex: 1, marginBottom: 8 }}>
                  <Input placeholder={t('admin.fields.optionValue')} aria-label={t('admin.fields.optionValue')} />
                </Form.Item>
                <Form.Item name={[name, 'label']} rules={[{ required: true, whitespace: true, message: t('admin.fields.optionLabel') }]} style={{ flex: 1, marginBottom: 8 }}>
                  <Input placeholder={t('admin.fields.optionLabel')} aria-label={t('admin.fields.optionLabel')} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common.delete')} onClick={() => remove(name)} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '', label: '' })} block>{t('admin.fields.addOption')}</Button>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
