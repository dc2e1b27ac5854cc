import { Col, Form, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { FieldInput, toApiValue, toFormValue } from '../records/FieldInput.tsx';
import { fieldLabel } from '../records/format.ts';
import { validateValue, type FormField } from '../records/formModel.ts';

const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const getIn = (rec: Record<string, unknown>, key: string) =>
  key.startsWith('custom.') ? (rec.custom as Record<string, unknown> | undefined)?.[key.slice(7)] : rec[key];
/** `custom.budget` lives at ['custom', 'budget'] inside the side's values. */
const pathOf = (key: string) => (key.startsWith('custom.') ? ['custom', key.slice(7)] : [key]);

/** API values → the form's (dates become dayjs), nested like the API (`custom`). */
export function toForm(fields: FormField[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { custom: {} };
  for (const f of fields) {
    const v = toFormValue(f.widget, getIn(values, f.key));
    if (f.key.startsWith('custom.')) (out.custom as Record<string, unknown>)[f.key.slice(7)] = v;
    else out[f.key] = v;
  }
  return out;
}

/** The form's values → API values of the editable fields, nested like the API. */
export function fromForm(fields: FormField[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.readOnly) continue;
    const v = toApiValue(f.widget, getIn(values, f.key));
    if (f.key.startsWith('custom.')) custom[f.key.slice(7)] = v;
    else out[f.key] = v;
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/**
 * One side's fields (customer or contact) in the convert dialog. By default only what the mapping
 * filled in and what is required; "all fields" shows the rest.
 */
export function ConvertFields({ side, fields, prefilled, showAll }: { side: 'customer' | 'contact'; fields: FormField[]; prefilled: Record<string, unknown>; showAll: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const shown = fields.filter((f) => !f.readOnly && (showAll || f.required || f.key === 'name' || !blank(getIn(prefilled, f.key))));
  return (
    <Row gutter={16}>
      {shown.map((f) => {
        const label = fieldLabel(f.meta, locale);
        return (
          <Col key={f.key} xs={24} md={f.widget === 'longText' || f.widget === 'address' ? 24 : 12}>
            <Form.Item name={[side, ...pathOf(f.key)]} label={label} required={f.required || f.key === 'name'}
              rules={[{
                validator: async (_: unknown, value: unknown) => {
                  const v = toApiValue(f.widget, value);
                  const problem = validateValue(f.key === 'name' ? { ...f, required: true } : f, typeof v === 'string' ? v : value);
                  if (problem) throw new Error(t(`records.rules.${problem.code}` as 'records.rules.min', { field: label, limit: 'limit' in problem ? problem.limit : '' }));
                },
              }]}>
              <FieldInput field={f} />
            </Form.Item>
          </Col>
        );
      })}
    </Row>
  );
}
