import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, Switch, Typography } from 'antd';
import { CopyOutlined, ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { embedCode, formUrl, webFormKeys, type WebForm } from './api.ts';
import { useCopy } from './useCopy.ts';

/** Publish switch, numbers, the link and the embed code, each one click to copy. */
export function SharePanel({ form }: { form: WebForm }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const copy = useCopy();
  const origin = window.location.origin;
  const url = formUrl(form, origin);
  const code = embedCode(form, origin);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.patch<WebForm>(`/web-forms/${form.id}`, { enabled }),
    onSuccess: (f) => {
      message.success(t(f.enabled ? 'webForms.publishedOk' : 'webForms.unpublishedOk'));
      return queryClient.invalidateQueries({ queryKey: webFormKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  return (
    <Card size="small" title={t('webForms.share')}
      extra={<Switch checked={form.enabled} loading={toggle.isPending} onChange={(v) => toggle.mutate(v)} data-testid="web-form-publish"
        checkedChildren={t('webForms.published')} unCheckedChildren={t('webForms.draft')} aria-label={t('webForms.publish')} />}>
      <Flex vertical gap={12}>
        {!form.enabled && <Alert type="warning" showIcon title={t('webForms.shareDraft')} />}
        <Flex gap={16} wrap>
          <Typography.Text>{t('webForms.submissions')}: <Typography.Text strong>{formatNumber(form.submissionCount)}</Typography.Text></Typography.Text>
          <Typography.Text type="secondary">{t('webForms.lastSubmission')}: {form.lastSubmissionAt ? formatDateTime(form.lastSubmissionAt) : t('webForms.never')}</Typography.Text>
        </Flex>
        <div>
          <Typography.Text strong>{t('webForms.link')}</Typography.Text>
          <Flex gap={8} align="center" style={{ marginTop: 4 }}>
            <Input readOnly value={url} onFocus={(e) => e.target.select()} aria-label={t('webForms.link')} data-testid="web-form-url" />
            <Button icon={<CopyOutlined />} onClick={() => copy(url)} aria-label={t('webForms.copyLink')} />
            <Button icon={<ExportOutlined />} href={url} target="_blank" rel="noopener noreferrer" aria-label={t('webForms.open')} />
          </Flex>
        </div>
        <div>
          <Flex justify="space-between" align="center">
            <Typography.Text strong>{t('webForms.embed')}</Typography.Text>
            <Button size="small" icon={<CopyOutlined />} onClick={() => copy(code)}>{t('webForms.copyEmbed')}</Button>
          </Flex>
          <Input.TextArea readOnly value={code} autoSize={{ minRows: 3, maxRows: 6 }} onFocus={(e) => e.target.select()} style={{ marginTop: 4, fontFamily: 'monospace', fontSize: 12 }}
            aria-label={t('webForms.embed')} data-testid="web-form-embed" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('webForms.embedHint')}</Typography.Text>
        </div>
      </Flex>
    </Card>
  );
}

/**
 * The real public page in an iframe (its preview mode never submits). The page reports its height
 * by postMessage, as it does to host sites, so the frame fits it without a scroll bar.
 */
export function FormPreview({ form, version }: { form: WebForm; version: number }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(560);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { type?: string; height?: unknown } | null;
      if (e.source !== frame.current?.contentWindow || d?.type !== 'loopline-form:height' || typeof d.height !== 'number') return;
      setHeight(Math.min(Math.max(Math.ceil(d.height), 200), 4000));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  if (!form.previewPath) return null;
  const src = `${form.previewPath}&embed=1&v=${version}-${reload}`;
  return (
    <Card size="small" title={t('webForms.preview')} styles={{ body: { padding: 8 } }}
      extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)}>{t('webForms.refresh')}</Button>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '0 0 8px' }}>{t('webForms.previewHint')}</Typography.Paragraph>
      <iframe ref={frame} key={src} src={src} title={t('webForms.preview')} sandbox="allow-scripts allow-forms" data-testid="web-form-preview"
        style={{ width: '100%', height, border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, background: '#fff' }} />
    </Card>
  );
}
