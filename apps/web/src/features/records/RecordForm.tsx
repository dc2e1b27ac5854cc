import { useMemo, useRef, useState } from 'react';
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
import { DuplicateAlert } from './DuplicateList.tsx';
import { duplicatesOf, ownerPayload, withOverride, type DuplicateMatch, type OwnerMode } from './createModel.ts';
import { OwnerChoice } from './OwnerChoice.tsx';
import type { RecordLike, RecordTypeConfig } from './types.ts';

interface DrawerProps {
  config: RecordTypeConfig<any>;
  open: boolean;
  /** the record being edited; absent = create */
  record?: RecordLike | null;
  onClose: () => void;
  onSaved: (record: RecordLike) => void;
  /** preset values of a new record (a contact created from its customer's page gets the customerId) */
  defaults?: Record<string, unknown>;
}

/** Create/edit in a drawer (full width on phones); Esc closes it, Enter in a field submits. */
export function RecordFormDrawer({ config, open, record, onClose, onSaved, defaults }: DrawerProps) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const title = record ? t('records.form.editTitle', { type: config.singular() }) : t('records.form.createTitle', { type: config.singular() });
  return (
    <Drawer open={open} onClose={onClose} title={title} size={isMobile ? '100%' : 640} destroyOnHidden>
      {open && <RecordForm config={config} record={record ?? null} defaults={defaults} onCancel={onClose} onSaved={onSaved} />}
    </Drawer>
  );
}

/** `custom.budget` is the form path ['custom','budget']: values nest like the API's `custom` object. */
const pathOf = (key: string) => (key.startsWith('custom.') ? ['custom', key.slice(7)] : [key]);

function RecordForm({ config, record, defaults, onCancel, onSaved }: {
  config: RecordTypeConfig<any>; record: RecordLike | null; defaults?: Record<string, unknown>; onCancel: () => void; onSaved: (r: RecordLike) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const meta = useFieldMeta(config);
  const rules = useCustomFieldRules(config.recordType);
  const fields = useMemo(() => formFields(meta.data ?? [], config.standardFields, rules.data ?? []), [meta.data, rules.data, config.standardFields]);
  // a 409 DUPLICATE shows the matches; "create anyway" resends with the override, once
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  const [overridden, setOverridden] = useState(false);
  const override = useRef(false);

  const initial = useMemo(() => {
    const out: Record<string, unknown> = { custom: {} };
    for (const f of fields) {
      const v = record ? toFormValue(f.widget, valueOf(record, f.key)) : defaults?.[f.key];
      if (f.key.startsWith('custom.')) (out.custom as Record<string, unknown>)[f.key.slice(7)] = v;
      else out[f.key] = v;
    }
    if (!record && config.ownerChoice) out.assignMode = 'me' satisfies OwnerMode;
    return out;
  }, [fields, record, defaults, config.ownerChoice]);

  const { form, onFinish, submitting, error } = useServerForm<Record<string, unknown>, RecordLike | null>(
    async (values) => {
      const body = payload(fields, values, record ? initial : null);
      if (record && Object.keys(body).length === 0) {
        message.info(t('records.form.nothingChanged'));
        return null;
      }
      const forced = override.current;
      override.current = false;
      setOverridden(forced);
      if (record) return api.patch<RecordLike>(`${config.apiPath}/${record.id}`, forced ? withOverride(body, true) : body);
      if (config.ownerChoice) Object.assign(body, ownerPayload(values, config.ownerChoice));
      return api.post<RecordLike>(config.apiPath, forced ? withOverride(body, false) : body);
    },
    {
      onSuccess: (saved) => {
        if (!saved) return;
        setDuplicates(null);
        message.success(record ? t('records.form.saved') : t('records.form.created'));
        onSaved(saved);
      },
      onError: (err): string | null | undefined => {
        const found = duplicatesOf(err);
        setDuplicates(found);
        return found ? null : placeErrors(form as FormInstance, err);
      },
    },
  );

  if (meta.isPending || rules.isPending) return null;
  return (
    <>
      <FormError error={error} />
      {duplicates && (
        <DuplicateAlert items={duplicates} override={overridden ? undefined : (
          <Button danger loading={submitting} data-testid="duplicate-override" style={{ marginTop: 8 }}
            onClick={() => { override.current = true; form.submit(); }}>
            {record ? t('records.duplicates.saveAnyway') : t('records.duplicates.createAnyway')}
          </Button>
        )} />
      )}
      <Form form={form} name="record" layout="vertical" initialValues={initial} onFinish={onFinish} scrollToFirstError
        onValuesChange={() => { if (duplicates && !submitting) { setDuplicates(null); setOverridden(false); } }}>
        {!record && config.ownerChoice && <OwnerChoice config={config} />}
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
