import { useMemo, useState } from 'react';
import { Alert, App, Button, Col, Divider, Flex, Form, Modal, Radio, Row, Spin, Switch, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FormError } from '../../lib/forms.tsx';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { contactConfig } from '../contacts/config.tsx';
import { customerConfig } from '../customers/config.tsx';
import { recordKeys, useCustomFieldRules, useFieldMeta } from '../records/api.ts';
import { duplicatesOf, type DuplicateMatch } from '../records/createModel.ts';
import { DuplicateList } from '../records/DuplicateList.tsx';
import { RecordSelect } from '../records/RecordSelect.tsx';
import { formFields, type FormField } from '../records/formModel.ts';
import type { RecordTypeConfig } from '../records/types.ts';
import type { Lead } from './config.tsx';
import { ConvertFields, fromForm, toForm } from './ConvertFields.tsx';
import { ConversionOpportunityFields, conversionOpportunityBody, initialConversionOpportunity } from '../opportunities/ConversionOpportunity.tsx';
import { conversionBody, conversionProblems, customerMatches, initialChoice, type ConversionPreview, type CustomerMode } from './conversionModel.ts';

/** The server answers with the new (or chosen) customer, the contact if one was made, and the lead. */
interface ConvertResult { customerId: string; contactId: string | null }

function useSideFields(config: RecordTypeConfig<any>, skip: string[] = []): FormField[] | undefined {
  const meta = useFieldMeta(config);
  const rules = useCustomFieldRules(config.recordType);
  return useMemo(() => (meta.data && rules.data ? formFields(meta.data, config.standardFields, rules.data).filter((f) => !skip.includes(f.key)) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meta.data, rules.data, config]);
}

/**
 * Convert a lead: a new customer prefilled by the admin's mapping (editable) or an existing one,
 * optionally a contact, with the duplicates the server found. On success the person lands on the
 * customer, whose timeline now carries the lead's history.
 */
