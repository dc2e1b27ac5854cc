import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Button, Card, Flex, Form, Input, Radio, Select, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/status.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { api } from '../../lib/api.ts';
import { FormError, useServerForm } from '../../lib/forms.tsx';
import { useFormCatalog, useWebForm, webFormKeys, type CatalogField, type FieldOption, type WebForm } from './api.ts';
import { FieldPicker } from './FieldPicker.tsx';
import { FormPreview, SharePanel } from './SharePanel.tsx';

type Values = Pick<WebForm, 'name' | 'slug' | 'language' | 'title' | 'description' | 'submitLabel' | 'fields' | 'afterSubmit' | 'thankYouMessage' | 'redirectUrl' | 'leadSource' | 'leadTags' | 'duplicatePolicy'>;

const NULLABLE = ['description', 'submitLabel', 'thankYouMessage', 'redirectUrl'] as const;

/** Blank optional texts are sent as null: the server keeps "no value" distinct from "". */
function toBody(v: Values): Values {
  const out = { ...v };
  for (const k of NULLABLE) {
    const s = out[k]?.trim();
    out[k] = s ? s : null;
  }
  return out;
}

/** Editing one form: settings and fields on the left, publish/share and the live preview beside (below on phones). */
export default function WebFormEditorPage() {
  const { id = '' } = useParams();
  const form = useWebForm(id);
  const catalog = useFormCatalog();
  if (form.isPending || catalog.isPending) return <Loading />;
  if (form.isError || !form.data) return <NotFound />;
  return <Editor key={form.data.id} form={form.data} catalog={catalog.data?.items ?? []} sources={catalog.data?.sources ?? []} />;
}

function Editor({ form: saved, catalog, sources }: { form: WebForm; catalog: CatalogField[]; sources: FieldOption[] }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dirty, setDirty] = useState(false);
  const [previewVersion, setPreviewVersion] = useState(0);
  const { form, onFinish, submitting, error } = useServerForm<Values, WebForm>((v) => api.patch(`/web-forms/${saved.id}`, toBody(v)), {
    onSuccess: async () => {
      message.success(t('webForms.saved'));
      setDirty(false);
      await queryClient.invalidateQueries({ queryKey: webFormKeys.all });
      setPreviewVersion((n) => n + 1);
    },
  });
  const afterSubmit = Form.useWatch('afterSubmit', form) ?? saved.afterSubmit;
  const lang = i18n.language;
  const sourceOptions = sources.map((s) => ({ value: s.value, label: lang.startsWith('en') && s.labelEn ? s.labelEn : s.label }));

  return (
    <>
      <PageHeader
        title={<Space wrap>{saved.name}{dirty && <Tag color="orange">{t('webForms.unsaved')}</Tag>}</Space>}
        extra={<Link to="/settings/web-forms"><Button icon={<ArrowLeftOutlined />}>{t('webForms.back')}</Button></Link>}
      />
      <Flex gap={16} wrap align="flex-start">
        <div style={{ flex: '1 1 520px', minWidth: 0, maxWidth: 760 }}>
          <FormError error={error} />
          <Form<Values> form={form} name="webFormEditor" layout="vertical" initialValues={saved} onFinish={onFinish} onValuesChange={() => setDirty(true)}
            scrollToFirstError>
            <Card title={t('webForms.basics')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="name" label={t('webForms.name')} rules={[{ required: true, whitespace: true, message: t('webForms.name') }, { max: 60 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="slug" label={t('webForms.slug')} extra={t('webForms.slugHint')}
                rules={[{ required: true, message: t('webForms.slug') }, { pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, message: t('webForms.slugHint') }, { max: 60 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="language" label={t('webForms.language')}>
                <Radio.Group optionType="button" options={(['zh-CN', 'en'] as const).map((l) => ({ value: l, label: t(`webForms.lang.${l}`) }))} />
              </Form.Item>
              <Form.Item name="title" label={t('webForms.formTitle')} rules={[{ required: true, whitespace: true, message: t('webForms.formTitle') }, { max: 100 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="description" label={t('webForms.description')} rules={[{ max: 1000 }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
              <Form.Item name="submitLabel" label={t('webForms.submitLabel')} rules={[{ max: 30 }]}>
                <Input placeholder={t('webForms.submitLabelPlaceholder')} />
              </Form.Item>
            </Card>
            <Card title={t('webForms.fields')} size="small" style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary">{t('webForms.fieldsHint')}</Typography.Paragraph>
              <Form.Item name="fields" noStyle={false} style={{ marginBottom: 0 }}>
                <FieldPicker catalog={catalog} />
              </Form.Item>
            </Card>
            <Card title={t('webForms.afterSubmit')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="afterSubmit">
                <Radio.Group options={[{ value: 'message', label: t('webForms.showMessage') }, { value: 'redirect', label: t('webForms.redirect') }]} />
              </Form.Item>
              {afterSubmit === 'redirect' ? (
                <Form.Item name="redirectUrl" label={t('webForms.redirectUrl')} extra={t('webForms.redirectHint')}
                  rules={[{ required: true, message: t('webForms.redirectHint') }, { pattern: /^https?:\/\/\S+$/i, message: t('webForms.redirectHint') }, { max: 2000 }]}>
                  <Input inputMode="url" placeholder="https://" />
                </Form.Item>
              ) : (
                <Form.Item name="thankYouMessage" label={t('webForms.thankYouMessage')} rules={[{ max: 500 }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('webForms.thankYouPlaceholder')} />
                </Form.Item>
              )}
            </Card>
            <Card title={t('webForms.leads')} size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="leadSource" label={t('webForms.leadSource')}>
                <Select options={sourceOptions} showSearch optionFilterProp="label" />
              </Form.Item>
              <Form.Item name="leadTags" label={t('webForms.leadTags')} extra={t('webForms.leadTagsHint')}>
                <Select mode="tags" open={false} maxCount={10} />
              </Form.Item>
              <Form.Item name="duplicatePolicy" label={t('webForms.duplicatePolicy')} extra={t('webForms.policyHint')}>
                <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
                  options={[{ value: 'create', label: t('webForms.policyCreate') }, { value: 'skip', label: t('webForms.policySkip') }]} />
              </Form.Item>
            </Card>
            <Flex gap={8} style={{ position: 'sticky', bottom: 0, padding: '8px 0', background: 'var(--ant-color-bg-layout, #f5f5f5)', zIndex: 1 }}>
              <Button type="primary" htmlType="submit" loading={submitting}>{t('common.save')}</Button>
            </Flex>
          </Form>
        </div>
        <Flex vertical gap={16} style={{ flex: '1 1 340px', minWidth: 0, maxWidth: 520 }}>
          <SharePanel form={saved} />
          <FormPreview form={saved} version={previewVersion} />
        </Flex>
      </Flex>
    </>
  );
}
