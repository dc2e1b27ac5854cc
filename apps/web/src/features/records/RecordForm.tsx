import { useMemo } from 'react';
import { App, Button, Col, Drawer, Flex, Form, Row, Tooltip, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../../lib/api.ts';
import { applyServerErrors, FormError, useServerForm } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useCustomFieldRules, useFieldMeta } from './api.ts';
import { FieldInput, toApiValue, toFormValue } from './FieldInput.tsx';
import { fieldLabel } from './format.ts';
import { formFields, validateValue, type FormField } from './formModel.ts';
import { valueOf } from './FieldValue.tsx';
import type { RecordLike, RecordTypeConfig } from './types.ts';

interface DrawerProps {
  config: RecordTypeConfig<any>;
  open: boolean;
  /** the record being edited; absent = create */
  record?: RecordLike | null;
  onClose: () => void;
  onSaved: (record: RecordLike) => void;
}

/** Create/edit in a drawer (full width on phones); Esc closes it, Enter in a field submits. */
export function RecordFormDrawer({ config, open, record, onClose, onSaved }: DrawerProps) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const title = record ? t('records.form.editTitle', { type: config.singular() }) : t('records.form.createTitle', { type: config.singular() });
  return (
    <Drawer open={open} onClose={onClose} title={title} size={isMobile ? '100%' : 640} destroyOnHidden>
      {open && <RecordForm config={config} record={record ?? null} onCancel={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

/** `custom.budget` is the form path ['custom','budget']: values nest like the API's `custom` object. */
const pathOf = (key: string) => (key.startsWith('custom.') ? ['custom', key.slice(7)] : [key]);

function RecordForm({ config, record, onCancel, onSaved }: { config: RecordTypeConfig<any>; record: RecordLike | null; onCancel: () => void; onSaved: (r: RecordLike) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const meta = useFieldMeta(config);
  const rules = useCustomFieldRules(config.recordType);
  const fields = useMemo(() => formFields(meta.data ?? [], config.standardFields, rules.data ?? []), [meta.data, rules.data, config.standardFields]);

  const initial = useMemo(() => {
    const out: Record<string, unknown> = { custom: {} };
    for (const f of fields) {
      const v = record ? toFormValue(f.widget, valueOf(record, f.key)) : undefined;
      if (f.key.startsWith('custom.')) (out.custom as Record<string, unknown>)[f.key.slice(7)] = v;
      else out[f.key] = v;
    }
    return out;
  }, [fields, record]);

  const { form, onFinish, submitting, error } = useServerForm<Record<string, unknown>, RecordLike | null>(
    async (values) => {
      const body = payload(fields, values, record ? initial : null);
      if (record && Object.keys(body).length === 0) {
        message.info(t('records.form.nothingChanged'));
        return null;
      }
      return record ? api.patch<RecordLike>(`${config.apiPath}/${record.id}`, body) : api.post<RecordLike>(config.apiPath, body);
    },
    {
      onSuccess: (saved) => {
        if (!saved) return;
        message.success(record ? t('records.form.saved') : t('records.form.created'));
        onSaved(saved);
      },
      onError: (err): string | null | undefined => placeErrors(form as FormInstance, err),
    },
  );

  if (meta.isPending || rules.isPending) return null;
  return (
    <>
      <FormError error={error} />
      <Form form={form} name="record" layout="vertical" initialValues={initial} onFinish={onFinish} scrollToFirstError>
        <Row gutter={16}>
          {fields.map((f) => (
            <Col key={f.key} xs={24} md={f.widget === 'longText' || f.widget === 'address' || f.widget === 'attachment' ? 24 : 12}>
              <Form.Item name={pathOf(f.key)} label={f.readOnly ? <Tooltip title={t('records.form.readOnly')}>{fieldLabel(f.meta, locale)}</Tooltip> : fieldLabel(f.meta, locale)}
                required={f.required} valuePropName={f.widget === 'boolean' ? 'checked' : 'value'} rules={[{ validator: validatorFor(f, fieldLabel(f.meta, locale), t) }]}>
                {f.widget === 'boolean' ? <SwitchField field={f} /> : <FieldInput field={f} disabled={f.readOnly} />}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submitting} data-testid="record-submit">{t('common.save')}</Button>
        </Flex>
      </Form>
    </>
  );
}

function SwitchField({ field, checked, onChange, id }: { field: FormField; checked?: boolean; onChange?: (v: unknown) => void; id?: string }) {
  return <FieldInput field={field} value={checked} onChange={onChange} id={id} disabled={field.readOnly} />;
}

function validatorFor(field: FormField, label: string, t: TFunction) {
  return async (_: unknown, value: unknown) => {
    const v = toApiValue(field.widget, value);
    const problem = validateValue(field, typeof v === 'string' ? v : value);
    if (problem) throw new Error(t(`records.rules.${problem.code}` as 'records.rules.min', { field: label, limit: 'limit' in problem ? problem.limit : '' }));
  };
}

/**
 * The request body: editable fields only (read-only ones would be refused), custom ones nested.
 * On edit, only what changed is sent — the audit trail then shows exactly what the person changed.
 */
function payload(fields: FormField[], values: Record<string, unknown>, initial: Record<string, unknown> | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const pick = (src: Record<string, unknown>, key: string) => (key.startsWith('custom.') ? (src.custom as Record<string, unknown> | undefined)?.[key.slice(7)] : src[key]);
  for (const f of fields) {
    if (f.readOnly) continue;
    const v = toApiValue(f.widget, pick(values, f.key));
    if (initial) {
      if (JSON.stringify(v) === JSON.stringify(toApiValue(f.widget, pick(initial, f.key)))) continue;
    } else if (v === null) continue;
    if (f.key.startsWith('custom.')) custom[f.key.slice(7)] = v;
    else body[f.key] = v === null && f.widget === 'tags' ? [] : v;
  }
  if (Object.keys(custom).length) body.custom = custom;
  return body;
}

/** Server errors on `custom.x` go next to that field (nested path); the rest as useServerForm does. */
function placeErrors(form: FormInstance, err: unknown): string | null | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const nested = Object.entries(err.fieldErrors).filter(([k]) => k.startsWith('custom.'));
  if (nested.length === 0) return undefined;
  form.setFields(nested.map(([k, msg]) => ({ name: ['custom', k.slice(7).split('.')[0]!], errors: [msg] })));
  const rest = Object.fromEntries(Object.entries(err.fieldErrors).filter(([k]) => !k.startsWith('custom.')));
  if (Object.keys(rest).length === 0) return null;
  return applyServerErrors(form, new ApiError(err.status, err.code, err.message, { fields: Object.entries(rest).map(([field, message]) => ({ field, message })) }));
}