export default function ConvertDialog({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const preview = useQuery({
    queryKey: ['records', 'lead', 'one', lead.id, 'conversion-preview'],
    queryFn: () => api.get<ConversionPreview>(`/leads/${lead.id}/conversion-preview`),
    staleTime: 0,
  });
  const customerFields = useSideFields(customerConfig);
  const contactFields = useSideFields(contactConfig, ['customerId']);
  const ready = preview.data && customerFields && contactFields;
  return (
    <Modal open title={t('leads.convert.title', { name: lead.name ?? lead.number ?? '' })} onCancel={onClose} footer={null} destroyOnHidden
      width={isMobile ? '100%' : 760} style={isMobile ? { top: 0, maxWidth: '100vw', padding: 0 } : { top: 32 }}>
      {preview.isError && <Alert type="error" showIcon title={errorMessage(preview.error)} />}
      {!preview.isError && !ready && <Flex justify="center" style={{ padding: 32 }}><Spin /></Flex>}
      {ready && <ConvertForm lead={lead} preview={preview.data} customerFields={customerFields} contactFields={contactFields} onClose={onClose} />}
    </Modal>
  );
}

function ConvertForm({ lead, preview, customerFields, contactFields, onClose }: {
  lead: Lead; preview: ConversionPreview; customerFields: FormField[]; contactFields: FormField[]; onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const start = useMemo(() => initialChoice(preview), [preview]);
  const [mode, setMode] = useState<CustomerMode>('new');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [createContact, setCreateContact] = useState(start.createContact);
  const [showAll, setShowAll] = useState(false);
  const [opportunity, setOpportunity] = useState(() => initialConversionOpportunity(lead.company ? String(lead.company) : String(lead.name ?? '')));
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<DuplicateMatch[]>(preview.duplicates ?? []);
  const initial = useMemo(() => ({ customer: toForm(customerFields, start.customer), contact: toForm(contactFields, start.contact) }), [customerFields, contactFields, start]);
  const attachable = customerMatches({ ...preview, duplicates: found });

  const submit = async () => {
    setError(null);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const values = form.getFieldsValue(true) as { customer?: Record<string, unknown>; contact?: Record<string, unknown> };
    const choice = {
      customerMode: mode, customerId, createContact,
      customer: fromForm(customerFields, values.customer ?? {}), contact: fromForm(contactFields, values.contact ?? {}),
    };
    const problems = conversionProblems(choice);
    if (problems.length) {
      setError(problems.map((p) => t(`leads.convert.problems.${p}`)).join('；'));
      return;
    }
    setSubmitting(true);
    try {
      const res = await api.post<ConvertResult>(`/leads/${lead.id}/convert`, { ...conversionBody(choice, preview), ...conversionOpportunityBody(opportunity) });
      message.success(t('leads.convert.done'));
      await Promise.all(['lead', 'customer', 'contact', 'opportunity'].map((type) => queryClient.invalidateQueries({ queryKey: recordKeys.all(type) })));
      onClose();
      navigate(`/customers/${res.customerId}`);
    } catch (err) {
      const dupes = duplicatesOf(err);
      if (dupes) setFound(dupes);
      setError(dupes ? t('records.duplicates.title', { count: dupes.length }) : placeErrors(form, err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <FormError error={error} />
      {found.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="convert-duplicates" title={t('leads.convert.duplicatesTitle')}
          description={
            <>
              {attachable.length > 0 && <Typography.Text type="secondary">{t('leads.convert.duplicatesHint')}</Typography.Text>}
              <DuplicateList items={found} action={(m) => (m.recordType === 'customer' && m.visible !== false ? (
                <Button size="small" onClick={() => { setMode('existing'); setCustomerId(m.id); }}>{t('leads.convert.attach')}</Button>
              ) : null)} />
            </>
          } />
      )}
      <Form form={form} name="convert" layout="vertical" initialValues={initial} onFinish={submit}>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>{t('leads.convert.customer')}</Divider>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as CustomerMode)} optionType="button" style={{ marginBottom: 16 }} data-testid="convert-mode"
          options={[{ value: 'new', label: t('leads.convert.newCustomer') }, { value: 'existing', label: t('leads.convert.existingCustomer') }]} />
        {mode === 'existing' ? (
          <Form.Item label={t('leads.convert.pickCustomer')} required>
            <RecordSelect apiPath="/customers" value={customerId} onChange={setCustomerId} data-testid="convert-customer-select"
              initialLabel={found.find((d) => d.id === customerId)?.title ?? null} />
          </Form.Item>
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('leads.convert.prefilledHint')}</Typography.Paragraph>
            <ConvertFields side="customer" fields={customerFields} prefilled={preview.customer} showAll={showAll} />
          </>
        )}
        <Divider titlePlacement="start">
          <Flex gap={8} align="center">
            {t('leads.convert.contact')}
            <Switch size="small" checked={createContact} onChange={setCreateContact} aria-label={t('leads.convert.createContact')} data-testid="convert-contact-switch" />
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{t('leads.convert.createContact')}</Typography.Text>
          </Flex>
        </Divider>
        {createContact && <ConvertFields side="contact" fields={contactFields} prefilled={preview.contact ?? {}} showAll={showAll} />}
        <ConversionOpportunityFields value={opportunity} onChange={setOpportunity} />
        <Button type="link" style={{ padding: 0 }} onClick={() => setShowAll(!showAll)} data-testid="convert-more">{showAll ? t('leads.convert.fewerFields') : t('leads.convert.moreFields')}</Button>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: 8 }}>{t('leads.convert.history')}</Typography.Paragraph>
        <Row justify="end" gutter={8}>
          <Col><Button onClick={onClose}>{t('common.cancel')}</Button></Col>
          <Col><Button type="primary" htmlType="submit" loading={submitting} data-testid="convert-submit">{t('leads.convert.submit')}</Button></Col>
        </Row>
      </Form>
    </>
  );
}

/** Field errors of `customer.values.phone` / `contact.values.name` go next to the field; the rest as one message. */
function placeErrors(form: ReturnType<typeof Form.useForm>[0], err: unknown): string | null {
  if (!(err instanceof ApiError) || Object.keys(err.fieldErrors).length === 0) return errorMessage(err);
  const rest: string[] = [];
  const placed: { name: (string | number)[]; errors: string[] }[] = [];
  for (const [path, msg] of Object.entries(err.fieldErrors)) {
    const m = /^(customer|contact)\.(?:values\.)?(.+)$/.exec(path);
    if (m && m[2] !== 'customerId' && m[2] !== 'mode') placed.push({ name: [m[1]!, ...m[2]!.split('.')], errors: [msg] });
    else rest.push(`${path}: ${msg}`);
  }
  form.setFields(placed);
  return rest.length ? rest.join('; ') : null;
}
