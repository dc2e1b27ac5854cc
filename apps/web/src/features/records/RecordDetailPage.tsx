import { useState, type ReactNode } from 'react';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Result, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined, ShareAltOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Loading } from '../../components/Loading.tsx';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/errors.ts';
import { recordKeys, useFieldMeta, useFormatContext, useRecord } from './api.ts';
import { renderField } from './FieldValue.tsx';
import { FilesTab } from './FilesTab.tsx';
import { fieldLabel, type FormatContext } from './format.ts';
import { RecordFormDrawer } from './RecordForm.tsx';
import { useRecordPermissions } from './permissions.ts';
import { ShareModal, TransferModal } from './RecordActions.tsx';
import { Timeline } from './Timeline.tsx';
import type { FieldMeta, RecordLike, RecordTypeConfig } from './types.ts';

export interface ExtraTab {
  key: string;
  label: ReactNode;
  children: (record: RecordLike) => ReactNode;
}

/**
 * The detail page every module uses: header with actions, key fields, then tabs — details, the
 * timeline (history now, follow-ups later), files, and any related lists the module adds.
 */
export function RecordDetailPage({ config, extraTabs = [] }: { config: RecordTypeConfig<any>; extraTabs?: ExtraTab[] }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const record = useRecord(config, id);
  const fields = useFieldMeta(config);
  const ctx = useFormatContext();
  const can = useRecordPermissions(config.recordType);
  const [dialog, setDialog] = useState<'edit' | 'transfer' | 'share' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: recordKeys.all(config.recordType) });

  if (record.isPending || fields.isPending) return <Loading />;
  if (record.isError || !record.data) {
    return (
      <Result status="404" title={t('records.detail.notFound')}
        extra={<Link to={config.routePath}><Button>{t('records.detail.back')}</Button></Link>} />
    );
  }
  const r = record.data;
  const meta = fields.data ?? [];
  const byKey = new Map(meta.map((f) => [f.key, f]));
  const remove = async () => {
    try {
      await api.delete(`${config.apiPath}/${r.id}`);
      message.success(t('records.detail.deleted'));
      await refresh();
      navigate(config.routePath);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const ownerField = byKey.get('ownerId');
  const keyFields = config.keyFields.map((k) => byKey.get(k)).filter((f): f is FieldMeta => Boolean(f));
  return (
    <>
      <Link to={config.routePath} style={{ display: 'inline-flex', gap: 6, marginBottom: 8 }}><ArrowLeftOutlined />{config.title()}</Link>
      <Card style={{ marginBottom: 16 }} data-testid="record-header">
        <Flex justify="space-between" align="flex-start" wrap gap={12}>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex gap={8} align="center" wrap>
              <Typography.Title level={3} style={{ margin: 0 }} className="ll-break" data-testid="record-title">{config.titleOf(r)}</Typography.Title>
              {config.statusTags?.(r)}
            </Flex>
            <Typography.Text type="secondary">
              {typeof r.number === 'string' && <span>{t('records.detail.number')} {r.number}</span>}
              {ownerField && <span style={{ marginInlineStart: 12 }}>{t('records.detail.owner')}: {renderField(config, ownerField, r, ctx)}</span>}
            </Typography.Text>
          </Flex>
          <Space wrap>
            {can('edit') && (config.editable?.(r) ?? true) && <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="record-edit">{t('common.edit')}</Button>}
            {can('transfer') && <Button icon={<SwapOutlined />} onClick={() => setDialog('transfer')}>{t('records.detail.transfer')}</Button>}
            <Button icon={<ShareAltOutlined />} onClick={() => setDialog('share')}>{t('records.detail.share')}</Button>
            {config.detailExtras?.map((extra, i) => <span key={i}>{extra(r, { refresh: () => { void refresh(); }, can: (a) => can(a as never) })}</span>)}
            {can('delete') && (
              <Popconfirm title={t('records.detail.deleteConfirm', { name: config.titleOf(r) })} onConfirm={remove}>
                <Button danger icon={<DeleteOutlined />}>{t('common.delete')}</Button>
              </Popconfirm>
            )}
          </Space>
        </Flex>
        <FieldGrid config={config} fields={keyFields} record={r} ctx={ctx} locale={locale} style={{ marginTop: 16 }} />
        {config.detailSummary?.map((block, i) => <div key={i} style={{ marginTop: 12 }}>{block(r)}</div>)}
      </Card>
      <Card>
        <Tabs defaultActiveKey="details" items={[
          { key: 'details', label: t('records.detail.details'), children: <FieldGrid config={config} fields={meta} record={r} ctx={ctx} locale={locale} bordered /> },
          { key: 'timeline', label: t('records.detail.timeline'), children: <Timeline config={config} id={r.id} fields={meta} ctx={ctx} /> },
          { key: 'files', label: t('records.detail.files'), children: <FilesTab recordType={config.recordType} recordId={r.id} /> },
          ...extraTabs.map((x) => ({ key: x.key, label: x.label, children: x.children(r) })),
          ...(config.detailTabs ?? []).map((tab) => tab(r)).filter((x): x is NonNullable<typeof x> => x !== null),
        ]} />
      </Card>
      <RecordFormDrawer config={config} open={dialog === 'edit'} record={r} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); void refresh(); }} />
      <TransferModal config={config} record={dialog === 'transfer' ? r : null} onClose={() => setDialog(null)} onDone={() => { setDialog(null); void refresh(); }} />
      <ShareModal config={config} record={dialog === 'share' ? r : null} onClose={() => setDialog(null)} />
    </>
  );
}

function FieldGrid({ config, fields, record, ctx, locale, bordered, style }: {
  config: RecordTypeConfig<any>; fields: FieldMeta[]; record: RecordLike; ctx: FormatContext; locale: 'zh-CN' | 'en'; bordered?: boolean; style?: React.CSSProperties;
}) {
  return (
    <Descriptions size="small" bordered={bordered} style={style} column={{ xs: 1, sm: 2, lg: 3 }}
      items={fields.map((f) => ({ key: f.key, label: fieldLabel(f, locale), children: <span className="ll-break">{renderField(config, f, record, ctx)}</span> }))} />
  );
}
